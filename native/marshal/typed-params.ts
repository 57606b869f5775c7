// virTypedParameter arrays <-> plain objects. Decoding reads a DataView over a memcpy copy (lossless 64-bit;
// measured faster than koffi's union decoding); encoding writes a JS-owned buffer for the call.
import type { TypedParams, TypedParamsInput, TypedParamType, TypedParamValue } from '../generated/meta.js';
import { type IntegerType, integerProblem, requireCString } from './arg-check.js';
import { InvokeArgumentError } from './call-failure.js';
import { layout } from './layouts.js';
import { cString, readChars, readCString, readPointer, view } from './memory.js';

/** virTypedParameterType */
export const TYPED_PARAM = {
  int: 1,
  uint: 2,
  llong: 3,
  ullong: 4,
  double: 5,
  boolean: 6,
  string: 7,
} as const;
const TYPE_NAMES: readonly (TypedParamType | undefined)[] = [
  undefined,
  'int',
  'uint',
  'llong',
  'ullong',
  'double',
  'boolean',
  'string',
];
/** The C integer type of each integer virTypedParameterType. */
const INTEGER_TYPES: Record<number, IntegerType> = {
  [TYPED_PARAM.int]: 'int32_t',
  [TYPED_PARAM.uint]: 'uint32_t',
  [TYPED_PARAM.llong]: 'int64_t',
  [TYPED_PARAM.ullong]: 'uint64_t',
};
/** VIR_TYPED_PARAM_FIELD_LENGTH, including the NUL */
const FIELD_LENGTH = 80;

function paramLayout() {
  const l = layout('virTypedParameter');
  return {
    size: l.size,
    field: l.byName.get('field')!.offset,
    type: l.byName.get('type')!.offset,
    value: l.byName.get('value')!.offset,
  };
}

/** The value of a typed-parameter union at `offset`, by its virTypedParameterType. */
export function decodeTypedValue(dv: DataView, offset: number, type: number): TypedParamValue {
  switch (type) {
    case TYPED_PARAM.int:
      return dv.getInt32(offset, true);
    case TYPED_PARAM.uint:
      return dv.getUint32(offset, true);
    case TYPED_PARAM.llong:
      return dv.getBigInt64(offset, true);
    case TYPED_PARAM.ullong:
      return dv.getBigUint64(offset, true);
    case TYPED_PARAM.double:
      return dv.getFloat64(offset, true);
    case TYPED_PARAM.boolean:
      return dv.getInt8(offset) !== 0;
    case TYPED_PARAM.string:
      return readCString(readPointer(dv, offset)) ?? '';
    default:
      // A type newer than this code: keep the raw 64 bits rather than guessing.
      return dv.getBigUint64(offset, true);
  }
}

function put(out: TypedParams, name: string, value: TypedParamValue): void {
  const prev = out[name];
  if (prev === undefined) out[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else out[name] = [prev, value];
}

/** `n` typed parameters at `ptr` as a plain object (a repeated name collects an array). */
export function decodeTypedParams(ptr: bigint, n: number): TypedParams {
  const out: TypedParams = {};
  if (n <= 0) return out;
  const p = paramLayout();
  const dv = view(ptr, p.size * n);
  for (let i = 0; i < n; i++) {
    const base = i * p.size;
    const type = dv.getInt32(base + p.type, true);
    // An unfilled slot (type 0) of a caller-allocated array, e.g. an offline CPU in virDomainGetCPUStats.
    if (type === 0) continue;
    put(out, readChars(dv, base + p.field, FIELD_LENGTH), decodeTypedValue(dv, base + p.value, type));
  }
  return out;
}

/** The C types of decoded parameters, by name, as a setter's type source (`typesFrom`). */
export function typesOf(ptr: bigint, n: number): Map<string, number> {
  const types = new Map<string, number>();
  if (n <= 0) return types;
  const p = paramLayout();
  const dv = view(ptr, p.size * n);
  for (let i = 0; i < n; i++) {
    const base = i * p.size;
    types.set(readChars(dv, base + p.field, FIELD_LENGTH), dv.getInt32(base + p.type, true));
  }
  return types;
}

function inferType(
  fn: string,
  name: string,
  value: TypedParamValue,
  known: ReadonlyMap<string, number>,
): number {
  const t = known.get(name);
  if (t !== undefined) return t;
  if (typeof value === 'string') return TYPED_PARAM.string;
  if (typeof value === 'boolean') return TYPED_PARAM.boolean;
  if (typeof value === 'bigint') return value < 0n ? TYPED_PARAM.llong : TYPED_PARAM.ullong;
  throw new InvokeArgumentError(
    fn,
    `typed parameter '${name}' is a plain number and its C type is unknown; pass { type: 'int' | 'uint' | 'llong' | 'ullong' | 'double', value }`,
  );
}

function writeValue(
  fn: string,
  name: string,
  dv: DataView,
  at: number,
  type: number,
  value: TypedParamValue,
  keep: Buffer[],
): void {
  const bad = (want: string) =>
    new InvokeArgumentError(
      fn,
      `typed parameter '${name}' must be ${want} for type ${TYPE_NAMES[type]}, got ${typeof value}`,
    );
  switch (type) {
    case TYPED_PARAM.int:
    case TYPED_PARAM.uint:
    case TYPED_PARAM.llong:
    case TYPED_PARAM.ullong: {
      // A DataView setter wraps what does not fit (2^64 → 0): every value must fit its C type exactly.
      const problem = integerProblem(value, INTEGER_TYPES[type]!);
      if (problem)
        throw new InvokeArgumentError(fn, `typed parameter '${name}' (${TYPE_NAMES[type]}) ${problem}`);
      const n = value as number | bigint;
      if (type === TYPED_PARAM.int) dv.setInt32(at, Number(n), true);
      else if (type === TYPED_PARAM.uint) dv.setUint32(at, Number(n), true);
      else if (type === TYPED_PARAM.llong) dv.setBigInt64(at, BigInt(n), true);
      else dv.setBigUint64(at, BigInt(n), true);
      return;
    }
    case TYPED_PARAM.double:
      if (typeof value !== 'number') throw bad('a number');
      dv.setFloat64(at, value, true);
      return;
    case TYPED_PARAM.boolean:
      if (typeof value !== 'boolean') throw bad('a boolean');
      dv.setInt8(at, value ? 1 : 0);
      return;
    case TYPED_PARAM.string: {
      if (typeof value !== 'string') throw bad('a string');
      const s = cString(requireCString(fn, `typed parameter '${name}'`, value));
      keep.push(s.buffer);
      dv.setBigUint64(at, s.address, true);
      return;
    }
    default:
      throw new InvokeArgumentError(fn, `typed parameter '${name}' has unknown type ${type}`);
  }
}

export interface EncodedTypedParams {
  /** the virTypedParameter array; pass it as the params pointer */
  buffer: Buffer;
  count: number;
  /** JS buffers the array points into (strings): keep them alive until the call returns */
  keep: Buffer[];
}

/** Encodes a plain object as a virTypedParameter array in JS memory (nothing for libvirt to free). */
export function encodeTypedParams(
  fn: string,
  input: TypedParamsInput,
  known: ReadonlyMap<string, number> = new Map(),
): EncodedTypedParams {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvokeArgumentError(fn, 'typed parameters must be a plain object keyed by field name');
  }
  const entries: [string, TypedParamValue | { type: TypedParamType; value: TypedParamValue }][] = [];
  for (const [name, v] of Object.entries(input)) {
    for (const one of Array.isArray(v) ? v : [v]) entries.push([name, one]);
  }
  const p = paramLayout();
  const buffer = Buffer.alloc(Math.max(1, entries.length) * p.size);
  const dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const keep: Buffer[] = [];
  entries.forEach(([name, v], i) => {
    const nameBytes = Buffer.from(requireCString(fn, 'typed parameter name', name), 'utf8');
    if (nameBytes.length >= FIELD_LENGTH) {
      throw new InvokeArgumentError(
        fn,
        `typed parameter name '${name}' is longer than ${FIELD_LENGTH - 1} bytes`,
      );
    }
    const base = i * p.size;
    nameBytes.copy(buffer, base + p.field);
    let type: number;
    let value: TypedParamValue;
    if (v !== null && typeof v === 'object') {
      type = TYPED_PARAM[v.type];
      if (type === undefined)
        throw new InvokeArgumentError(fn, `typed parameter '${name}' has unknown type '${v.type}'`);
      value = v.value;
    } else {
      value = v;
      type = inferType(fn, name, value, known);
    }
    dv.setInt32(base + p.type, type, true);
    writeValue(fn, name, dv, base + p.value, type, value, keep);
  });
  return { buffer, count: entries.length, keep };
}
