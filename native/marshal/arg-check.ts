// Arguments passed to C unchanged are checked against their C type before the call, because koffi converts
// silently or dangerously:
// - a pointer: a JS string given for a `void *` is passed as the address of its bytes, and libvirt would read
//   it as an object (SIGSEGV). A wrong bigint cannot be caught here; Handles above this layer prevent that.
// - a `const char *`: a number or bigint is taken as an address (SIGSEGV), and a string containing NUL reaches
//   C cut at the NUL (a domain named "a\0b" would be defined as "a").
// - an integer: koffi wraps or saturates what does not fit (2^64 → 0, 1e308 → INT64_MAX, -1 → UINT_MAX, 1.5 → 1,
//   NaN → 0). Every value must fit the C type exactly.
import type { FunctionMeta } from '../generated/meta.js';
import { objectType } from '../tables/objects.js';
import { InvokeArgumentError } from './call-failure.js';

/** The integer C types of koffi prototypes: their range, inclusive, and as doubles `[min, end)` (exact). */
const INTEGERS = {
  int32_t: { min: -(2n ** 31n), max: 2n ** 31n - 1n, minN: -(2 ** 31), endN: 2 ** 31, c: 'int' },
  uint32_t: { min: 0n, max: 2n ** 32n - 1n, minN: 0, endN: 2 ** 32, c: 'unsigned int' },
  int64_t: {
    min: -(2n ** 63n),
    max: 2n ** 63n - 1n,
    minN: -(2 ** 63),
    endN: 2 ** 63,
    c: '64-bit signed integer',
  },
  uint64_t: { min: 0n, max: 2n ** 64n - 1n, minN: 0, endN: 2 ** 64, c: '64-bit unsigned integer' },
} as const;
export type IntegerType = keyof typeof INTEGERS;

type ArgCheck =
  /** a libvirt object: a bigint or null only */
  | { index: number; kind: 'object' }
  /** another pointer: a bigint, null, or JS memory (Buffer, TypedArray, ArrayBuffer) */
  | { index: number; kind: 'memory' }
  /** `const char *`: a string without NUL, or null/undefined (NULL) */
  | { index: number; kind: 'string' }
  | { index: number; kind: 'integer'; type: IntegerType }
  | { index: number; kind: 'double' };

const cache = new Map<string, readonly ArgCheck[]>();

/** The koffi type of each argument of a prototype like `int32_t f(void *a, const char *b)`. */
function prototypeTypes(prototype: string): string[] {
  const inner = /\((.*)\)\s*$/.exec(prototype)?.[1]?.trim() ?? '';
  if (inner === '' || inner === 'void') return [];
  return inner.split(',').map((p) =>
    p
      .trim()
      .replace(/\s*\w+$/, '')
      .replace(/\s*\*/g, ' *')
      .trim(),
  );
}

function argChecks(meta: FunctionMeta): readonly ArgCheck[] {
  let checks = cache.get(meta.name);
  if (!checks) {
    const types = prototypeTypes(meta.prototype);
    const list: ArgCheck[] = [];
    for (const [index, a] of meta.args.entries()) {
      const t = a.type.replace(/\s+/g, ' ').trim();
      const k = types[index];
      if (objectType(t)) list.push({ index, kind: 'object' });
      else if (t === 'const char *' || k === 'const char *') list.push({ index, kind: 'string' });
      else if (k !== undefined && k in INTEGERS)
        list.push({ index, kind: 'integer', type: k as IntegerType });
      else if (k === 'double') list.push({ index, kind: 'double' });
      else if (t.includes('*') || /Ptr$|Func$|Callback$/.test(t)) list.push({ index, kind: 'memory' });
    }
    checks = list;
    cache.set(meta.name, checks);
  }
  return checks;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${typeof v} ${v}`;
  return typeof v;
}

/**
 * Why `v` is not a value of the integer C type `type`, or undefined when it is one (a number or a bigint,
 * exactly representable in the type).
 */
export function integerProblem(v: unknown, type: IntegerType): string | undefined {
  const { min, max, minN, endN, c } = INTEGERS[type];
  // Numbers are compared as doubles (no BigInt per call): the bounds are powers of two, exact in a double.
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= minN && v < endN) return undefined;
    if (!Number.isInteger(v)) return `must be an integer (${c}), got ${describe(v)}`;
  } else if (typeof v === 'bigint') {
    if (v >= min && v <= max) return undefined;
  } else return `must be an integer (${c}), got ${describe(v)}`;
  return `must be an integer from ${min} to ${max} (${c}), got ${describe(v)}`;
}

/** Why `s` cannot be a C string, or undefined: C would read it only up to the first NUL. */
export function cStringProblem(s: string): string | undefined {
  const at = s.indexOf('\0');
  return at < 0
    ? undefined
    : `must not contain a NUL character (U+0000, found at index ${at}): C would cut it there`;
}

/** Throws InvokeArgumentError unless `s` is a string C can hold whole (no NUL); `what` names it. */
export function requireCString(fn: string, what: string, s: unknown): string {
  if (typeof s !== 'string')
    throw new InvokeArgumentError(fn, `${what} must be a string, got ${describe(s)}`);
  const problem = cStringProblem(s);
  if (problem) throw new InvokeArgumentError(fn, `${what} ${problem}`);
  return s;
}

/**
 * Throws InvokeArgumentError for an argument koffi would misread: a wrong pointer, a non-string or a string
 * with NUL for `const char *`, an integer that does not fit its C type. `only` limits the check to the C
 * argument indexes that are passed through unchanged (shaped functions marshal the others).
 */
export function checkArgs(
  meta: FunctionMeta,
  cArgs: readonly unknown[],
  only?: (i: number) => boolean,
): void {
  for (const check of argChecks(meta)) {
    const i = check.index;
    if (only && !only(i)) continue;
    const v = cArgs[i];
    const name = meta.args[i]!.name;
    switch (check.kind) {
      case 'object':
        if (typeof v !== 'bigint' && v !== null) {
          throw new InvokeArgumentError(
            meta.name,
            `${name} must be a bigint pointer or null, got ${describe(v)}`,
          );
        }
        break;
      case 'memory':
        if (typeof v !== 'bigint' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) {
          throw new InvokeArgumentError(
            meta.name,
            `${name} must be a bigint pointer, null or a Buffer/TypedArray, got ${describe(v)}`,
          );
        }
        break;
      case 'string':
        // undefined is passed as NULL by koffi, like null.
        if (v !== null && v !== undefined) requireCString(meta.name, name, v);
        break;
      case 'integer': {
        const problem = integerProblem(v, check.type);
        if (problem) throw new InvokeArgumentError(meta.name, `${name} ${problem}`);
        break;
      }
      case 'double':
        if (typeof v !== 'number') {
          throw new InvokeArgumentError(meta.name, `${name} must be a number, got ${describe(v)}`);
        }
        break;
    }
  }
}
