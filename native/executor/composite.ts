/**
 * Composite operations: several libvirt calls that always go together, run in one worker round trip.
 * Worker side only. Each call still reads its own error on this thread; a failure part-way releases what the
 * earlier calls returned, so nothing leaks.
 */
import { type Binding, CallFailure } from '../binding.js';
import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';
import { loadLibvirt } from '../library.js';
import { EVENT_FAMILIES } from '../loop/events/table.js';
import { unknownError } from '../marshal/call-failure.js';

/**
 * `[fn, args, describers]`: call `fn`, then each describer on the object (or on each object) it returned. A
 * describer takes the object alone, or the object and a trailing `unsigned int flags`, passed as 0
 * (`virDomainGetState`).
 */
export const DESCRIBE = '$describe';
/** `[domain, connection, screen]`: a domain screenshot read through a stream, `{ mimeType, data }`. */
export const SCREENSHOT = '$screenshot';

const META = FUNCTIONS as Readonly<Record<string, FunctionMeta>>;

/** Bytes asked of `virStreamRecv` per call: a VGA screenshot (~1-3 MiB PPM) takes a handful of calls. */
const RECV_CHUNK = 256 * 1024;

/**
 * `[connection, callback address, opaque]`: virConnectRegisterCloseCallback with a callback made on the main
 * thread (see native/loop/close-watch.ts). An RPC for a daemon connection, so it runs in that connection's
 * group, never on the event-loop thread.
 */
export const REGISTER_CLOSE = '$registerClose';
/** `[connection, callback address]`: virConnectUnregisterCloseCallback. */
export const UNREGISTER_CLOSE = '$unregisterClose';
/**
 * `[connection, fn, object, eventId, callback address, opaque]`: an event registration planned by the loop
 * thread (`virConnect<X>EventRegisterAny` with the loop thread's trampoline), made here because it is an RPC.
 */
export const REGISTER_EVENT = '$registerEvent';
/**
 * `[connection, domain or null, event name or null, callback address, opaque, flags]`: a QEMU monitor event
 * registration (libvirt-qemu's `virConnectDomainQemuMonitorEventRegister`) planned by the loop thread.
 */
export const REGISTER_QEMU_MONITOR_EVENT = '$registerQemuMonitorEvent';
/** `[connection, fn, callbackId]`: `virConnect<X>EventDeregisterAny` (or the QEMU monitor event's deregister). */
export const DEREGISTER_EVENT = '$deregisterEvent';
/** `[connection]`: shut down a dead daemon connection's socket so libvirt fails its waiting calls (sockets.ts). */
export const ABORT_CONNECTION = '$abortConnection';

export function isComposite(name: string): boolean {
  return name.startsWith('$');
}

export function runComposite(binding: Binding, name: string, args: readonly unknown[]): unknown {
  if (name === DESCRIBE) return describe(binding, args);
  if (name === SCREENSHOT) return screenshot(binding, args);
  if (name === REGISTER_CLOSE) return registerClose(binding, args);
  if (name === UNREGISTER_CLOSE) return unregisterClose(binding, args);
  if (name === REGISTER_EVENT) return registerEvent(binding, args);
  if (name === REGISTER_QEMU_MONITOR_EVENT) return registerQemuMonitorEvent(binding, args);
  if (name === DEREGISTER_EVENT) return deregisterEvent(binding, args);
  throw new TypeError(`unknown composite operation ${name}`);
}

type RegisterClose = (conn: bigint, cb: bigint, opaque: bigint, freecb: null) => number;
type UnregisterClose = (conn: bigint, cb: bigint) => number;
let registerCloseFn: RegisterClose | null = null;
let unregisterCloseFn: UnregisterClose | null = null;

/** Fails like a generated call: the error read on this thread. */
function checked(binding: Binding, fn: string, rc: number): number {
  if (rc < 0) throw new CallFailure(fn, binding.lastError() ?? unknownError(fn));
  return rc;
}

/** virConnectRegisterCloseCallback with the callback as a plain address (it was made on the main thread). */
function registerClose(binding: Binding, args: readonly unknown[]): number {
  registerCloseFn ??= loadLibvirt()
    .library('libvirt')
    .func(
      'int virConnectRegisterCloseCallback(void *conn, void *cb, void *opaque, void *freecb)',
    ) as unknown as RegisterClose;
  const [conn, cb, opaque] = args as [bigint, bigint, number];
  return checked(binding, 'virConnectRegisterCloseCallback', registerCloseFn(conn, cb, BigInt(opaque), null));
}

/** virConnectUnregisterCloseCallback, the same callback address. */
function unregisterClose(binding: Binding, args: readonly unknown[]): number {
  unregisterCloseFn ??= loadLibvirt()
    .library('libvirt')
    .func('int virConnectUnregisterCloseCallback(void *conn, void *cb)') as unknown as UnregisterClose;
  const [conn, cb] = args as [bigint, bigint];
  return checked(binding, 'virConnectUnregisterCloseCallback', unregisterCloseFn(conn, cb));
}

type RegisterEvent = (
  conn: bigint,
  obj: bigint | null,
  eventId: number,
  cb: bigint,
  opaque: bigint,
  freecb: null,
) => number;
type DeregisterEvent = (conn: bigint, callbackId: number) => number;
const eventFns = new Map<string, RegisterEvent | DeregisterEvent>();

const QEMU_MONITOR_DEREGISTER = 'virConnectDomainQemuMonitorEventDeregister';
type RegisterQemuMonitorEvent = (
  conn: bigint,
  dom: bigint | null,
  event: string | null,
  cb: bigint,
  opaque: bigint,
  freecb: null,
  flags: number,
) => number;
let registerQemuMonitorFn: RegisterQemuMonitorEvent | null = null;

/** virConnectDomainQemuMonitorEventRegister with the loop thread's trampoline as a plain address. */
function registerQemuMonitorEvent(binding: Binding, args: readonly unknown[]): number {
  const fn = 'virConnectDomainQemuMonitorEventRegister';
  registerQemuMonitorFn ??= loadLibvirt()
    .library('libvirt-qemu')
    .func(
      `int ${fn}(void *conn, void *dom, const char *event, void *cb, void *opaque, void *freecb, unsigned int flags)`,
    ) as unknown as RegisterQemuMonitorEvent;
  const [conn, dom, event, cb, opaque, flags] = args as [
    bigint,
    bigint | null,
    string | null,
    bigint,
    number,
    number,
  ];
  return checked(binding, fn, registerQemuMonitorFn(conn, dom, event, cb, BigInt(opaque), null, flags));
}

/** The registration functions of the event table's families (and the QEMU monitor event's), and nothing else. */
function eventFunction(fn: string, register: boolean): RegisterEvent | DeregisterEvent {
  let bound = eventFns.get(fn);
  if (bound) return bound;
  if (!register && fn === QEMU_MONITOR_DEREGISTER) {
    bound = loadLibvirt()
      .library('libvirt-qemu')
      .func(`int ${fn}(void *conn, int callbackID)`) as unknown as DeregisterEvent;
    eventFns.set(fn, bound);
    return bound;
  }
  const family = Object.values(EVENT_FAMILIES).find((f) => (register ? f.register : f.deregister) === fn);
  if (!family) throw new TypeError(`${fn} is not an event registration function`);
  const lib = loadLibvirt().library('libvirt');
  bound = (register
    ? lib.func(
        `int ${family.register}(void *conn, void *obj, int eventID, void *cb, void *opaque, void *freecb)`,
      )
    : lib.func(`int ${family.deregister}(void *conn, int callbackID)`)) as unknown as
    | RegisterEvent
    | DeregisterEvent;
  eventFns.set(fn, bound);
  return bound;
}

/** An event registration the loop thread planned: its trampoline, called later on the loop thread. */
function registerEvent(binding: Binding, args: readonly unknown[]): number {
  const [conn, fn, object, eventId, cb, opaque] = args as [
    bigint,
    string,
    bigint | null,
    number,
    bigint,
    number,
  ];
  const register = eventFunction(fn, true) as RegisterEvent;
  return checked(binding, fn, register(conn, object, eventId, cb, BigInt(opaque), null));
}

function deregisterEvent(binding: Binding, args: readonly unknown[]): number {
  const [conn, fn, callbackId] = args as [bigint, string, number];
  const deregister = eventFunction(fn, false) as DeregisterEvent;
  return checked(binding, fn, deregister(conn, callbackId));
}

/** The object a describer reads: a bulk-stats record (`{ dom, params }`) is described through its domain. */
function objectOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'dom' in value ? value.dom : value;
}

/** A describer's arguments after the object: `[0]` when its last C parameter is `unsigned int flags`. */
const TAILS = new Map<string, readonly unknown[]>();
export function tailOf(describer: string): readonly unknown[] {
  let tail = TAILS.get(describer);
  if (!tail) {
    const args = META[describer]?.args ?? [];
    const last = args[args.length - 1];
    tail = args.length > 1 && last?.name === 'flags' && last.type === 'unsigned int' ? [0] : [];
    TAILS.set(describer, tail);
  }
  return tail;
}

function describe(binding: Binding, args: readonly unknown[]): unknown {
  const [fn, fnArgs, describers] = args as [string, unknown[], string[]];
  const value = binding.invoke(fn, fnArgs);
  const describeOne = (item: unknown) =>
    describers.map((d) => binding.invoke(d, [objectOf(item), ...tailOf(d)]));
  try {
    return [value, Array.isArray(value) ? value.map(describeOne) : describeOne(value)];
  } catch (err) {
    // Bulk-stats records own their `dom` reference too (virDomainFree), though `fn` itself returns no object.
    const items = Array.isArray(value) ? value : [value];
    const free =
      META[fn]?.handle?.free ?? (items.some((i) => objectOf(i) !== i) ? 'virDomainFree' : undefined);
    if (free) for (const item of items) binding.invoke(free, [objectOf(item)]);
    throw err;
  }
}

/**
 * virStreamNew, virDomainScreenshot, virStreamRecv until end of stream, virStreamFinish; the stream is freed
 * on every path, and aborted when the transfer did not finish (so libvirt drops its side of it).
 */
function screenshot(binding: Binding, args: readonly unknown[]): { mimeType: string; data: Uint8Array } {
  const [domain, connection, screen] = args as [bigint, bigint, number];
  const stream = binding.invoke('virStreamNew', [connection, 0]);
  let finished = false;
  try {
    const mimeType = binding.invoke('virDomainScreenshot', [domain, stream, screen, 0]) as string;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = binding.invoke('virStreamRecv', [stream, RECV_CHUNK]) as Uint8Array;
      if (chunk.byteLength === 0) break;
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    binding.invoke('virStreamFinish', [stream]);
    finished = true;
    const data = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { mimeType, data };
  } finally {
    if (!finished) {
      try {
        binding.invoke('virStreamAbort', [stream]);
      } catch {
        // A stream that failed is already aborted; the error that matters is the one propagating.
      }
    }
    binding.invoke('virStreamFree', [stream]);
  }
}
