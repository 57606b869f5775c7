// What changed between two libvirt API descriptions: the report `npm run generate:update` prints.
import type { Api, ApiFunction } from './api-xml.js';

export interface NameChanges {
  added: string[];
  removed: string[];
  /** present in both with a different C signature (functions, callbacks) or field list (structs) */
  changed: string[];
}

export interface ApiChanges {
  functions: NameChanges;
  callbacks: NameChanges;
  enums: NameChanges;
  enumValues: NameChanges;
  structs: NameChanges;
}

function signature(f: Pick<ApiFunction, 'returns' | 'args'>): string {
  return `${f.returns.type}(${f.args.map((a) => a.type).join(',')})`;
}

function compare(before: Map<string, string>, after: Map<string, string>): NameChanges {
  const out: NameChanges = { added: [], removed: [], changed: [] };
  for (const [name, sig] of after) {
    const old = before.get(name);
    if (old === undefined) out.added.push(name);
    else if (old !== sig) out.changed.push(name);
  }
  for (const name of before.keys()) if (!after.has(name)) out.removed.push(name);
  for (const list of [out.added, out.removed, out.changed]) list.sort();
  return out;
}

function index(api: Api) {
  return {
    functions: new Map(api.functions.map((f) => [f.name, signature(f)])),
    callbacks: new Map(api.funcTypes.map((f) => [f.name, signature(f)])),
    enums: new Map(api.enums.map((e) => [e.name, ''])),
    enumValues: new Map(api.enums.flatMap((e) => e.values.map((v) => [v.name, String(v.value)] as const))),
    structs: new Map(
      api.structs.map((s) => [s.name, s.fields.map((f) => `${f.type} ${f.name}`).join(';')] as const),
    ),
  };
}

export function apiChanges(before: Api, after: Api): ApiChanges {
  const a = index(before);
  const b = index(after);
  return {
    functions: compare(a.functions, b.functions),
    callbacks: compare(a.callbacks, b.callbacks),
    enums: compare(a.enums, b.enums),
    enumValues: compare(a.enumValues, b.enumValues),
    structs: compare(a.structs, b.structs),
  };
}

const LABELS: Record<keyof ApiChanges, string> = {
  functions: 'functions',
  callbacks: 'callback types',
  enums: 'enums',
  enumValues: 'enum values',
  structs: 'structs',
};

/** One summary line per kind, then every added, removed and changed name. */
export function formatApiChanges(changes: ApiChanges): string {
  const lines: string[] = [];
  for (const kind of Object.keys(LABELS) as (keyof ApiChanges)[]) {
    const c = changes[kind];
    lines.push(
      `${LABELS[kind]}: ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed`,
    );
    for (const name of c.added) lines.push(`  + ${name}`);
    for (const name of c.removed) lines.push(`  - ${name}`);
    for (const name of c.changed) lines.push(`  ~ ${name}`);
  }
  return `${lines.join('\n')}\n`;
}
