// Emits generated/meta.ts: the types the other generated files are written against.
import { OBJECT_TYPES } from '../tables/objects.js';
import { HEADER } from './source.js';

/** The handle kinds of tables/objects.ts as a union type, one line each. */
const HANDLE_KINDS = Object.values(OBJECT_TYPES)
  .map((o) => `  | '${o.kind}'`)
  .join('\n');

export function emitMeta(): string {
  return `${HEADER}
export type LibraryName = 'libvirt' | 'libvirt-qemu' | 'libvirt-lxc' | 'libvirt-admin';

/** A pointer argument as koffi accepts it: an address, NULL, or memory owned by JS. */
export type PointerArg = bigint | null | ArrayBufferView | ArrayBuffer;

/** How a function reports failure: see native/generator/failure.ts. */
export type FailureConvention = 'negative' | 'null' | 'zero' | 'all-ones' | 'none';

export type HandleKind =
${HANDLE_KINDS};

export interface ArgMeta {
  name: string;
  /** the C type, as the API XML spells it */
  type: string;
  info: string;
}

export interface FunctionMeta {
  name: string;
  library: LibraryName;
  /** the libvirt source module (\`libvirt-domain\`, ...) */
  module: string;
  /** the libvirt version that added the function */
  since: string;
  doc: string;
  returns: { type: string; info: string };
  args: readonly ArgMeta[];
  /** the koffi prototype the function is bound with */
  prototype: string;
  failure: FailureConvention;
  /** the executor lane the call runs on (native/tables/lanes.ts): 'slow' for calls that can block for seconds */
  lane: 'quick' | 'slow';
  /** set when the function returns a libvirt object; \`owned: false\` for borrowed parents (GetConnect) */
  handle?: { kind: HandleKind; free: string; owned: boolean };
}

export interface CallbackMeta {
  library: LibraryName;
  since: string;
  returns: { type: string; info: string };
  args: readonly ArgMeta[];
  prototype: string;
}

export type ScalarKind = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f64';

/** How the struct decoder reads one field (the 64-bit rule decides \`big\`). */
export type FieldKind =
  | { kind: 'scalar'; scalar: ScalarKind; big: boolean }
  | { kind: 'chars'; length: number }
  | { kind: 'string' }
  | { kind: 'pointer' }
  | { kind: 'union'; union: string };

export interface FieldMeta {
  name: string;
  type: string;
  field: FieldKind;
}

export interface StructMeta {
  /** the C struct tag: several typedefs share \`struct _virTypedParameter\` */
  cStruct: string;
  fields: readonly FieldMeta[];
}

export interface UnionMeta {
  fields: readonly FieldMeta[];
}

/** One decoded typed parameter value (64-bit integers are bigints: see the 64-bit rule). */
export type TypedParamValue = number | bigint | string | boolean;

/** Decoded typed parameters, keyed by field name; a name that repeats holds an array of its values. */
export type TypedParams = Record<string, TypedParamValue | TypedParamValue[]>;
${emitInvokeTypes()}`;
}

/** Extra types of invoke's inputs and results, appended to meta.ts. */
export function emitInvokeTypes(): string {
  return `
/** The C type names of typed parameters (virTypedParameterType without its prefix). */
export type TypedParamType = 'int' | 'uint' | 'llong' | 'ullong' | 'double' | 'boolean' | 'string';

/**
 * One typed parameter given to a setter: an explicit \`{ type, value }\`, or a plain value whose type comes
 * from the matching getter (\`typesFrom\` in shapes.ts) or, failing that, from the JS type: string → string,
 * boolean → boolean, bigint → ullong (llong when negative). A plain number needs a getter or an explicit type.
 */
export type TypedParamInput = TypedParamValue | { type: TypedParamType; value: TypedParamValue };

/** Typed parameters given to a setter, keyed by field name; an array repeats the field (migrate_disks). */
export type TypedParamsInput = Record<string, TypedParamInput | TypedParamInput[]>;

/** One record of virConnectGetAllDomainStats / virDomainListGetStats. \`dom\` is a new reference the
 * caller owns (invoke takes it before freeing the list). */
export interface DomainStatsRecord {
  dom: bigint;
  params: TypedParams;
}
`;
}
