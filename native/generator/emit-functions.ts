// Emits generated/functions.ts (metadata of every function) and generated/raw-api.ts (the RawApi interface).

import { laneOfFunction } from '../tables/lanes.js';
import { objectType, returnsBorrowedObject } from '../tables/objects.js';
import { SHAPES } from '../tables/shapes.js';
import type { Api, ApiFunction } from './api-xml.js';
import { mapArg, mapReturn, normalize, type TypeEnv } from './ctypes.js';
import { failureOf } from './failure.js';
import { HEADER, jsdoc, key, prose, str } from './source.js';

const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'await',
]);

export function paramName(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** koffi spelling of one argument, after the shapes table had its say (byte buffers declared `const char *`). */
function koffiArg(fn: ApiFunction, index: number, env: TypeEnv): string {
  const role = SHAPES[fn.name]?.roles[index];
  if (role?.role === 'bytesIn') return 'void *';
  return mapArg(fn.args[index]!.type, env).koffi;
}

function tsArg(fn: ApiFunction, index: number, env: TypeEnv): string {
  const role = SHAPES[fn.name]?.roles[index];
  if (role?.role === 'bytesIn') return 'PointerArg';
  return mapArg(fn.args[index]!.type, env).ts;
}

export function prototypeOf(fn: ApiFunction, env: TypeEnv): string {
  const ret = mapReturn(fn.returns.type, env).koffi;
  const args = fn.args.map((a, i) => {
    const t = koffiArg(fn, i, env);
    return `${t}${t.endsWith('*') ? '' : ' '}${a.name}`;
  });
  return `${ret}${ret.endsWith('*') || ret.endsWith('!') ? '' : ' '}${fn.name}(${args.join(', ')})`;
}

function handleOf(fn: ApiFunction): string {
  const obj = objectType(normalize(fn.returns.type));
  if (!obj) return '';
  const owned = !returnsBorrowedObject(fn.name);
  return `\n    handle: { kind: ${str(obj.kind)}, free: ${str(obj.free)}, owned: ${owned} },`;
}

export function emitFunctions(api: Api, env: TypeEnv): string {
  const names = api.functions.map((f) => `  | ${str(f.name)}`).join('\n');
  const entries = api.functions.map((fn) => {
    const args = fn.args
      .map((a) => `      { name: ${str(a.name)}, type: ${str(a.type)}, info: ${str(a.info)} },`)
      .join('\n');
    return `  ${fn.name}: {
    name: ${str(fn.name)},
    library: ${str(fn.library)},
    module: ${str(fn.module)},
    since: ${str(fn.since)},
    doc: ${str(fn.doc)},
    returns: { type: ${str(fn.returns.type)}, info: ${str(fn.returns.info)} },
    args: [${args ? `\n${args}\n    ` : ''}],
    prototype: ${str(prototypeOf(fn, env))},
    failure: ${str(failureOf(fn))},
    lane: ${str(laneOfFunction(fn.name))},${handleOf(fn)}
  },`;
  });
  return `${HEADER}import type { FunctionMeta } from './meta.js';

/** The name of every function of libvirt, libvirt-qemu, libvirt-lxc and libvirt-admin described by the API XML. */
export type FunctionName =
${names};

/** Metadata of every function, keyed by name, in name order. */
export const FUNCTIONS: Readonly<Record<FunctionName, FunctionMeta>> = {
${entries.join('\n')}
};
`;
}

export function emitRawApi(api: Api, env: TypeEnv): string {
  const members = api.functions.map((fn) => {
    const params = fn.args.map((a, i) => `${paramName(a.name)}: ${tsArg(fn, i, env)}`).join(', ');
    const ret = mapReturn(fn.returns.type, env).ts;
    const doc = jsdoc(
      [
        prose(fn.doc),
        '',
        ...fn.args.map(
          (a) => `@param ${paramName(a.name)} \`${a.type}\` ${prose(a.info.replace(/\n/g, ' '))}`,
        ),
        `@returns \`${fn.returns.type}\` ${prose(fn.returns.info.replace(/\n/g, ' '))}`,
        `@since ${fn.since} (${fn.library})`,
      ],
      '  ',
    );
    return `${doc}  ${key(fn.name)}(${params}): ${ret};`;
  });
  return `${HEADER}import type { PointerArg } from './meta.js';

/**
 * Every libvirt function as koffi binds it: synchronous, pointers as \`bigint\`, out-params and arrays as raw
 * memory; \`int\` is a \`number\`, 64-bit integers are \`number | bigint\`, strings are \`string | null\` (a
 * returned \`char *\` is decoded and freed). \`invoke()\` adds the marshalling (\`ShapedApi\`).
 */
export interface RawApi {
${members.join('\n')}
}
`;
}
