import type { MessagePort } from 'node:worker_threads';

/**
 * The shared-memory protocol between the main thread and one executor worker.
 *
 * One worker runs one call at a time, so each worker has a single request slot and a single reply slot in its
 * own SharedArrayBuffer. Main writes a request and bumps REQUEST_SEQ (the worker sleeps in `Atomics.wait` on it);
 * the worker writes the reply and bumps REPLY_SEQ (main waits with `Atomics.waitAsync`, never blocking).
 * A payload too big for its slot travels by `postMessage` on a dedicated port and its length is set to
 * VIA_PORT; the receiver takes it synchronously with `receiveMessageOnPort`, because the message is queued
 * before the sequence number moves.
 */

export const CONTROL_BYTES = 64;
export const SLOT_BYTES = 256 * 1024;
export const BUFFER_BYTES = CONTROL_BYTES + 2 * SLOT_BYTES;
export const REQUEST_OFFSET = CONTROL_BYTES;
export const REPLY_OFFSET = CONTROL_BYTES + SLOT_BYTES;

/** Int32 indexes into the control block. */
export const REQUEST_SEQ = 0;
export const REPLY_SEQ = 1;
export const REQUEST_LENGTH = 2;
export const REPLY_LENGTH = 3;
/** Set to 1 by the worker once its binding is loaded (or failed to load, which it reports per call). */
export const READY = 4;
/** Bumped by the worker after each call of a batch: main tells a slow call from a long batch by it. */
export const PROGRESS = 5;

export const VIA_PORT = -1;

/** The shared table of daemon connections' sockets (sockets.ts): [pointer, inode] pairs, then fds. */
export const SOCKET_TABLE_ENTRIES = 256;
export const SOCKET_TABLE_BYTES = 8 + SOCKET_TABLE_ENTRIES * 24;

/**
 * A request: the libvirt function name, its plain arguments and, for a call on a connection through a daemon,
 * that connection's pointer: the worker checks it is still open (`virConnectIsAlive`, no RPC) before the call
 * and after a failure, so no call is sent on a connection libvirt has given up on (see worker.ts).
 */
export type Request = [name: string, args: unknown[], connection?: bigint];

/** Plain-data copy of libvirt's `virError`, read on the thread that made the call. */
export interface ErrorData {
  code: number;
  domain: number;
  level: number;
  message: string;
  str1: string | null;
  str2: string | null;
  str3: string | null;
  int1: number;
  int2: number;
  /** Set by the worker: the call's connection is closed (the peer died or stopped answering). */
  connectionClosed?: boolean;
}

export enum ReplyStatus {
  /** The call succeeded; payload is its plain result. */
  Ok = 0,
  /** The call failed by its convention; payload is the `ErrorData` read on the worker. */
  Failed = 1,
  /** JavaScript threw in the worker (bad arguments, marshalling, library load); payload is `ThrownData`. */
  Thrown = 2,
}

export type Reply =
  | [status: ReplyStatus.Ok, value: unknown]
  | [status: ReplyStatus.Failed, error: ErrorData]
  | [status: ReplyStatus.Thrown, error: ThrownData];

export interface ThrownData {
  name: string;
  message: string;
  /** Bad arguments (InvokeArgumentError and the like) come back as TypeErrors. */
  isTypeError: boolean;
}

/** What the worker receives in `workerData`. */
export interface WorkerInit {
  buffer: SharedArrayBuffer;
  port: MessagePort;
  /** Shared once-per-process flag so only one thread runs `virEventRegisterDefaultImpl()`. */
  eventImplFlag: SharedArrayBuffer;
  /** The process's table of daemon connections' sockets (sockets.ts). */
  sockets: SharedArrayBuffer;
  /** Test-only: a module whose `createOps()` replaces the real libvirt binding. */
  opsModule?: string;
}
