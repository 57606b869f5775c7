/**
 * One blocking libvirt stream used for a bulk transfer (volume upload/download). Each send/receive is one
 * executor call on the slow lane, so a worker is held only while libvirt moves one chunk. Aborting calls
 * `virStreamAbort` on the quick lane — it runs even when every slow worker is busy and unblocks a pending
 * send/receive at once —, waits for the in-flight call to return, then frees the stream: the stream is never
 * freed while another thread is inside it.
 */
import type { Handle } from '../../native/handles.js';
import { call, callWith } from '../../native/libvirt.js';

export class TransferStream {
  readonly #stream: Handle;
  readonly #removeCloseHook: () => void;
  #inFlight: Promise<unknown> | null = null;
  #released: Promise<void> | null = null;
  #aborted = false;

  private constructor(stream: Handle, connection: Handle) {
    this.#stream = stream;
    // Closing the connection frees its children; the transfer must stop (and its call return) before that.
    this.#removeCloseHook = connection.beforeClose(() => this.abort());
  }

  /** Opens a blocking stream on `connection` and lets `attach` bind it (virStorageVolUpload/Download). */
  static async open(
    connection: Handle,
    attach: (stream: Handle) => Promise<unknown>,
  ): Promise<TransferStream> {
    const stream = await call('virStreamNew', connection, 0);
    const transfer = new TransferStream(stream, connection);
    try {
      await transfer.run(() => attach(stream));
    } catch (err) {
      await transfer.abort();
      throw err;
    }
    return transfer;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Runs one call that uses the stream, tracked so abort/free wait for it. */
  run<T>(op: (stream: Handle) => Promise<T>): Promise<T> {
    const pending = op(this.#stream);
    this.#inFlight = pending;
    return pending.finally(() => {
      if (this.#inFlight === pending) this.#inFlight = null;
    });
  }

  /** `virStreamFinish` (all data processed: libvirt's synchronisation point for late errors), then free. */
  async finish(): Promise<void> {
    try {
      await this.run((s) => call('virStreamFinish', s));
    } catch (err) {
      await this.abort();
      throw err;
    }
    await this.#release();
  }

  /** Aborts the transfer and frees the stream. Idempotent; never rejects. */
  async abort(): Promise<void> {
    if (!this.#aborted && !this.#released) {
      this.#aborted = true;
      await callWith({ lane: 'quick' }, 'virStreamAbort', this.#stream).catch(() => {});
    }
    await this.#release();
  }

  #release(): Promise<void> {
    this.#released ??= (async () => {
      this.#removeCloseHook();
      await this.#inFlight?.catch(() => {});
      await this.#stream.free().catch(() => {});
    })();
    return this.#released;
  }
}
