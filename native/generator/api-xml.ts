// Reads libvirt's API description (libvirt-api.xml and friends) into a small, ordered model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export type LibraryName = 'libvirt' | 'libvirt-qemu' | 'libvirt-lxc' | 'libvirt-admin';

export interface ApiArg {
  name: string;
  type: string;
  info: string;
}

export interface ApiFunction {
  name: string;
  library: LibraryName;
  module: string;
  since: string;
  doc: string;
  returns: { type: string; info: string };
  args: ApiArg[];
}

export interface ApiFuncType {
  name: string;
  library: LibraryName;
  since: string;
  doc: string;
  returns: { type: string; info: string };
  args: ApiArg[];
}

export interface ApiEnumValue {
  name: string;
  value: number;
  /** the value as the XML spells it: a number, or another enum value's name (an alias) */
  raw?: string;
  since: string;
  info: string;
}

export interface ApiEnum {
  /** the C typedef name (the `type` attribute of `<enum>`) */
  name: string;
  library: LibraryName;
  since: string;
  doc: string;
  values: ApiEnumValue[];
}

export interface ApiField {
  name: string;
  type: string;
  info: string;
  /** set for `type='union'` fields */
  union?: ApiField[];
}

export interface ApiStruct {
  name: string;
  /** `struct _virFoo`: several typedefs share one C struct (virTypedParameter and its aliases) */
  cStruct: string;
  since: string;
  doc: string;
  fields: ApiField[];
}

export interface ApiMacro {
  name: string;
  raw?: string;
  string?: string;
}

export interface Api {
  functions: ApiFunction[];
  funcTypes: ApiFuncType[];
  enums: ApiEnum[];
  structs: ApiStruct[];
  macros: ApiMacro[];
  /** non-enum, non-struct typedefs: name → C type (`virDomainInfoPtr` → `virDomainInfo *`) */
  typedefs: Map<string, string>;
}

/** The API files read, in order, with the shared library each one's functions live in (the admin API's
 * `virAdm*` functions are libvirt-admin.so.0's, the daemon's own management interface: `libvirt-ts/admin`). */
export const API_FILES: ReadonlyArray<{ file: string; library: LibraryName }> = [
  { file: 'libvirt-api.xml', library: 'libvirt' },
  { file: 'libvirt-qemu-api.xml', library: 'libvirt-qemu' },
  { file: 'libvirt-lxc-api.xml', library: 'libvirt-lxc' },
  { file: 'libvirt-admin-api.xml', library: 'libvirt-admin' },
];

/** Where the installed libvirt keeps its API description (Debian/Ubuntu: libvirt-dev, Fedora: libvirt-devel). */
export const DEFAULT_API_DIR = '/usr/share/libvirt/api';

/** The installed libvirt's API directory: `LIBVIRT_API_DIR` overrides the default. Only
 * `npm run generate:update` reads it; generation reads the recorded copy (recorded-api.ts). */
export function installedApiDir(): string {
  return process.env.LIBVIRT_API_DIR ?? DEFAULT_API_DIR;
}

/** The newest `version` attribute of the API XML in `dir`: the libvirt release the files describe. */
export function newestSince(dir: string): string {
  let newest = [0, 0, 0];
  for (const { file } of API_FILES) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/ version='(\d+)\.(\d+)\.(\d+)'/g)) {
      const v = [Number(m[1]), Number(m[2]), Number(m[3])];
      const i = v.findIndex((x, k) => x !== newest[k]);
      if (i >= 0 && v[i]! > newest[i]!) newest = v;
    }
  }
  return newest.join('.');
}

const ARRAYS = new Set(['function', 'functype', 'arg', 'enum', 'struct', 'field', 'macro', 'typedef']);

interface RawNode {
  [key: string]: any;
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && '#text' in (v as RawNode)) return String((v as RawNode)['#text']).trim();
  return String(v).trim();
}

function args(node: RawNode): ApiArg[] {
  return ((node.arg as RawNode[] | undefined) ?? []).map((a) => ({
    name: String(a.name),
    type: String(a.type),
    info: text(a.info),
  }));
}

function fields(node: RawNode): ApiField[] {
  return ((node.field as RawNode[] | undefined) ?? []).map((f) => {
    const field: ApiField = { name: String(f.name), type: String(f.type), info: text(f.info) };
    if (f.type === 'union') field.union = fields(f.union as RawNode);
    return field;
  });
}

function parseFile(path: string): RawNode {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  return parser.parse(readFileSync(path, 'utf8')).api.symbols as RawNode;
}

export function readApi(dir: string): Api {
  const api: Api = { functions: [], funcTypes: [], enums: [], structs: [], macros: [], typedefs: new Map() };
  const enumsByType = new Map<string, ApiEnum>();
  for (const { file, library } of API_FILES) {
    const symbols = parseFile(join(dir, file));
    const typedefDocs = new Map<string, { since: string; doc: string }>();
    for (const t of (symbols.typedef as RawNode[] | undefined) ?? []) {
      typedefDocs.set(String(t.name), { since: String(t.version ?? ''), doc: text(t.info) });
      if (t.type !== 'enum' && !String(t.type).startsWith('struct '))
        api.typedefs.set(String(t.name), String(t.type));
    }
    for (const f of (symbols.function as RawNode[] | undefined) ?? []) {
      api.functions.push({
        name: String(f.name),
        library,
        module: String(f.module ?? f.file ?? ''),
        since: String(f.version ?? ''),
        doc: text(f.info),
        returns: { type: String(f.return.type), info: text(f.return.info) },
        args: args(f),
      });
    }
    for (const f of (symbols.functype as RawNode[] | undefined) ?? []) {
      api.funcTypes.push({
        name: String(f.name),
        library,
        since: String(f.version ?? ''),
        doc: text(f.info),
        returns: { type: String(f.return.type), info: text(f.return.info) },
        args: args(f),
      });
    }
    for (const e of (symbols.enum as RawNode[] | undefined) ?? []) {
      const type = String(e.type);
      let group = enumsByType.get(type);
      if (!group) {
        const td = typedefDocs.get(type);
        group = { name: type, library, since: td?.since ?? '', doc: td?.doc ?? '', values: [] };
        enumsByType.set(type, group);
        api.enums.push(group);
      }
      group.values.push({
        name: String(e.name),
        value: Number(e.value),
        raw: String(e.value),
        since: String(e.version ?? ''),
        info: text(e.info),
      });
    }
    for (const s of (symbols.struct as RawNode[] | undefined) ?? []) {
      api.structs.push({
        name: String(s.name),
        cStruct: String(s.type),
        since: String(s.version ?? ''),
        doc: text(s.info),
        fields: fields(s),
      });
    }
    for (const m of (symbols.macro as RawNode[] | undefined) ?? []) {
      const macro: ApiMacro = { name: String(m.name) };
      if (m.raw !== undefined) macro.raw = String(m.raw);
      if (m.string !== undefined) macro.string = String(m.string);
      api.macros.push(macro);
    }
  }
  resolveEnumAliases(api.enums);
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  api.functions.sort(byName);
  api.funcTypes.sort(byName);
  api.enums.sort(byName);
  for (const e of api.enums) e.values.sort((a, b) => a.value - b.value || (a.name < b.name ? -1 : 1));
  api.structs.sort(byName);
  return api;
}

/**
 * Some values are another enum value's name (`VIR_DOMAIN_VCPU_LIVE = VIR_DOMAIN_AFFECT_LIVE`,
 * `VIR_DOMAIN_BLKIO_PARAM_INT = VIR_TYPED_PARAM_INT`): give them that value, following chains.
 */
function resolveEnumAliases(enums: ApiEnum[]): void {
  const all = enums.flatMap((e) => e.values);
  const byName = new Map(all.map((v) => [v.name, v]));
  const resolve = (v: ApiEnumValue, depth: number): number => {
    if (Number.isFinite(v.value) || depth > 16) return v.value;
    const target = v.raw === undefined ? undefined : byName.get(v.raw);
    return target ? resolve(target, depth + 1) : v.value;
  };
  for (const v of all) v.value = resolve(v, 0);
}
