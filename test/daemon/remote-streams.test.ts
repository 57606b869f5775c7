// The object API over libvirt's remote transport (qemu+tcp://, through a TCP relay this test can freeze): lookups
// agree with virsh, a console and a volume transfer work over TCP, and when the peer freezes keepalive closes
// the connection, the open console ends, and the rest of the SDK stays usable.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type CloseReason, Hypervisor, type StoragePool } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { type StreamGuest, startStreamGuest } from '../helpers/stream-guest.js';
import { type Relay, startRelay } from '../helpers/tcp-relay.js';

const MiB = 1024 * 1024;
const POOL = `lvts-h14-remote-${process.pid}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;

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

describeDaemon('object API and streams over qemu+tcp://', () => {
  let relay: Relay;
  let local: Handle;
  let guest: StreamGuest;
  let hv: Hypervisor;
  let pool: StoragePool | undefined;

  beforeAll(async () => {
    requireDaemon();
    relay = await startRelay();
    local = await call('virConnectOpen', DAEMON_URI);
    guest = await startStreamGuest(local, `lvts-h14-remote-${process.pid}`, DAEMON_URI);
    hv = await Hypervisor.connect(`qemu+tcp://127.0.0.1:${relay.port}/system`, {
      keepAlive: { intervalSeconds: 1, count: 2 },
    });
  });

  afterAll(async () => {
    await hv?.close().catch(() => {});
    relay?.close();
    await guest?.remove();
    await local?.free();
    try {
      execFileSync('virsh', ['-c', DAEMON_URI, 'pool-destroy', POOL], { stdio: 'pipe' });
    } catch {
      // Removed through the SDK already.
    }
    rmSync(DIR, { recursive: true, force: true });
  });

  it('looks objects up as virsh sees them', async () => {
    expect(await hv.hostname()).toBe(virsh('hostname').trim());
    const names = (await hv.domains.list()).map((d) => d.name);
    expect(names).toContain(guest.name);
    const dom = await hv.domains.get(guest.name);
    expect(dom.uuid).toBe(virsh('domuuid', guest.name).trim());
  });

  it('uploads and downloads a volume over TCP byte-identical', async () => {
    mkdirSync(DIR, { recursive: true });
    pool = await hv.pools.create(
      `<pool type='dir'><name>${POOL}</name><target><path>${DIR}</path></target></pool>`,
    );
    const vol = await pool.volumes.create(
      `<volume><name>remote.raw</name><capacity unit='bytes'>${8 * MiB}</capacity><target><format type='raw'/></target></volume>`,
    );
    const data = randomBytes(8 * MiB);
    await vol.upload(data);
    const digest = createHash('sha256').update(data).digest('hex');
    expect(execFileSync('sha256sum', [`${DIR}/remote.raw`], { encoding: 'utf8' }).split(' ')[0]).toBe(digest);
    const hash = createHash('sha256');
    for await (const chunk of vol.download()) hash.update(chunk);
    expect(hash.digest('hex')).toBe(digest);
    await vol.delete();
    await pool.stop();
  });

  it('reads the console over TCP; a frozen peer closes the connection by keepalive and ends the console', async () => {
    const dom = await hv.domains.get(guest.name);
    const console = await dom.console();
    const seen = readUntil(console, /SeaBIOS \(version/);
    await call('virDomainResume', guest.domain);
    await seen;

    const closed = new Promise<CloseReason>((resolve) => hv.once('close', (e) => resolve(e.reason)));
    const consoleEnded = new Promise<void>((resolve) => console.once('close', () => resolve()));
    console.on('error', () => {});
    relay.freeze();
    expect(await closed).toBe('keepalive');
    // libvirt gives a remote stream no event of its own here; the Hypervisor's close ends the console.
    await consoleEnded;
    // The SDK goes on: other connections work, and the guest is untouched.
    expect(await call('virConnectIsAlive', local)).toBe(1);
    expect(virsh('domstate', guest.name).trim()).toBe('running');
  });
});
