/** Argument checks done before anything reaches C: a wrong type is a TypeError that names the argument. */
import { parseSize } from '../xml/common/size.js';
import { noteFlagOptions } from './flag-options.js';

/**
 * A string for C: a string without NUL (C would read it only up to the NUL: a domain named "a\0b" would be
 * "a"). The native layer refuses such strings too, naming the C argument; this names the caller's.
 */
export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  const at = value.indexOf('\0');
  if (at >= 0) {
    throw new TypeError(
      `${what} must not contain a NUL character (U+0000, found at index ${at}): libvirt would cut the string there`,
    );
  }
  return value;
}

export function requireNonEmptyString(value: unknown, what: string): string {
  if (requireString(value, what) === '') throw new TypeError(`${what} must not be empty`);
  return value as string;
}

export function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : requireString(value, what);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** A byte count or offset: a non-negative safe integer (`RangeError` otherwise, `TypeError` for a non-number). */
export function optionalByteCount(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer up to 2^53-1, got ${value}`);
  }
  return value;
}

export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  what: string,
): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${what} must be a function, got ${describe(value)}`);
  return value as F;
}

export function optionalAbortSignal(value: unknown, what: string): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal))
    throw new TypeError(`${what} must be an AbortSignal, got ${describe(value)}`);
  return value;
}

export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean, got ${describe(value)}`);
  return value;
}

/** An options argument: `undefined` (no options) or a plain object whose keys are all known (a typo is a TypeError). */
export function optionsObject<K extends string>(
  value: unknown,
  what: string,
  known: readonly K[],
): Partial<Record<K, unknown>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new TypeError(`${what}: unknown option '${key}' (known: ${known.join(', ')})`);
    }
  }
  return value as Partial<Record<K, unknown>>;
}

/** The longest delay Node's timers keep: 2^31−1 ms (about 24.8 days). A longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A time in milliseconds that becomes a timer: an integer from `min` (default 0) to 2^31−1 (Node's timer
 * limit, about 24.8 days), or `Infinity` meaning "no timeout" when `none` is allowed (the default). A
 * non-number is a TypeError, anything else out of range (NaN, fractions, negatives, 2^31 and up) a RangeError.
 * `undefined` passes through.
 */
export function optionalTimeoutMs(
  value: unknown,
  what: string,
  { none = true, min = 0 }: { none?: boolean; min?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number')
    throw new TypeError(`${what} must be a number of milliseconds, got ${describe(value)}`);
  if (none && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new RangeError(
      `${what} must be an integer from ${min} to ${MAX_TIMER_MS} ms${none ? ' or Infinity (no timeout)' : ''}, got ${value}`,
    );
  }
  return value;
}

/** A UUID in one of libvirt's spellings; anything else is a TypeError (wrong type) or RangeError (not a UUID). */
export function requireUuid(value: unknown, what: string): string {
  const text = requireString(value, what);
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text)) {
    throw new RangeError(`${what} must be a UUID like 6695eb01-f6a4-8304-79aa-97f2502e193f, got '${text}'`);
  }
  return text;
}

/** One of a fixed set of names (`'zero'`, `'add-last'`, …); anything else names the accepted ones. */
export function requireOneOf<N extends string>(value: unknown, what: string, names: readonly N[]): N {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  if (!(names as readonly string[]).includes(value)) {
    throw new RangeError(`${what} must be one of ${names.join(', ')}, got '${value}'`);
  }
  return value as N;
}

/**
 * Bytes from a size given as a number of bytes or a string with a unit ('2 GiB', '512M'), by the XML model's
 * `parseSize`. A wrong type is a TypeError; a negative, fractional or unreadable size a RangeError.
 */
export function requireSize(value: unknown, what: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new TypeError(`${what} must be bytes (a number) or a string like '2 GiB', got ${describe(value)}`);
  }
  try {
    return parseSize(value, what);
  } catch (err) {
    throw new RangeError((err as Error).message);
  }
}

/**
 * KiB from a memory size: a number is KiB (libvirt's unit for memory), a string is a size with a unit as the
 * builder takes it ('2 GiB', '512 MiB', '1G'). A string without a unit would be bytes to `parseSize` and KiB
 * to a number, so it is refused; so is a size that is not a whole number of KiB.
 */
export function requireMemoryKiB(value: unknown, what: string): number {
  if (typeof value === 'number') return requireCount(value, what);
  if (typeof value !== 'string') {
    throw new TypeError(
      `${what} must be KiB (a number) or a size string like '2 GiB', got ${describe(value)}`,
    );
  }
  if (/^\s*[\d.]+\s*$/.test(value)) {
    throw new RangeError(
      `${what} ${JSON.stringify(value)} has no unit: pass KiB as a number, or a size like '2 GiB'`,
    );
  }
  const bytes = requireSize(value, what);
  if (bytes % 1024 !== 0)
    throw new RangeError(`${what} ${JSON.stringify(value)} is not a whole number of KiB`);
  return bytes / 1024;
}

export function requireBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean, got ${describe(value)}`);
  return value;
}

/**
 * How a boolean option maps to libvirt flags: a flag set when the option is true, or a pair
 * `[whenTrue, whenFalse]` for tri-state filters (`autostart: false` → `NO_AUTOSTART`).
 */
export type FlagTable = Readonly<Record<string, number | readonly [number, number]>>;

/**
 * The flags named by a boolean options object. An unknown option or a non-boolean value is a TypeError (a
 * typo must not silently drop a flag).
 */
export function flagsFrom(options: unknown, what: string, table: FlagTable): number {
  let flags = 0;
  const sources: [string, number][] = [];
  for (const [key, value] of Object.entries(optionsObject(options, what, Object.keys(table)))) {
    if (value === undefined) continue;
    const entry = table[key]!;
    if (typeof value !== 'boolean')
      throw new TypeError(`${what}.${key} must be a boolean, got ${describe(value)}`);
    const flag = typeof entry === 'number' ? (value ? entry : 0) : entry[value ? 0 : 1];
    // A flag this libvirt's API XML does not define (undefined) must never reach C as 0.
    if (!Number.isInteger(flag)) throw new Error(`${what}.${key}: no flag value for this libvirt`);
    // `>>> 0` keeps bit 31 (e.g. ENFORCE_STATS) an unsigned int.
    flags = (flags | flag) >>> 0;
    if (flag !== 0) sources.push([key, flag]);
  }
  // Which option set which bit, should libvirt refuse one ("unsupported flags (0x1)"): see flag-options.ts.
  noteFlagOptions(flags, what, sources);
  return flags;
}

/** A non-negative safe integer (sizes in KiB, counts, indexes). */
export function requireCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** A non-negative integer that fits C's `unsigned int` (vCPU counts, screen numbers). */
export function requireUint32(value: unknown, what: string): number {
  const n = requireCount(value, what);
  if (n > 0xffffffff) throw new RangeError(`${what} must be at most 4294967295, got ${n}`);
  return n;
}

/** A UUID as libvirt's raw form: exactly 16 bytes in a Buffer or Uint8Array. */
export function requireUuidBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new TypeError(`${what} must be a Buffer or Uint8Array, got ${describe(value)}`);
  if (value.length !== 16) throw new RangeError(`${what} must be 16 bytes, got ${value.length}`);
  return value;
}

/** File descriptors of this process to hand to libvirt: an array of integers from 0 to 2^31−1. */
export function requireFileDescriptors(value: unknown, what: string, { empty = true } = {}): number[] {
  if (!Array.isArray(value))
    throw new TypeError(`${what} must be an array of file descriptors, got ${describe(value)}`);
  if (!empty && value.length === 0) throw new RangeError(`${what} must hold at least one file descriptor`);
  return value.map((fd, i) => {
    const n = requireCount(fd, `${what}[${i}]`);
    if (n > 0x7fffffff)
      throw new RangeError(`${what}[${i}] must be a file descriptor (at most 2147483647), got ${n}`);
    return n;
  });
}
