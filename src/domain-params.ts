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
} from '../native/generated/meta.js';

/** A getter's result: the known fields typed, every field libvirt reported in `raw` (newer ones included). */
export type Tuned<Known> = Partial<Known> & { raw: TypedParams };

/**
 * A setter's input: known fields by their type (a 64-bit one also as a plain number), any other field libvirt
 * accepts as a typed parameter.
 */
export type TuneInput<Known> = {
  [K in keyof Known]?: Known[K] extends bigint ? bigint | number : Known[K];
} & TypedParamsInput;

export function tuned<Known>(raw: TypedParams): Tuned<Known> {
  return { ...(raw as Partial<Known>), raw };
}

const TYPES = new Set(['int', 'uint', 'llong', 'ullong', 'double', 'boolean', 'string']);

function checkValue(value: unknown, what: string): void {
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
    return;
  }
  if (value !== null && typeof value === 'object' && 'type' in value && 'value' in value) {
    const { type, value: inner } = value as { type: unknown; value: unknown };
    if (typeof type !== 'string' || !TYPES.has(type)) {
      throw new TypeError(`${what}.type must be one of ${[...TYPES].join(', ')}, got ${String(type)}`);
    }
    checkValue(inner, `${what}.value`);
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
