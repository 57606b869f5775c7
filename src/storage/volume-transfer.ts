/**
 * Storage volume upload and download as Node streams (`virStorageVolUpload` / `virStorageVolDownload`).
 *
 * Bulk data goes through a blocking libvirt stream, one chunk per executor call on the slow lane (see
 * TransferStream): measured faster than relaying chunks through the event-loop thread, and a worker is held
 * only while libvirt moves one chunk. Sparse mode (`sparse: true`) uses libvirt's sparse streams: on upload,
 * chunks that are all zero are sent as holes (`virStreamSendHole`), so the volume stays sparse; on download,
 * holes cross the wire as a length only (`virStreamRecvHole`) and are emitted as zero bytes, so the Readable's
 * bytes always equal the volume's.
 */
import { Readable } from 'node:stream';
import {
  virStorageVolDownloadFlags,
  virStorageVolInfoFlags,
  virStorageVolUploadFlags,
  virStreamRecvFlagsValues,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalAbortSignal, optionalBoolean, optionalByteCount, optionalFunction } from '../core/checks.js';
import { TransferStream } from './transfer-stream.js';

/** Bytes per send/receive: stays inside the executor's 256 KiB shared-memory slot (no MessagePort hop). */
export const TRANSFER_CHUNK = 224 * 1024;

/** How far an upload or download got, given to `onProgress`. */
export interface TransferProgress {
  /** Bytes moved so far (holes included). */
  transferred: number;
  /** Bytes expected in total, when known. */
  total: number | undefined;
}

/** `volume.upload()` options (`virStorageVolUpload`): where to write, how much, and progress. */
export interface UploadOptions {
  /** Where in the volume to start writing (bytes). Default 0. */
  offset?: number;
  /** Bytes to write; libvirt refuses more data than this. Default: to the end of the source. */
  length?: number;
  /** Send all-zero chunks as holes (`VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM`). */
  sparse?: boolean;
  /** Called as data goes out, with the bytes sent so far. */
  onProgress?: (progress: TransferProgress) => void;
  /** Aborting rejects with the signal's reason and releases the libvirt stream. */
  signal?: AbortSignal;
}

/** `volume.download()` options (`virStorageVolDownload`): where to read, how much, and progress. */
export interface DownloadOptions {
  /** Where in the volume to start reading (bytes). Default 0. */
  offset?: number;
  /** Bytes to read. Default: to the end of the volume. */
  length?: number;
  /** Receive holes as lengths (`VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM`); they are emitted as zero bytes. */
  sparse?: boolean;
  /** Called as data comes in, with the bytes received so far. */
  onProgress?: (progress: TransferProgress) => void;
  /** Aborting destroys the Readable with an AbortError and releases the libvirt stream. */
  signal?: AbortSignal;
}

/** virStorageVolGetInfoFlags: report the host file's size in `allocation`. */
const PHYSICAL = virStorageVolInfoFlags.VIR_STORAGE_VOL_GET_PHYSICAL;

/** What `volume.upload()` reads from: a Readable, a buffer, or an async iterable of chunks. */
export type UploadSource = Readable | Uint8Array | AsyncIterable<Uint8Array>;

interface Checked {
  offset: number;
  length: number | undefined;
  sparse: boolean;
  onProgress: ((p: TransferProgress) => void) | undefined;
  signal: AbortSignal | undefined;
}

function checkOptions(options: UploadOptions | DownloadOptions, what: string): Checked {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${what} options must be an object`);
  return {
    offset: optionalByteCount(options.offset, `${what} offset`) ?? 0,
    length: optionalByteCount(options.length, `${what} length`),
    sparse: optionalBoolean(options.sparse, `${what} sparse`) ?? false,
    onProgress: optionalFunction(options.onProgress, `${what} onProgress`),
    signal: optionalAbortSignal(options.signal, `${what} signal`),
  };
}

function connectionOf(volume: Handle): Handle {
  if (!volume.connection) throw new TypeError('a storage volume handle must belong to a connection');
  return volume.connection;
}

/** Re-slices any source into chunks of at most TRANSFER_CHUNK bytes, coalescing small ones. */
async function* chunksOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  const iterable: AsyncIterable<unknown> | Iterable<unknown> =
    source instanceof Uint8Array ? [source] : source;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const piece of iterable) {
    if (!(piece instanceof Uint8Array)) {
      throw new TypeError(`upload source yielded ${typeof piece}; it must yield Buffers or Uint8Arrays`);
    }
    let rest = piece;
    while (rest.byteLength > 0) {
      const take = Math.min(rest.byteLength, TRANSFER_CHUNK - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      rest = rest.subarray(take);
      if (pendingBytes === TRANSFER_CHUNK) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
}

function isAllZero(bytes: Uint8Array): boolean {
  const words = bytes.byteLength >>> 3;
  // Aligned chunks are checked eight bytes at a time.
  if (bytes.byteOffset % 8 === 0) {
    const view = new BigUint64Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) if (view[i] !== 0n) return false;
    for (let i = words * 8; i < bytes.byteLength; i++) if (bytes[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < bytes.byteLength; i++) if (bytes[i] !== 0) return false;
  return true;
}

function isUploadSource(value: unknown): value is UploadSource {
  return (
    value instanceof Uint8Array ||
    (value !== null && typeof value === 'object' && Symbol.asyncIterator in value)
  );
}

/**
 * Writes `source` into the volume. Resolves once libvirt confirmed every byte (`virStreamFinish`); rejects
 * with a LibvirtError, a TypeError/RangeError for bad arguments, or the signal's reason when aborted. In
 * every case the libvirt stream is released and the connection stays usable.
 */
export async function uploadVolume(
  volume: Handle,
  source: UploadSource,
  options: UploadOptions = {},
): Promise<void> {
  if (!isUploadSource(source)) {
    throw new TypeError(
      'upload source must be a Buffer/Uint8Array, a Readable or an async iterable of chunks',
    );
  }
  const opts = checkOptions(options, 'upload');
  opts.signal?.throwIfAborted();
  const total = opts.length ?? (source instanceof Uint8Array ? source.byteLength : undefined);
  const flags = opts.sparse ? virStorageVolUploadFlags.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0;
  const transfer = await TransferStream.open(connectionOf(volume), (stream) =>
    call('virStorageVolUpload', volume, stream, opts.offset, opts.length ?? 0, flags),
  );
  const onAbort = () => void transfer.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let transferred = 0;
  try {
    for await (const chunk of chunksOf(source)) {
      opts.signal?.throwIfAborted();
      if (opts.sparse && isAllZero(chunk)) {
        await transfer.run((s) => call('virStreamSendHole', s, chunk.byteLength, 0));
      } else {
        await sendAll(transfer, chunk);
      }
      transferred += chunk.byteLength;
      opts.onProgress?.({ transferred, total });
    }
    opts.signal?.throwIfAborted();
    await transfer.finish();
  } catch (err) {
    await transfer.abort();
    // An abort makes the in-flight call fail with libvirt's "stream aborted"; the caller asked for the abort.
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function sendAll(transfer: TransferStream, chunk: Uint8Array): Promise<void> {
  let rest = chunk;
  while (rest.byteLength > 0) {
    // A blocking stream may accept fewer bytes than offered.
    const sent = await transfer.run((s) => call('virStreamSend', s, rest));
    rest = rest.subarray(sent);
  }
}

/**
 * Reads the volume as a Readable. Errors (libvirt's, or an AbortError from the signal) destroy the Readable;
 * destroying it early aborts the libvirt stream. Either way the stream is released.
 */
export function downloadVolume(volume: Handle, options: DownloadOptions = {}): Readable {
  const opts = checkOptions(options, 'download');
  const connection = connectionOf(volume);
  const downloadFlags = opts.sparse ? virStorageVolDownloadFlags.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0;
  const recvFlags = opts.sparse ? virStreamRecvFlagsValues.VIR_STREAM_RECV_STOP_AT_HOLE : 0;
  let transfer: TransferStream | null = null;
  let total: number | undefined;
  let transferred = 0;
  let reading = false;

  const pushCounted = (readable: Readable, bytes: Uint8Array): boolean => {
    transferred += bytes.byteLength;
    opts.onProgress?.({ transferred, total });
    return readable.push(bytes);
  };

  async function pump(readable: Readable): Promise<void> {
    const t = transfer!;
    for (;;) {
      const got = await t.run((s) => call('virStreamRecvFlags', s, TRANSFER_CHUNK, recvFlags));
      if (readable.destroyed) return;
      if (typeof got === 'number') {
        // -3: a hole; anything else negative is not a blocking stream's answer.
        if (got !== -3) throw new Error(`virStreamRecvFlags returned ${got} on a blocking stream`);
        let hole = await t.run((s) => call('virStreamRecvHole', s, 0));
        let more = true;
        while (hole > 0) {
          const size = Math.min(hole, TRANSFER_CHUNK);
          more = pushCounted(readable, Buffer.alloc(size));
          hole -= size;
        }
        if (!more) return;
        continue;
      }
      if (got.byteLength === 0) {
        await t.finish();
        readable.push(null);
        return;
      }
      if (!pushCounted(readable, got)) return;
    }
  }

  return new Readable({
    highWaterMark: 2 * TRANSFER_CHUNK,
    ...(opts.signal ? { signal: opts.signal } : {}),
    construct(callback) {
      (async () => {
        if (opts.length === undefined) {
          // The file's size on the host (what a download reads), not the guest-visible capacity.
          const info = await call('virStorageVolGetInfoFlags', volume, PHYSICAL).catch(() => null);
          total = info ? Math.max(0, Number(info.allocation) - opts.offset) : undefined;
        } else {
          total = opts.length;
        }
        transfer = await TransferStream.open(connection, (stream) =>
          call('virStorageVolDownload', volume, stream, opts.offset, opts.length ?? 0, downloadFlags),
        );
      })().then(
        () => callback(),
        // Destroyed while opening (download() then destroy()): the caller is gone, and an error now would be
        // an 'error' event nobody listens to, an uncaught exception. Whatever was opened is released by destroy.
        (err: Error) => callback(this.destroyed ? undefined : err),
      );
    },
    read() {
      if (reading) return;
      reading = true;
      pump(this).then(
        () => {
          reading = false;
        },
        (err: Error) => {
          reading = false;
          this.destroy(err);
        },
      );
    },
    destroy(err, callback) {
      const t = transfer;
      if (!t) return callback(err);
      // After a clean end the stream is already released; abort() is then a no-op.
      t.abort().then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
}
