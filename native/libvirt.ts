/**
 * The typed, asynchronous door to libvirt that src/ uses. Every function of the API XML can be called by name;
 * arguments and results follow `ShapedApi` (functions with out-params, arrays, owned memory) or `RawApi`, with
 * one change: object pointers are `Handle`s, in and out. Calls run on the executor's worker threads.
 */

import { adminCall, adminDescribe, isAdminFunction } from './admin/remote.js';
import { SCREENSHOT, tailOf } from './executor/composite.js';
// Side effect: daemon connections start the event loop, which answers libvirtd's keepalive (loop/index.ts).
import './loop/index.js';
import type { CallOptions } from './executor/executor.js';
import { executor } from './executor/index.js';
import { FUNCTIONS } from './generated/functions.js';
import type { DomainStatsRecord } from './generated/meta.js';
import type { RawApi } from './generated/raw-api.js';
import type { ShapedApi } from './generated/shaped-api.js';
import { Handle, pointerOf } from './handles.js';

type Api = Omit<RawApi, keyof ShapedApi> & ShapedApi;
export type LibvirtFunction = keyof Api;

/** A pointer parameter (`bigint`) takes a Handle; everything else is passed as it is. */
type InArg<T> = bigint extends T ? Exclude<T, bigint> | Handle : T;
type InArgs<T extends readonly unknown[]> = { [K in keyof T]: InArg<T[K]> };

/**
 * A returned object pointer becomes a Handle, arrays of them Handle[], bulk-stats records carry a Handle.
 * A NULL or string result of a function whose failure value is NULL never resolves as NULL (it rejects), so
 * the null is dropped from those types; the four functions returning borrowed error data are not called here.
 */
type OutValue<T> = [T] extends [bigint | null]
  ? Handle
  : [T] extends [(bigint | null)[]]
    ? Handle[]
    : [T] extends [{ dom: bigint }[]]
      ? (Omit<T[number], 'dom'> & { dom: Handle })[]
      : [T] extends [string | null]
        ? string
        : T;
type Out<T> = OutValue<T>;

// Spelled as a conditional with an array constraint so TypeScript < 5.4 also sees an array type in
// `...args: Args<F>` (it cannot tell that a mapped tuple type over a generic is one).
export type Args<F extends LibvirtFunction> =
  InArgs<Parameters<Api[F]>> extends infer A extends readonly unknown[] ? A : never;
export type Result<F extends LibvirtFunction> = Out<ReturnType<Api[F]>>;

/**
 * What src/ registers to add its own context to a failed call's error (which option set a flag libvirt refused):
 * `pending` says whether anything could be added now (false: the call goes on untouched); `capture` runs as the
 * call is made, with the call's `flags` argument (the last parameter, when the generated table names it
 * `flags`), and returns undefined when there is nothing to add; `annotate` runs on the error with what was
 * captured. native/ knows nothing of options.
 */
export interface CallAnnotator {
  pending(): boolean;
  capture(flags: unknown): unknown;
  annotate(err: unknown, captured: unknown): void;
}
let annotator: CallAnnotator | undefined;

/** Registers the one annotator (src/core/flag-options.ts). */
export function setCallAnnotator(a: CallAnnotator): void {
  annotator = a;
}

/** Per function: does its last parameter hold libvirt's flags? (From the generated table, looked up once.) */
const flagsLast = new Map<LibvirtFunction, boolean>();

function annotated<T>(promise: Promise<T>, fn: LibvirtFunction, args: readonly unknown[]): Promise<T> {
  const a = annotator;
  if (a === undefined || !a.pending()) return promise;
  let last = flagsLast.get(fn);
  if (last === undefined) {
    last = FUNCTIONS[fn]?.args.at(-1)?.name === 'flags';
    flagsLast.set(fn, last);
  }
  const captured = last ? a.capture(args.at(-1)) : undefined;
  if (captured === undefined) return promise;
  return promise.catch((err: unknown) => {
    a.annotate(err, captured);
    throw err;
  });
}

/**
 * Calls one libvirt function off the main thread. Rejects with a LibvirtError whose stack is the caller's.
 * libvirt-admin's functions run in the admin host process (a child process of its own).
 */
export function call<F extends LibvirtFunction>(fn: F, ...args: Args<F>): Promise<Result<F>> {
  if (isAdminFunction(fn)) return adminCall(fn, args) as Promise<Result<F>>;
  return annotated(executor.call(fn, args) as Promise<Result<F>>, fn, args);
}

/** `executor.describe`, or the admin host's for a libvirt-admin function. */
function describe(
  fn: LibvirtFunction,
  args: readonly unknown[],
  describers: Describers,
): Promise<[unknown, unknown[] | unknown[][]]> {
  return isAdminFunction(fn) ? adminDescribe(fn, args, describers) : executor.describe(fn, args, describers);
}

/**
 * Sets how a connection's calls run: in-process drivers (`test:///…`) batch on one worker; a daemon
 * connection has up to `concurrency` calls in flight at once (default `DEFAULT_CONCURRENCY`).
 */
export function configureConnection(connection: Handle, uri: string | null, concurrency?: number): void {
  executor.configureConnection(connection, uri, concurrency);
}

export { type ConnectionKind, connectionKind, DEFAULT_CONCURRENCY } from './executor/executor.js';

/** `call` with executor options (e.g. a lane for a call the name does not classify). */
export function callWith<F extends LibvirtFunction>(
  options: CallOptions,
  fn: F,
  ...args: Args<F>
): Promise<Result<F>> {
  return annotated(executor.call(fn, args, options) as Promise<Result<F>>, fn, args);
}

/** Getters that read plain facts (name, UUID) off a freshly returned object. */
export type Describers = readonly LibvirtFunction[];

/**
 * Calls `fn`, which returns one object, and reads `describers` off it in the same worker round trip:
 * `[handle, [result of each describer]]`. If a describer fails, the new reference is released first.
 */
export async function describeOne(
  fn: LibvirtFunction,
  args: readonly unknown[],
  describers: Describers,
): Promise<[Handle, unknown[]]> {
  const [handle, described] = await describe(fn, args, describers);
  return [handle as Handle, described as unknown[]];
}

/** Like `describeOne` for a function returning a list of objects (`virConnectListAll*`). */
export async function describeEach(
  fn: LibvirtFunction,
  args: readonly unknown[],
  describers: Describers,
): Promise<[Handle, unknown[]][]> {
  const [handles, described] = await describe(fn, args, describers);
  return (handles as Handle[]).map((h, i) => [h, (described as unknown[][])[i]!]);
}

/**
 * One domain screenshot in one worker job on the slow lane: a stream is opened, filled by
 * virDomainScreenshot, read to its end and freed on every path (see composite.ts).
 */
export async function domainScreenshot(
  domain: Handle,
  screen: number,
): Promise<{ mimeType: string; data: Uint8Array }> {
  if (!domain.connection) throw new TypeError('domainScreenshot: the domain handle has no connection');
  return (await executor.call(SCREENSHOT, [domain, domain.connection, screen], { lane: 'slow' })) as {
    mimeType: string;
    data: Uint8Array;
  };
}

/** A bulk-stats record whose domain is a Handle owned by the caller. */
export type StatsRecord = Omit<DomainStatsRecord, 'dom'> & { dom: Handle };

/**
 * virConnectGetAllDomainStats with `describers` read off each record's domain in the same round trip:
 * `[record, [result of each describer]]` per domain.
 */
export async function describeAllDomainStats(
  connection: Handle,
  stats: number,
  flags: number,
  describers: Describers,
): Promise<[StatsRecord, unknown[]][]> {
  const [records, described] = await executor.describe(
    'virConnectGetAllDomainStats',
    [connection, stats, flags],
    describers,
  );
  return (records as StatsRecord[]).map((r, i) => [r, (described as unknown[][])[i]!]);
}

/**
 * virDomainListGetStats for one domain: its typed stats, or undefined when libvirt returned no record. The
 * record's own domain reference is released before this resolves (the caller holds the domain already).
 */
export async function domainGetStats(
  domain: Handle,
  stats: number,
  flags: number,
): Promise<DomainStatsRecord['params'] | undefined> {
  // Handles inside an array are not mapped by the executor, so the pointer is read here (a freed domain
  // rejects before C, as for any Handle argument).
  const pointer = pointerOf(domain, 'virDomainListGetStats');
  const records = (await executor.call('virDomainListGetStats', [[pointer], stats, flags])) as StatsRecord[];
  await Promise.all(records.map((r) => r.dom.free()));
  return records[0]?.params;
}

/**
 * A second Handle for the object `handle` holds, owning a reference of its own: `ref` is the kind's
 * `virXxxRef`, taken on a worker while `handle` is in use, so it cannot be released meanwhile. Freeing one of
 * the two leaves the other valid. Same connection, no round trip to the daemon (the count is the client's).
 */
export async function addReference(handle: Handle, ref: LibvirtFunction): Promise<Handle> {
  if (!(handle instanceof Handle)) throw new TypeError('addReference: not a Handle');
  if (handle.kind === 'connect') throw new TypeError('addReference: a connection handle is not adopted');
  if (handle.freeFunction.replace(/Free$/, 'Ref') !== ref) {
    throw new TypeError(`addReference: ${ref} is not the reference count of a ${handle.kind}`);
  }
  const pointer = pointerOf(handle, ref);
  await executor.call(ref, [handle]);
  return new Handle(pointer, handle.kind, handle.freeFunction, handle.connection);
}

/** Runs each of `describers` (name, UUID, … getters) on `handle`: their results, in order. */
export function describeHandle(handle: Handle, describers: Describers): Promise<unknown[]> {
  return Promise.all(describers.map((fn) => executor.call(fn, [handle, ...tailOf(fn)])));
}
