// Emits generated/structs.ts: TS interfaces (decoded form), field metadata and koffi definitions.

import { STRUCT_ARRAYS } from '../tables/struct-arrays.js';
import type { Api, ApiField, ApiStruct } from './api-xml.js';
import { type FieldKind, fieldKind, fieldKoffi, fieldTs, type TypeEnv } from './ctypes.js';
import { HEADER, jsdoc, key, prose, str } from './source.js';

export function unionName(s: ApiStruct, f: ApiField): string {
  return `${s.name}${f.name[0]!.toUpperCase()}${f.name.slice(1)}`;
}

function kindLiteral(k: FieldKind, union?: string): string {
  switch (k.kind) {
    case 'scalar':
      return `{ kind: 'scalar', scalar: ${str(k.scalar)}, big: ${k.big} }`;
    case 'chars':
      return `{ kind: 'chars', length: ${k.length} }`;
    case 'union':
      return `{ kind: 'union', union: ${str(union!)} }`;
    default:
      return `{ kind: ${str(k.kind)} }`;
  }
}

export function emitStructs(api: Api, env: TypeEnv, macros: ReadonlyMap<string, string>): string {
  const withFields = api.structs.filter((s) => s.fields.length > 0);
  const opaque = api.structs.filter((s) => s.fields.length === 0).map((s) => s.name);
  const unions: { name: string; fields: ApiField[]; doc: string }[] = [];
  const interfaces: string[] = [];
  const metas: string[] = [];
  const defs: string[] = [];

  for (const s of withFields) {
    const members: string[] = [];
    const fieldMetas: string[] = [];
    const koffiFields: string[] = [];
    for (const f of s.fields) {
      const k = fieldKind(s.name, f, env, macros);
      let ts = fieldTs(k);
      let union: string | undefined;
      if (k.kind === 'union') {
        union = unionName(s, f);
        unions.push({ name: union, fields: f.union ?? [], doc: f.info });
        ts = union;
      }
      const array = STRUCT_ARRAYS[`${s.name}.${f.name}`];
      if (array) ts = array.tsType;
      members.push(
        `${jsdoc([prose(f.info), `C: \`${f.type}\``].filter(Boolean), '  ')}  ${key(f.name)}: ${ts};`,
      );
      fieldMetas.push(
        `      { name: ${str(f.name)}, type: ${str(f.type)}, field: ${kindLiteral(k, union)} },`,
      );
      koffiFields.push(`    ${key(f.name)}: ${str(fieldKoffi(k, union ?? ''))},`);
    }
    interfaces.push(
      `${jsdoc([prose(s.doc) || `\`${s.cStruct}\``, s.since ? `@since ${s.since}` : ''].filter(Boolean))}export interface ${s.name} {\n${members.join('\n')}\n}\n`,
    );
    metas.push(
      `  ${s.name}: {\n    cStruct: ${str(s.cStruct)},\n    fields: [\n${fieldMetas.join('\n')}\n    ],\n  },`,
    );
    defs.push(`  ${s.name}: () => ({\n${koffiFields.join('\n')}\n  }),`);
  }

  const unionIfaces = unions.map((u) => {
    const members = u.fields.map((f) => {
      const k = fieldKind(u.name, f, env, macros);
      return `${jsdoc([prose(f.info)], '  ')}  ${key(f.name)}: ${fieldTs(k)};`;
    });
    return `${jsdoc([prose(u.doc)])}export interface ${u.name} {\n${members.join('\n')}\n}\n`;
  });
  const unionMetas = unions.map((u) => {
    const fields = u.fields.map(
      (f) =>
        `      { name: ${str(f.name)}, type: ${str(f.type)}, field: ${kindLiteral(fieldKind(u.name, f, env, macros))} },`,
    );
    return `  ${u.name}: {\n    fields: [\n${fields.join('\n')}\n    ],\n  },`;
  });
  const unionDefs = unions.map((u) => {
    const fields = u.fields.map(
      (f) => `    ${key(f.name)}: ${str(fieldKoffi(fieldKind(u.name, f, env, macros), ''))},`,
    );
    return `  ${u.name}: () => ({\n${fields.join('\n')}\n  }),`;
  });

  return `${HEADER}import type { StructMeta, TypedParams, UnionMeta } from './meta.js';

${unionIfaces.join('\n')}
${interfaces.join('\n')}
/** Every struct with a known layout. */
export type StructName =
${withFields.map((s) => `  | ${str(s.name)}`).join('\n')};

/** Every union member of a struct. */
export type UnionName =
${unions.map((u) => `  | ${str(u.name)}`).join('\n')};

/** Opaque object structs (\`virDomain\`, ...): only ever handled through pointers. */
export const OPAQUE_STRUCTS = [${opaque.map(str).join(', ')}] as const;

/** The layout of every union member of a struct, keyed by \`UnionName\`. */
export const UNIONS: Readonly<Record<UnionName, UnionMeta>> = {
${unionMetas.join('\n')}
};

/** The layout of every struct with fields, keyed by \`StructName\`. */
export const STRUCTS: Readonly<Record<StructName, StructMeta>> = {
${metas.join('\n')}
};

/** koffi member definitions of every union (registered before the structs that embed them). */
export const UNION_DEFINITIONS: Readonly<Record<UnionName, () => Record<string, string>>> = {
${unionDefs.join('\n')}
};

/** koffi member definitions of every struct; a union member is named by its UnionName. */
export const STRUCT_DEFINITIONS: Readonly<Record<StructName, () => Record<string, string>>> = {
${defs.join('\n')}
};
`;
}
