// examples/web-console/bridge.ts without libvirt: a real ws server and client on loopback, the guest side played
// by a Duplex the test controls. Bytes both ways in order, backpressure each way, and each side's closing.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type Bridge, type BridgeOptions, bridge } from '../../examples/web-console/bridge.js';

const WAIT = { timeout: 30_000, interval: 10 };

/** The guest side: records what it is written; `hold` keeps write callbacks until `release()`. */
class Guest extends Duplex {
  written: Buffer[] = [];
  hold = false;
  #held: (() => void)[] = [];
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.written.push(chunk);
    if (this.hold) this.#held.push(() => callback());
    else callback();
  }
  release(): void {
    this.hold = false;
    for (const callback of this.#held.splice(0)) callback();
  }
}

let server: WebSocketServer | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose one connection is bridged to `stream`; resolves with the client and the server's socket. */
async function connect(
  stream: Duplex,
  options: BridgeOptions = {},
): Promise<{ client: WebSocket; serverWs: WebSocket; b: Bridge }> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const bridged = new Promise<{ serverWs: WebSocket; b: Bridge }>((resolve) =>
    server!.once('connection', (serverWs) => resolve({ serverWs, b: bridge(serverWs, stream, options) })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  clients.push(client);
  await once(client, 'open');
  return { client, ...(await bridged) };
}

const closeOf = (ws: WebSocket) =>
  once(ws, 'close').then(([code, reason]) => ({ code: code as number, reason: String(reason) }));

// Real sockets and 32 MiB through them: more than the unit tier's 5 s on a loaded machine.
describe('the web console bridge', { timeout: 120_000 }, () => {
  it('carries bytes both ways as binary messages', async () => {
    const guest = new Guest();
    const { client } = await connect(guest);
    const received = once(client, 'message');
    guest.push(Buffer.from('SeaBIOS\r\n'));
    const [data, isBinary] = await received;
    expect(isBinary).toBe(true);
    expect(String(data)).toBe('SeaBIOS\r\n');
    client.send(Buffer.from([0x1b, 0x5b, 0x41]));
    client.send('text too');
    await vi.waitFor(() => expect(guest.written).toHaveLength(2), WAIT);
    expect(guest.written[0]).toEqual(Buffer.from([0x1b, 0x5b, 0x41]));
    expect(String(guest.written[1])).toBe('text too');
  });

  it('pauses the guest side while the browser does not read, and delivers everything in order after', async () => {
    // The guest writes as fast as it is read; the browser stops reading, so its TCP window fills.
    let produced = 0;
    let chunkNo = 0;
    const total = 32 * 1024 * 1024;
    const producer = new Duplex({
      read() {
        if (produced >= total) return void this.push(null);
        const chunk = Buffer.alloc(64 * 1024, chunkNo++ & 0xff);
        produced += chunk.length;
        this.push(chunk);
      },
      write(_chunk, _encoding, callback) {
        callback();
      },
    });
    const expected = createHash('sha256');
    for (let i = 0; i < total / (64 * 1024); i++) expected.update(Buffer.alloc(64 * 1024, i & 0xff));

    const { client } = await connect(producer, { highWaterMark: 256 * 1024 });
    const hash = createHash('sha256');
    let received = 0;
    client.on('message', (data: Buffer) => {
      hash.update(data);
      received += data.length;
    });
    client.pause();
    await vi.waitFor(() => expect(producer.isPaused()).toBe(true), WAIT);
    // Paused: the guest side stopped well short of the end (the kernel's socket buffers hold a few MiB).
    const atPause = produced;
    expect(atPause).toBeLessThan(total);
    client.resume();
    await vi.waitFor(() => expect(received).toBe(total), { ...WAIT, timeout: 100_000 });
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
  });

  it('pauses the WebSocket while the guest does not take its writes, and resumes on drain', async () => {
    const guest = new Guest();
    guest.hold = true;
    const { client, serverWs } = await connect(guest);
    const chunk = Buffer.alloc(32 * 1024, 7);
    // More than the guest side's 16 KiB write buffer: the bridge must stop reading the WebSocket.
    for (let i = 0; i < 8; i++) client.send(chunk);
    await vi.waitFor(() => expect(serverWs.isPaused).toBe(true), WAIT);
    guest.release();
    await vi.waitFor(() => expect(Buffer.concat(guest.written).length).toBe(8 * chunk.length), WAIT);
    expect(serverWs.isPaused).toBe(false);
  });

  it('a closed tab destroys the stream, and `closed` resolves once both sides are closed', async () => {
    const guest = new Guest();
    const { client, b } = await connect(guest);
    client.close();
    await b.closed;
    expect(guest.destroyed).toBe(true);
    expect(guest.closed).toBe(true);
  });

  it('a stream that ends closes the WebSocket with 1000, one that fails with 1011 and its message', async () => {
    const ended = new Guest();
    const first = await connect(ended);
    ended.push(null);
    expect(await closeOf(first.client)).toEqual({ code: 1000, reason: 'the guest closed the stream' });
    await first.b.closed;
    await new Promise((resolve) => server!.close(resolve));

    const failed = new Guest();
    const second = await connect(failed);
    failed.destroy(new Error('Active console session exists for this domain'));
    expect(await closeOf(second.client)).toEqual({
      code: 1011,
      reason: 'Active console session exists for this domain',
    });
    await second.b.closed;
  });

  it('close() closes both sides with 1001', async () => {
    const guest = new Guest();
    const { client, b } = await connect(guest);
    const closed = closeOf(client);
    b.close('the server is shutting down');
    expect(await closed).toEqual({ code: 1001, reason: 'the server is shutting down' });
    await b.closed;
    expect(guest.destroyed).toBe(true);
  });
});
