// Registers the generated struct and union definitions with koffi on this thread and records their layouts.
import koffi from 'koffi';
import type { FieldKind } from '../generated/meta.js';
import {
  STRUCT_DEFINITIONS,
  STRUCTS,
  type StructName,
  UNION_DEFINITIONS,
  UNIONS,
  type UnionName,
} from '../generated/structs.js';

export type KoffiType = ReturnType<typeof koffi.struct>;

export interface FieldLayout {
  name: string;
  offset: number;
  field: FieldKind;
}

export interface StructLayout {
  name: string;
  size: number;
  type: KoffiType;
  fields: FieldLayout[];
  byName: Map<string, FieldLayout>;
}

let layouts: Map<string, StructLayout> | undefined;

/** koffi type names are global to the thread; a second copy of this module reuses the first's types. */
function define(kind: 'struct' | 'union', name: string, members: Record<string, string>): KoffiType {
  try {
    return kind === 'struct' ? koffi.struct(name, members) : koffi.union(name, members);
  } catch (err) {
    if (err instanceof Error && /Duplicate type name/.test(err.message)) return koffi.type(name);
    throw err;
  }
}

function layoutOf(
  name: string,
  type: KoffiType,
  fields: readonly { name: string; field: FieldKind }[],
  isUnion = false,
): StructLayout {
  // Every member of a union starts at offset 0 (koffi.offsetof only takes records).
  const list = fields.map((f) => ({
    name: f.name,
    offset: isUnion ? 0 : koffi.offsetof(type, f.name),
    field: f.field,
  }));
  return {
    name,
    size: koffi.sizeof(type),
    type,
    fields: list,
    byName: new Map(list.map((f) => [f.name, f])),
  };
}

/** Every struct and union of the API, registered with koffi once per thread. */
export function structLayouts(): Map<string, StructLayout> {
  if (layouts) return layouts;
  const out = new Map<string, StructLayout>();
  for (const name of Object.keys(UNION_DEFINITIONS) as UnionName[]) {
    out.set(
      name,
      layoutOf(name, define('union', name, UNION_DEFINITIONS[name]()), UNIONS[name].fields, true),
    );
  }
  for (const name of Object.keys(STRUCT_DEFINITIONS) as StructName[]) {
    out.set(name, layoutOf(name, define('struct', name, STRUCT_DEFINITIONS[name]()), STRUCTS[name].fields));
  }
  layouts = out;
  return out;
}

export function layout(name: string): StructLayout {
  const l = structLayouts().get(name);
  if (!l) throw new Error(`no generated layout for struct ${name}`);
  return l;
}
