// Emits generated/meta.ts: the types the other generated files are written against.
import { OBJECT_TYPES } from '../tables/objects.js';
import { HEADER } from './source.js';

/** The handle kinds of tables/objects.ts as a union type, one line each. */
const HANDLE_KINDS = Object.values(OBJECT_TYPES)
  .map((o) => `  | '${o.kind}'`)
  .join('\n');

export function emitMeta(): string {
  return `${HEADER}
/** The shared library a function lives in: libvirt.so.0, libvirt-qemu.so.0, libvirt-lxc.so.0 or libvirt-admin.so.0. */
export type LibraryName = 'libvirt' | 'libvirt-qemu' | 'libvirt-lxc' | 'libvirt-admin';

/** A pointer argument as koffi accepts it: an address, NULL, or memory owned by JS. */
export type PointerArg = bigint | null | ArrayBufferView | ArrayBuffer;

/**
 * How a function reports failure, read from its documented return value: \`negative\` (a negative integer),
 * \`null\` (a NULL pointer or string), \`zero\` (an unsigned 0, as virDomainGetMaxMemory), \`all-ones\`
 * (\`(unsigned int) -1\`, as virDomainGetID) or \`none\` (the return never signals failure).
 */
export type FailureConvention = 'negative' | 'null' | 'zero' | 'all-ones' | 'none';

/** The kinds of libvirt object a \`Handle\` can point to, one per C object type (\`virDomainPtr\` is \`'domain'\`). */
export type HandleKind =
${HANDLE_KINDS};

/** One argument of a function or callback, as the API XML describes it. */
export interface ArgMeta {
  /** the argument's name in the C prototype */
  name: string;
  /** the C type, as the API XML spells it */
  type: string;
  /** libvirt's description of the argument */
  info: string;
}

/** What the generator knows of one libvirt function: its C prototype, doc, version and failure convention. */
export interface FunctionMeta {
  /** the C function's name (\`virDomainCreate\`) */
  name: string;
  /** the shared library the function lives in */
  library: LibraryName;
  /** the libvirt source module (\`libvirt-domain\`, ...) */
  module: string;
  /** the libvirt version that added the function */
  since: string;
  /** libvirt's whole description of the function */
  doc: string;
  /** the C return type and libvirt's description of the returned value */
  returns: {
    /** the C return type */
    type: string;
    /** libvirt's description of the returned value */
    info: string;
  };
  /** the C arguments, in order */
  args: readonly ArgMeta[];
  /** the koffi prototype the function is bound with */
  prototype: string;
  /** how the function reports failure */
  failure: FailureConvention;
  /** the executor lane the call runs on: 'slow' for calls that can block for seconds (guest lifecycle, jobs) */
  lane: 'quick' | 'slow';
  /** set when the function returns a libvirt object; \`owned: false\` for borrowed parents (GetConnect) */
  handle?: {
    /** the kind of object returned */
    kind: HandleKind;
    /** the C function that releases the reference (\`virDomainFree\`) */
    free: string;
    /** whether the caller owns the returned reference and must free it */
    owned: boolean;
  };
}

/** What the generator knows of one libvirt callback type (a C function pointer libvirt calls). */
export interface CallbackMeta {
  /** the shared library whose API declares the callback */
  library: LibraryName;
  /** the libvirt version that added the callback type */
  since: string;
  /** the C return type and libvirt's description of it */
  returns: {
    /** the C return type */
    type: string;
    /** libvirt's description of the returned value */
    info: string;
  };
  /** the C arguments libvirt passes, in order */
  args: readonly ArgMeta[];
  /** the koffi prototype of the callback */
  prototype: string;
}

/** The C scalar a struct field holds, as koffi names it (\`i32\`, \`u64\`, \`f64\`, ...). */
export type ScalarKind = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f64';

/** How the struct decoder reads one field (the 64-bit rule decides \`big\`). */
export type FieldKind =
  | {
      /** a C scalar */
      kind: 'scalar';
      /** which scalar */
      scalar: ScalarKind;
      /** whether the value is read as a bigint */
      big: boolean;
    }
  | {
      /** a fixed-size \`char[]\` array */
      kind: 'chars';
      /** the array's size in bytes */
      length: number;
    }
  | {
      /** a \`char *\` */
      kind: 'string';
    }
  | {
      /** any other pointer, read as a bigint */
      kind: 'pointer';
    }
  | {
      /** a C union, decoded by its own description */
      kind: 'union';
      /** the union's name in \`UNIONS\` */
      union: string;
    };

/** One field of a C struct or union. */
export interface FieldMeta {
  /** the field's C name */
  name: string;
  /** the field's C type */
  type: string;
  /** how the decoder reads it */
  field: FieldKind;
}

/** The layout of one C struct, as the struct decoder reads it. */
export interface StructMeta {
  /** the C struct tag: several typedefs share \`struct _virTypedParameter\` */
  cStruct: string;
  /** the fields, in declaration order */
  fields: readonly FieldMeta[];
}

/** The layout of one C union, as the struct decoder reads it. */
export interface UnionMeta {
  /** the members, in declaration order */
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
 * from the matching getter function (the setter's \`virDomainGet...\` twin) or, failing that, from the JS type: string → string,
 * boolean → boolean, bigint → ullong (llong when negative). A plain number needs a getter or an explicit type.
 */
export type TypedParamInput =
  | TypedParamValue
  | {
      /** the C type to send the value as */
      type: TypedParamType;
      /** the value */
      value: TypedParamValue;
    };

/** Typed parameters given to a setter, keyed by field name; an array repeats the field (migrate_disks). */
export type TypedParamsInput = Record<string, TypedParamInput | TypedParamInput[]>;

/** One record of virConnectGetAllDomainStats / virDomainListGetStats. \`dom\` is a new reference the
 * caller owns (invoke takes it before freeing the list). */
export interface DomainStatsRecord {
  /** the domain's \`virDomainPtr\`, a reference the caller owns and frees with virDomainFree */
  dom: bigint;
  /** the domain's statistics, keyed by name (\`state.state\`, \`cpu.time\`, ...) */
  params: TypedParams;
}
`;
}
