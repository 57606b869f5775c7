// dom.console() and dom.openGraphics() on a real TCG guest: SeaBIOS's boot text arrives through the non-blocking
// console stream driven by the loop thread, and the VNC server answers through the socket libvirt hands over.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { loop } from '../../native/loop/index.js';
import { openConsole } from '../../src/domain/console.js';
import { openGraphicsSocket } from '../../src/domain/graphics-socket.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { type StreamGuest, startStreamGuest } from '../helpers/stream-guest.js';

/** Collects what a readable yields until `pattern` matches the text so far. */
function readUntil(readable: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (pattern.test(text)) {
        readable.off('data', onData);
        resolve(text);
      }
    };
    readable.on('data', onData);
    readable.once('error', reject);
  });
}

describeDaemon('console and graphics streams on a real guest', () => {
  let conn: Handle;
  let guest: StreamGuest;

  beforeAll(async () => {
    requireDaemon();
    conn = await call('virConnectOpen', DAEMON_URI);
    guest = await startStreamGuest(conn, `lvts-h14-console-${process.pid}`, DAEMON_URI);
  });

  afterAll(async () => {
    await guest?.remove();
    await conn?.free();
  });

  it('reads SeaBIOS boot text through dom.console()', async () => {
    const console = await openConsole(guest.domain);
    const seen = readUntil(console, /SeaBIOS \(version [^)]+\)/);
    await call('virDomainResume', guest.domain);
    expect(virsh('domstate', guest.name).trim()).toBe('running');
    expect(await seen).toMatch(/SeaBIOS \(version/);
    console.destroy();
    await new Promise((resolve) => console.once('close', resolve));
    expect(await loop.streamCommand({ op: 'stream-count', id: loop.allocateId() })).toBe(0);
    // The connection stays usable after the console is gone.
    expect(await call('virConnectIsAlive', conn)).toBe(1);
  });

  it('hands over a connected VNC socket through dom.openGraphics()', async () => {
    const socket = await openGraphicsSocket(guest.domain);
    const banner = await readUntil(socket, /\n/);
    expect(banner).toMatch(/^RFB 003\.00\d\n$/);
    socket.destroy();
  });
});
