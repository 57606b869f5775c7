import { afterAll, beforeAll, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import type { Handle } from '../../native/handles.js';
import { loop, setKeepAlive } from '../../native/loop/index.js';
import { describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { type Relay, startRelay } from '../helpers/tcp-relay.js';

// virConnectCloseReason. libvirt 9.0 reports a peer hang-up seen by the event loop as ERROR (0), not EOF (1).
const CLOSE_ERROR = 0;
const CLOSE_EOF = 1;
const CLOSE_KEEPALIVE = 2;

async function openThrough(relay: Relay): Promise<Handle> {
  return (await executor.call('virConnectOpen', [`qemu+tcp://127.0.0.1:${relay.port}/system`])) as Handle;
}

function nextClose(connection: Handle): Promise<number> {
  return new Promise((resolve, reject) => {
    loop.subscribe('connection-close', { connection }, (e) => resolve(e.reason)).catch(reject);
  });
}

describeDaemon('event loop on a real libvirtd', () => {
  let relay: Relay;
  beforeAll(async () => {
    requireDaemon();
    relay = await startRelay();
  });
  afterAll(() => relay?.close());

  it('reports the close callback when the daemon connection drops', async () => {
    const conn = await openThrough(relay);
    const reason = nextClose(conn);
    await loop.start();
    // Let the subscription land before cutting.
    await executor.call('virConnectIsAlive', [conn]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    relay.cut();
    expect([CLOSE_ERROR, CLOSE_EOF]).toContain(await reason);
    await conn.free();
  });

  it('detects a hung daemon with keepalive (interval 1 s, count 2) and reports KEEPALIVE', async () => {
    const conn = await openThrough(relay);
    const reason = nextClose(conn);
    await setKeepAlive(conn, 1, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    relay.freeze();
    expect(await reason).toBe(CLOSE_KEEPALIVE);
    await conn.free();
  });
});
