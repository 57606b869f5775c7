/**
 * Composite operations: several libvirt calls that always go together, run in one worker round trip.
 * Worker side only. Each call still reads its own error on this thread; a failure part-way releases what the
 * earlier calls returned, so nothing leaks.
 */
import type { Binding } from '../binding.js';
import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';

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

export function isComposite(name: string): boolean {
  return name === DESCRIBE || name === SCREENSHOT;
}

export function runComposite(binding: Binding, name: string, args: readonly unknown[]): unknown {
  if (name === DESCRIBE) return describe(binding, args);
  if (name === SCREENSHOT) return screenshot(binding, args);
  throw new TypeError(`unknown composite operation ${name}`);
}

/** The object a describer reads: a bulk-stats record (`{ dom, params }`) is described through its domain. */
function objectOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'dom' in value ? value.dom : value;
}

/** A describer's arguments after the object: `[0]` when its last C parameter is `unsigned int flags`. */
const TAILS = new Map<string, readonly unknown[]>();
function tailOf(describer: string): readonly unknown[] {
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
