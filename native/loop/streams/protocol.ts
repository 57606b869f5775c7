/**
 * Messages between main and the loop thread for non-blocking libvirt streams (consoles, channels). The stream
 * is created and attached by the executor (virStreamNew + virDomainOpenConsole); from `stream-watch` until
 * `stream-close` only the loop thread touches it, so libvirt never sees two threads in one stream.
 */
import type { ErrorData } from '../../executor/protocol.js';

export type StreamCommand =
  /** Start driving the stream: virStreamEventAddCallback with `id` as opaque. */
  | { op: 'stream-watch'; id: number; stream: bigint }
  /** Stop (`paused: true`) or restart reading: main's Readable buffer is full / wants more. */
  | { op: 'stream-flow'; id: number; paused: boolean }
  /** Queue bytes; `written` is posted once libvirt took all of them. */
  | { op: 'stream-write'; id: number; seq: number; data: Uint8Array }
  /**
   * Stop driving the stream (virStreamEventRemoveCallback). The abort that follows runs on an executor
   * worker: on a remote stream it is an RPC that waits for the peer, which must never stall the loop thread.
   */
  | { op: 'stream-unwatch'; id: number }
  /** How many streams the loop thread watches (leak checks); `id` only tags the reply. */
  | { op: 'stream-count'; id: number };

export type StreamOp = StreamCommand['op'];

export function isStreamCommand(command: { op: string }): command is StreamCommand {
  return command.op.startsWith('stream-');
}

/** Loop thread → main, about one watched stream. */
export type StreamMessage =
  | { type: 'stream'; id: number; kind: 'data'; data: Uint8Array }
  | { type: 'stream'; id: number; kind: 'eof' }
  | { type: 'stream'; id: number; kind: 'written'; seq: number }
  | { type: 'stream'; id: number; kind: 'error'; error: ErrorData; fn: string };
