// Emits generated/shaped-api.ts: the argument and result types of invoke() for every function in shapes.ts.

import { type ArgRole, isInputRole, isOutputRole, SHAPES, type Shape } from '../tables/shapes.js';
import type { Api, ApiFunction } from './api-xml.js';
import { mapArg, mapReturn, type TypeEnv } from './ctypes.js';
import { paramName } from './emit-functions.js';
import { HEADER, jsdoc, key, prose } from './source.js';

function inputType(role: ArgRole, ctype: string, env: TypeEnv): string {
  switch (role.role) {
    case 'bytesIn':
    case 'uuidIn':
      return 'Uint8Array';
    case 'stringsIn':
      return 'string[]';
    case 'uintsIn':
    case 'intsIn':
      return 'number[]';
    case 'handlesIn':
      return 'bigint[]';
    case 'typedParamsIn':
      return 'TypedParamsInput';
    default:
      return mapArg(ctype, env).ts;
  }
}

function outputType(role: ArgRole): string {
  switch (role.role) {
    case 'outScalar':
      return role.big ? 'bigint' : 'number';
    case 'outStruct':
      return role.struct;
    case 'outStructArray':
    case 'outStructList':
    case 'outInfoList':
      return `${role.struct}[]`;
    case 'outString':
      return 'string | null';
    case 'outBytes':
      // a negative return that is not the error (-2: would block, -3: hole) comes back as that number
      return role.filled === 'return' ? 'Uint8Array | number' : 'Uint8Array';
    case 'outUuid':
    case 'outCpumap':
      return 'Uint8Array';
    case 'outUuidString':
      return 'string';
    case 'outHandles':
      return 'bigint[]';
    case 'outNames':
    case 'outStringList':
      return 'string[]';
    case 'outInts':
    case 'outU64Array':
    case 'outIntList':
      return 'number[]';
    case 'queryStructArray':
      return `${role.struct}[]`;
    case 'cpuStats':
      return 'TypedParams[]';
    case 'outTypedParams':
    case 'queryTypedParams':
      return 'TypedParams';
    case 'outStatsRecords':
      return 'DomainStatsRecord[]';
    case 'outCpumaps':
      return 'Uint8Array[]';
    default:
      throw new Error(`role ${role.role} has no output type`);
  }
}

export function resultType(fn: ApiFunction, s: Shape, env: TypeEnv): string {
  if (s.roles.some((r) => r.role === 'outLengthOfReturn')) return 'Uint8Array';
  const outs = s.roles.map((r, i) => ({ r, arg: fn.args[i]! })).filter(({ r }) => isOutputRole(r));
  if (outs.length === 0) return mapReturn(fn.returns.type, env).ts;
  if (outs.length === 1 && !s.keepReturn) return outputType(outs[0]!.r);
  // One member per out-param, each with libvirt's description of that argument.
  const members = outs.map(
    ({ r, arg }) =>
      `${jsdoc([`\`${arg.type}\` ${prose(arg.info.replace(/\n/g, ' '))}`], '    ')}    ${key(arg.name)}: ${outputType(r)};`,
  );
  if (s.keepReturn) {
    const info = prose(fn.returns.info.replace(/\n/g, ' '));
    members.push(`${jsdoc([`The C function's return value: ${info}`], '    ')}    ret: number;`);
  }
  return `{\n${members.join('\n')}\n  }`;
}

/** Checks a shape against its function so a typo in shapes.ts fails generation, not a call. */
export function checkShape(fn: ApiFunction, s: Shape): void {
  if (s.roles.length !== fn.args.length) {
    throw new Error(`shapes.ts: ${fn.name} has ${fn.args.length} arguments but ${s.roles.length} roles`);
  }
  s.roles.forEach((r, i) => {
    const names = fn.args.map((a) => a.name);
    if (
      (r.role === 'outU64Array' && !names.includes(r.maxArg)) ||
      (r.role === 'outBytes' && !names.includes(r.sizeArg)) ||
      (r.role === 'outCpumaps' && !names.includes(r.countArg))
    ) {
      throw new Error(`shapes.ts: ${fn.name} role ${i} names an argument it does not have`);
    }
    if (r.role === 'in' && /\*\*|^(virTypedParameterPtr|unsigned char \*)$/.test(fn.args[i]!.type.trim())) {
      throw new Error(
        `shapes.ts: ${fn.name} passes ${fn.args[i]!.type} ${fn.args[i]!.name} through unshaped`,
      );
    }
  });
}

export function emitShapedApi(api: Api, env: TypeEnv): string {
  const byName = new Map(api.functions.map((f) => [f.name, f]));
  for (const name of Object.keys(SHAPES)) {
    if (!byName.has(name)) throw new Error(`shapes.ts names ${name}, which the API XML does not have`);
  }
  const members = api.functions
    .filter((fn) => SHAPES[fn.name])
    .map((fn) => {
      const s = SHAPES[fn.name]!;
      checkShape(fn, s);
      const inputs = s.roles.map((r, i) => ({ r, arg: fn.args[i]! })).filter(({ r }) => isInputRole(r));
      const params = inputs.map(({ r, arg }) => `${paramName(arg.name)}: ${inputType(r, arg.type, env)}`);
      // libvirt's whole description; @param for the arguments invoke() takes (out-params are its result).
      const doc = jsdoc(
        [
          prose(fn.doc),
          '',
          ...inputs.map(
            ({ arg }) =>
              `@param ${paramName(arg.name)} \`${arg.type}\` ${prose(arg.info.replace(/\n/g, ' '))}`,
          ),
          `@since ${fn.since} (${fn.library})`,
        ],
        '  ',
      );
      return `${doc}  ${key(fn.name)}(${params.join(', ')}): ${resultType(fn, s, env)};`;
    });
  return `${HEADER}import type { FunctionName } from './functions.js';
import type { DomainStatsRecord, PointerArg, TypedParams, TypedParamsInput } from './meta.js';
import type { RawApi } from './raw-api.js';
import type {
${[
  ...new Set(Object.values(SHAPES).flatMap((s) => s.roles.flatMap((r) => ('struct' in r ? [r.struct] : [])))),
]
  .sort()
  .map((n) => `  ${n},`)
  .join('\n')}
} from './structs.js';

/**
 * invoke()'s argument and result types for the functions whose pointer arguments have a known role (out-params,
 * arrays, owned memory): the arguments are the inputs alone, the out-params come back as the result.
 */
export interface ShapedApi {
${members.join('\n')}
}

/** invoke()'s signature for every function: shaped ones take plain data, the rest match RawApi. */
export type InvokeApi = Omit<RawApi, keyof ShapedApi> & ShapedApi;

/** The arguments \`invoke()\` and \`call()\` take for the function \`N\`. */
export type InvokeArgs<N extends FunctionName> = Parameters<InvokeApi[N]>;
/** What \`invoke()\` returns (and \`call()\` resolves to) for the function \`N\`. */
export type InvokeResult<N extends FunctionName> = ReturnType<InvokeApi[N]>;
`;
}
