/**
 * Main-thread side of a non-blocking libvirt stream: a `Duplex` whose I/O runs on the loop thread (host.ts).
 *
 * Backpressure: when `push()` reports a full buffer the loop thread stops watching READABLE until `_read()`
 * asks again; one write is in flight at a time and its callback runs when libvirt took every byte. Destroying
 * the Duplex (or closing its connection) removes the callback, aborts and frees the stream; while open it
 * keeps the process alive, like a socket.
 */
import { Duplex } from 'node:stream';
import { LibvirtError } from '../../errors.js';
import { executor } from '../../executor/index.js';
import { type Handle, pointerOf } from '../../handles.js';
import { loop } from '../index.js';
import type { StreamMessage } from './protocol.js';

export class LoopStreamDuplex extends Duplex {
  readonly #stream: Handle;
  readonly #id: number;
  readonly #removeCloseHook: () => void;
  #paused = false;
  #seq = 0;
  readonly #writes = new Map<number, (err?: Error | null) => void>();

  private constructor(stream: Handle, id: number) {
    // Half-open makes no sense for a console: once the guest side ends, writing ends too.
    super({ allowHalfOpen: false, highWaterMark: 64 * 1024 });
    this.#stream = stream;
    this.#id = id;
    const connection = stream.connection;
    if (!connection) throw new TypeError('a stream handle must belong to a connection');
    // The stream must leave the loop thread before the connection's close frees it.
    this.#removeCloseHook = connection.beforeClose(async () => {
      this.destroy();
      await new Promise<void>((resolve) => {
        if (this.closed) resolve();
        else this.once('close', () => resolve());
      });
    });
  }

  /**
   * Hands an attached non-blocking stream (`virStreamNew(conn, VIR_STREAM_NONBLOCK)` + e.g.
   * `virDomainOpenConsole`) to the loop thread. On failure the stream is aborted and freed.
   */
  static async open(stream: Handle): Promise<LoopStreamDuplex> {
    const id = loop.allocateId();
    try {
      await loop.streamCommand({
        op: 'stream-watch',
        id,
        stream: pointerOf(stream, 'virStreamEventAddCallback'),
      });
    } catch (err) {
      await stream.free().catch(() => {});
      throw err;
    }
    const duplex = new LoopStreamDuplex(stream, id);
    loop.streamListeners.set(id, (message) => duplex.#onMessage(message));
    loop.hold(id, true);
    return duplex;
  }

  #onMessage(message: StreamMessage): void {
    switch (message.kind) {
      case 'data':
        if (!this.push(message.data) && !this.#paused) this.#flow(true);
        return;
      case 'eof':
        this.push(null);
        return;
      case 'written':
        this.#writes.get(message.seq)?.();
        this.#writes.delete(message.seq);
        return;
      case 'error':
        this.destroy(new LibvirtError(message.error, message.fn));
        return;
    }
  }

  #flow(paused: boolean): void {
    this.#paused = paused;
    loop.streamCommand({ op: 'stream-flow', id: this.#id, paused }).catch((err) => this.destroy(err));
  }

  override _read(): void {
    if (this.#paused) this.#flow(false);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    const seq = this.#seq++;
    this.#writes.set(seq, callback);
    // Copied: the caller may reuse its buffer once the callback ran, and the original may be pooled.
    const data = new Uint8Array(chunk);
    loop.streamCommand({ op: 'stream-write', id: this.#id, seq, data }).catch((err: Error) => {
      this.#writes.delete(seq);
      callback(err);
    });
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    loop.streamListeners.delete(this.#id);
    const pending = [...this.#writes.values()];
    this.#writes.clear();
    const closed = err ?? new Error('stream destroyed');
    for (const write of pending) write(closed);
    loop
      .streamCommand({ op: 'stream-unwatch', id: this.#id })
      .catch(() => {})
      // On the executor's slow lane: a remote abort waits for the peer (up to keepalive on a frozen one).
      .then(() => executor.call('virStreamAbort', [this.#stream]))
      .catch(() => {})
      .then(() => this.#stream.free())
      .catch(() => {})
      .finally(() => {
        this.#removeCloseHook();
        loop.hold(this.#id, false);
        callback(err);
      });
  }
}
