/**
 * Typed parameters of the domain tuning calls: the records the getters return (libvirt's own field names as
 * keys, typed where libvirt documents them, plus `raw` with everything reported) and the checks a setter's
 * input gets before it reaches C. Plain numbers are typed by the native layer from the matching getter.
 */
import type {
  TypedParamInput,
  TypedParams,
  TypedParamsInput,
  TypedParamType,
} from '../../native/generated/meta.js';
import { requireString } from '../core/checks.js';

/** A getter's result: the known fields typed, every field libvirt reported in `raw` (newer ones included). */
export type Tuned<Known> = Partial<Known> & {
  /** Every field as libvirt sent it, known or not. */
  raw: TypedParams;
};

/**
 * A setter's input: known fields by their type (an integer one as a number or a bigint: memory limits are
 * numbers of KiB, but libvirt's C type is `ullong`), any other field libvirt accepts as a typed parameter.
 */
export type TuneInput<Known> = {
  [K in keyof Known]?: Known[K] extends bigint | number ? bigint | number : Known[K];
} & TypedParamsInput;

export function tuned<Known>(raw: TypedParams): Tuned<Known> {
  return { ...(raw as Partial<Known>), raw };
}

const TYPES = new Set(['int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string']);

/** The range of each integer typed-parameter type, inclusive. */
const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  uint: [0n, 2n ** 32n - 1n],
  llong: [-(2n ** 63n), 2n ** 63n - 1n],
  ullong: [0n, 2n ** 64n - 1n],
};
/** What any integer typed parameter can hold: llong's minimum to ullong's maximum. */
const ANY_INTEGER: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 64n - 1n];

function checkInteger(
  value: number | bigint,
  what: string,
  type: string,
  [min, max]: readonly [bigint, bigint],
) {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new RangeError(`${what} must be an integer for type ${type}, got ${value}`);
  }
  const n = BigInt(value);
  if (n < min || n > max) {
    throw new RangeError(`${what} must be from ${min} to ${max} (${type}), got ${value}`);
  }
}

/**
 * One value: its type, and its range as far as it is known here. A `{ type, value }` is checked exactly; a
 * plain number or bigint takes its C type from libvirt's getter in the native layer (which checks the exact
 * range there), so here it must at least fit some integer parameter (2^64 or 1e308 fit none: they were
 * wrapped to 0) or, for a fraction, be finite. Strings must not contain NUL.
 */
function checkValue(value: unknown, what: string): void {
  if (typeof value === 'string') {
    requireString(value, what);
    return;
  }
  if (typeof value === 'boolean') return;
  if (typeof value === 'bigint') {
    checkInteger(value, what, 'llong or ullong', ANY_INTEGER);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
    if (Number.isInteger(value)) checkInteger(value, what, 'any integer parameter', ANY_INTEGER);
    return;
  }
  if (value !== null && typeof value === 'object' && 'type' in value && 'value' in value) {
    const { type, value: inner } = value as { type: unknown; value: unknown };
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new TypeError(`${what}.type must be one of ${[...TYPES].join(', ')}, got ${String(type)}`);
    }
    const range = INTEGER_RANGES[type];
    if (range) {
      if (typeof inner !== 'number' && typeof inner !== 'bigint') {
        throw new TypeError(`${what}.value must be a number or bigint for type ${type}, got ${typeof inner}`);
      }
      checkInteger(inner, `${what}.value`, type, range);
    } else if (type === 'double') {
      if (typeof inner !== 'number')
        throw new TypeError(`${what}.value must be a number, got ${typeof inner}`);
      if (!Number.isFinite(inner))
        throw new RangeError(`${what}.value must be a finite number, got ${inner}`);
    } else if (type === 'boolean') {
      if (typeof inner !== 'boolean')
        throw new TypeError(`${what}.value must be a boolean, got ${typeof inner}`);
    } else {
      requireString(inner, `${what}.value`);
    }
    return;
  }
  throw new TypeError(
    `${what} must be a number, bigint, string, boolean or { type, value }, got ${value === null ? 'null' : typeof value}`,
  );
}

/** A non-empty object of typed-parameter values; anything else is a TypeError before C. */
export function tuneInput(params: unknown, what: string): TypedParamsInput {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(`${what} must be an object of parameter values`);
  }
  const entries = Object.entries(params).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw new TypeError(`${what} must name at least one parameter`);
  for (const [key, value] of entries) {
    requireString(key, `${what} field name`);
    if (!Array.isArray(value)) checkValue(value, `${what}.${key}`);
    else for (const [i, v] of value.entries()) checkValue(v, `${what}.${key}[${i}]`);
  }
  return Object.fromEntries(entries) as Record<string, TypedParamInput>;
}

/** A number from a typed-parameter value (64-bit counters arrive as bigints). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/**
 * For setters libvirt has no getter for (IOThread params): gives plain numbers of known fields their C type
 * from `types`, so `{ poll_max_ns: 1000 }` needs no `{ type, value }`.
 */
export function withTypes(input: TypedParamsInput, types: Readonly<Record<string, TypedParamType>>) {
  const out: TypedParamsInput = {};
  for (const [key, value] of Object.entries(input)) {
    const type = types[key];
    out[key] = type && (typeof value === 'number' || typeof value === 'bigint') ? { type, value } : value;
  }
  return out;
}
