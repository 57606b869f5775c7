/**
 * C type mapping rules — the one place that decides how a libvirt C type crosses the koffi boundary.
 *
 * Function arguments and returns (the raw layer, `RawApi`):
 * | C type                               | koffi            | TypeScript            | why |
 * | ------------------------------------ | ---------------- | --------------------- | --- |
 * | `int`, `unsigned int`                | same             | `number`              | 32-bit |
 * | `long long`, `unsigned long long`,   | same             | `number \| bigint`    | 64-bit on linux x64; koffi hands out a number when it is safe, a bigint otherwise, and accepts both |
 * | `unsigned long`, `long`, `size_t`    |                  |                       | |
 * | `double`                             | `double`         | `number`              | |
 * | `const char *` argument              | `const char *`   | `string \| null`      | koffi copies the JS string for the call |
 * | `const char *` return                | `const char *`   | `string \| null`      | borrowed: libvirt keeps ownership (names live as long as their object) |
 * | `char *` return                      | `char *!`        | `string \| null`      | owned by the caller (libvirt's rule): koffi decodes, then frees it. Plain `char *` would leak, and freeing it later aborts |
 * | `unsigned char *` return             | `void *`         | `bigint \| null`      | owned bytes of a length given elsewhere (virSecretGetValue): decoded and freed by the shape |
 * | `virXxxPtr` return                   | `void *`         | `bigint \| null`      | one reference, owned by the caller unless the metadata says `owned: false` |
 * | any other pointer argument           | `void *`         | `PointerArg`          | bigint address, `null`, or a Buffer/TypedArray/ArrayBuffer whose memory is passed; direction/array-ness come from shapes.ts |
 * | callback types (`virXxxFunc`, ...)   | `void *`         | `PointerArg`          | a pointer from `koffi.register`, wired by the event-loop thread |
 *
 * Struct fields (koffi struct definitions, TS interfaces and the invoke decoders):
 * | C type                       | koffi                    | TypeScript              |
 * | ---------------------------- | ------------------------ | ----------------------- |
 * | `char`, `unsigned char`      | `char` / `unsigned char` | `number`                |
 * | `unsigned short`             | `unsigned short`         | `number`                |
 * | `int`, `unsigned int`, enums | `int` / `unsigned int`   | `number`                |
 * | 64-bit integers              | same C name              | `number` or `bigint` by the 64-bit rule below |
 * | `char name[N]`               | `char[N]`                | `string` (NUL-terminated inside the array) |
 * | `char *`, `const char *`     | `void *`                 | `string \| null` when decoded (owned by the enclosing struct's free function) |
 * | other pointers               | `void *`                 | `bigint \| null`        |
 *
 * The 64-bit rule (raw layer and invoke results): a value is a `bigint` only where it can exceed 2^53 —
 * times in nanoseconds, cumulative counters (every field of the *Stats structs), and `llong`/`ullong` typed
 * parameters; every other 64-bit value (memory in KiB, sizes in bytes, job times in ms) is a `number`.
 * `isBigField()` below is that rule, applied per struct field.
 */
import type { Scalar } from '../tables/shapes.js';

/** What the generator knows about named types: enum typedefs (all `int`-sized) and plain typedefs
 * (`virDomainBlockJobCursor` is an `unsigned long long`). */
export type { Scalar };

export interface TypeEnv {
  enums: ReadonlySet<string>;
  typedefs: ReadonlyMap<string, string>;
}

/** C integer and float spellings seen in the API XML, with their linux x64 width and signedness. */
const SCALARS: Record<string, Scalar> = {
  char: 'i8',
  'unsigned char': 'u8',
  short: 'i16',
  'unsigned short': 'u16',
  int: 'i32',
  'unsigned int': 'u32',
  long: 'i64',
  'unsigned long': 'u64',
  'long long': 'i64',
  'long long int': 'i64',
  'unsigned long long': 'u64',
  'unsigned long long int': 'u64',
  size_t: 'u64',
  double: 'f64',
};

/** koffi's spelling of each scalar kind (used for struct fields, where the name must be unambiguous). */
export const KOFFI_SCALAR: Record<Scalar, string> = {
  i8: 'int8_t',
  u8: 'uint8_t',
  i16: 'int16_t',
  u16: 'uint16_t',
  i32: 'int32_t',
  u32: 'uint32_t',
  i64: 'int64_t',
  u64: 'uint64_t',
  f64: 'double',
};

export const SCALAR_SIZE: Record<Scalar, number> = {
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  i64: 8,
  u64: 8,
  f64: 8,
};

export function normalize(ctype: string): string {
  return ctype.replace(/\s+/g, ' ').replace(/\s*\*/g, ' *').replace(/\* \*/g, '**').trim();
}

/** The scalar kind of a C type, or undefined when it is not a scalar. Enum typedefs count as `int`. */
export function scalarOf(ctype: string, env: TypeEnv): Scalar | undefined {
  const t = normalize(ctype);
  if (t in SCALARS) return SCALARS[t];
  if (env.enums.has(t)) return 'i32';
  const aliased = env.typedefs.get(t);
  if (aliased !== undefined && aliased !== t) return scalarOf(aliased, env);
  return undefined;
}

export function isPointer(ctype: string): boolean {
  return ctype.includes('*') || /Ptr$/.test(ctype.trim()) || /Func$|Callback$/.test(ctype.trim());
}

export interface ArgMapping {
  koffi: string;
  ts: string;
}

const SIXTY_FOUR = new Set<Scalar>(['i64', 'u64']);

/** How a function argument is declared to koffi and typed in RawApi. */
export function mapArg(ctype: string, env: TypeEnv): ArgMapping {
  const t = normalize(ctype);
  if (t === 'const char *') return { koffi: 'const char *', ts: 'string | null' };
  const scalar = scalarOf(t, env);
  if (scalar) {
    return { koffi: KOFFI_SCALAR[scalar], ts: SIXTY_FOUR.has(scalar) ? 'number | bigint' : 'number' };
  }
  return { koffi: 'void *', ts: 'PointerArg' };
}

/** How a function return is declared to koffi and typed in RawApi. */
export function mapReturn(ctype: string, env: TypeEnv): ArgMapping {
  const t = normalize(ctype);
  if (t === 'void') return { koffi: 'void', ts: 'void' };
  if (t === 'const char *') return { koffi: 'const char *', ts: 'string | null' };
  if (t === 'char *') return { koffi: 'char *!', ts: 'string | null' };
  const scalar = scalarOf(t, env);
  if (scalar) {
    return { koffi: KOFFI_SCALAR[scalar], ts: SIXTY_FOUR.has(scalar) ? 'number | bigint' : 'number' };
  }
  return { koffi: 'void *', ts: 'bigint | null' };
}

/** The kind of a struct field as the generic decoder reads it. */
export type FieldKind =
  | { kind: 'scalar'; scalar: Scalar; big: boolean }
  | { kind: 'chars'; length: number }
  | { kind: 'string' }
  | { kind: 'pointer' }
  | { kind: 'union' };

/** Struct names whose 64-bit fields are all cumulative counters. */
const COUNTER_STRUCTS = /Stats(Struct)?$|StatStruct$/;

/** The 64-bit rule applied to one struct field: see the table at the top of this file. */
export function isBigField(structName: string, fieldName: string, info: string): boolean {
  if (COUNTER_STRUCTS.test(structName)) return true;
  return /nanosecond/i.test(info) || fieldName === 'cpuTime';
}

/** Parse `char name[LEN]`, resolving a macro length (`VIR_UUID_BUFLEN`, `(256 + 1)`). */
export function charArrayLength(ctype: string, macros: ReadonlyMap<string, string>): number | undefined {
  const m = /^char \w+\[([^\]]+)\]$/.exec(normalize(ctype));
  if (!m) return undefined;
  return evalLength(m[1]!, macros);
}

export function evalLength(expr: string, macros: ReadonlyMap<string, string>, depth = 0): number {
  if (depth > 5) throw new Error(`macro expansion too deep: ${expr}`);
  const expanded = expr.replace(/[A-Z_][A-Z0-9_]+/g, (name) => {
    const raw = macros.get(name);
    if (raw === undefined) throw new Error(`unknown macro ${name} in array length ${expr}`);
    return String(evalLength(raw, macros, depth + 1));
  });
  if (!/^[\d\s()+*-]+$/.test(expanded)) throw new Error(`unsupported array length expression: ${expr}`);
  // The expression is checked to be digits and arithmetic only.
  return Function(`"use strict"; return (${expanded});`)() as number;
}

export function fieldKind(
  structName: string,
  field: { name: string; type: string; info: string },
  env: TypeEnv,
  macros: ReadonlyMap<string, string>,
): FieldKind {
  const t = normalize(field.type);
  if (t === 'union') return { kind: 'union' };
  const chars = charArrayLength(t, macros);
  if (chars !== undefined) return { kind: 'chars', length: chars };
  if (t === 'char *' || t === 'const char *') return { kind: 'string' };
  const scalar = scalarOf(t, env);
  if (scalar) {
    const big = SIXTY_FOUR.has(scalar) && isBigField(structName, field.name, field.info);
    return { kind: 'scalar', scalar, big };
  }
  return { kind: 'pointer' };
}

/** The TS type of a decoded struct field. */
export function fieldTs(kind: FieldKind): string {
  switch (kind.kind) {
    case 'scalar':
      return kind.big ? 'bigint' : 'number';
    case 'chars':
      return 'string';
    case 'string':
      return 'string | null';
    case 'pointer':
      return 'bigint | null';
    case 'union':
      return 'TypedParameterValue';
  }
}

/** The koffi member spelling of a struct field. */
export function fieldKoffi(kind: FieldKind, unionType: string): string {
  switch (kind.kind) {
    case 'scalar':
      return KOFFI_SCALAR[kind.scalar];
    case 'chars':
      return `char[${kind.length}]`;
    case 'string':
    case 'pointer':
      return 'void *';
    case 'union':
      return unionType;
  }
}
