/**
 * Loop-thread side of non-blocking streams: one `virStreamEventAddCallback` per stream, all through a single
 * trampoline (streams told apart by `opaque`). Reading follows main's Readable: `stream-flow` paused drops
 * READABLE from the watched events, so libvirt buffers (and the guest side blocks) instead of this thread
 * posting without bound. Writes are queued here; a would-block send (-2) waits for WRITABLE.
 */
import type { ErrorData } from '../../executor/protocol.js';
import { virErrorDomain, virErrorNumber } from '../../generated/enums.js';
import { bindStreamNative, type StreamNative } from './native.js';
import type { StreamCommand, StreamMessage } from './protocol.js';

// virStreamEventType
const READABLE = 1;
const WRITABLE = 2;
const ERROR = 4;
const HANGUP = 8;
/** Per receive; and at most this many receives per callback so one busy stream cannot starve the loop. */
const RECV_BYTES = 64 * 1024;
const RECVS_PER_CALLBACK = 4;
const WOULD_BLOCK = -2;

interface Watched {
  pointer: bigint;
  paused: boolean;
  /** EOF or an error was seen: nothing more to read. */
  done: boolean;
  /** The events currently registered with libvirt. */
  events: number;
  writes: { seq: number; data: Uint8Array }[];
}

export type StreamReply = { ok: true; value: number } | { ok: false; error: ErrorData };

export interface StreamHost {
  execute(command: StreamCommand): StreamReply;
  /** Streams currently watched (leak checks). */
  count(): number;
}

type Register = (fn: (...args: any[]) => unknown, type: unknown) => unknown;

export function createStreamHost(register: Register, post: (message: StreamMessage) => void): StreamHost {
  const native: StreamNative = bindStreamNative();
  const watched = new Map<number, Watched>();
  const buffer = new Uint8Array(RECV_BYTES);

  const lastError = (what: string): ErrorData => ({
    code: native.lastErrorCode(),
    domain: native.lastErrorDomain(),
    level: 2,
    message: native.lastErrorMessage() || `${what} failed`,
    str1: null,
    str2: null,
    str3: null,
    int1: 0,
    int2: 0,
  });

  const closedError = (): ErrorData => ({
    code: virErrorNumber.VIR_ERR_OPERATION_INVALID,
    domain: virErrorDomain.VIR_FROM_STREAMS,
    level: 2,
    message: 'the stream is closed',
    str1: null,
    str2: null,
    str3: null,
    int1: 0,
    int2: 0,
  });

  const fail = (id: number, w: Watched, fn: string) => {
    w.done = true;
    w.writes.length = 0;
    post({ type: 'stream', id, kind: 'error', error: lastError(fn), fn });
  };

  function wanted(w: Watched): number {
    let events = 0;
    if (!w.done && !w.paused) events |= READABLE;
    if (!w.done && w.writes.length > 0) events |= WRITABLE;
    return events;
  }

  function update(w: Watched): void {
    const events = wanted(w);
    if (events === w.events) return;
    w.events = events;
    native.eventUpdateCallback(w.pointer, events);
  }

  function readSome(id: number, w: Watched): void {
    for (let i = 0; i < RECVS_PER_CALLBACK && !w.paused && !w.done; i++) {
      const n = native.recv(w.pointer, buffer, buffer.length);
      if (n === WOULD_BLOCK) return;
      if (n < 0) {
        fail(id, w, 'virStreamRecv');
        return;
      }
      if (n === 0) {
        w.done = true;
        post({ type: 'stream', id, kind: 'eof' });
        return;
      }
      post({ type: 'stream', id, kind: 'data', data: buffer.slice(0, n) });
    }
  }

  function flush(id: number, w: Watched): void {
    while (w.writes.length > 0 && !w.done) {
      const head = w.writes[0]!;
      const n = native.send(w.pointer, head.data, head.data.byteLength);
      if (n === WOULD_BLOCK) return;
      if (n < 0) {
        fail(id, w, 'virStreamSend');
        return;
      }
      head.data = head.data.subarray(n);
      if (head.data.byteLength === 0) {
        w.writes.shift();
        post({ type: 'stream', id, kind: 'written', seq: head.seq });
      }
    }
  }

  const onEvent = register((_stream: bigint, events: number, opaque: bigint | null) => {
    const id = Number(opaque ?? 0n);
    const w = watched.get(id);
    if (!w) return;
    native.resetLastError();
    // A hang-up or error is read out (EOF or the error) unless main paused reading; then it waits for resume.
    if (events & (READABLE | HANGUP | ERROR)) readSome(id, w);
    if (events & WRITABLE) flush(id, w);
    update(w);
  }, native.EventCallback);

  function execute(command: StreamCommand): StreamReply {
    native.resetLastError();
    const w = watched.get(command.id);
    switch (command.op) {
      case 'stream-watch': {
        const entry: Watched = {
          pointer: command.stream,
          paused: false,
          done: false,
          events: READABLE,
          writes: [],
        };
        if (native.eventAddCallback(command.stream, READABLE, onEvent, BigInt(command.id), null) < 0) {
          return { ok: false, error: lastError('virStreamEventAddCallback') };
        }
        watched.set(command.id, entry);
        return { ok: true, value: watched.size };
      }
      case 'stream-flow':
        if (w) {
          w.paused = command.paused;
          update(w);
        }
        return { ok: true, value: 0 };
      case 'stream-write':
        if (!w || w.done) return { ok: false, error: closedError() };
        w.writes.push({ seq: command.seq, data: command.data });
        flush(command.id, w);
        update(w);
        return { ok: true, value: 0 };
      case 'stream-unwatch':
        if (w) {
          watched.delete(command.id);
          // Local bookkeeping only (no RPC), so it cannot block this thread.
          native.eventRemoveCallback(w.pointer);
        }
        return { ok: true, value: watched.size };
      case 'stream-count':
        return { ok: true, value: watched.size };
    }
  }

  return { execute, count: () => watched.size };
}
