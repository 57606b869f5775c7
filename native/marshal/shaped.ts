// invoke() for shaped functions: prepare every C argument by its role, call, check failure, collect the
// outputs, free what libvirt handed over.
import type { FunctionMeta } from '../generated/meta.js';
import { type ArgRole, isInputRole, isOutputRole, type Shape } from '../tables/shapes.js';
import { checkArgs } from './arg-check.js';
import { InvokeArgumentError } from './call-failure.js';
import { isFailure } from './failure.js';
import { copyBytes } from './memory.js';
import {
  bytesInRole,
  outBytesRole,
  outLengthOfReturnRole,
  outStringRole,
  outUuidRole,
  outUuidStringRole,
  uuidInRole,
} from './role-bytes.js';
import { outCpumapRole, outCpumapsRole } from './role-cpumaps.js';
import { handlesInRole, outHandlesRole } from './role-handles.js';
import {
  intsInRole,
  outIntListRole,
  outIntsRole,
  outNamesRole,
  outStringListRole,
  outU64ArrayRole,
  stringsInRole,
  uintsInRole,
} from './role-lists.js';
import {
  countOutRole,
  inRole,
  lengthOfNextRole,
  lengthOfPrevRole,
  outScalarRole,
  sizeofPrevRole,
} from './role-scalars.js';
import { outStatsRecordsRole } from './role-stats.js';
import {
  outInfoListRole,
  outStructArrayRole,
  outStructListRole,
  outStructRole,
  queryStructArrayRole,
} from './role-structs.js';
import {
  cpuStatsCountRole,
  cpuStatsRole,
  outTypedParamsRole,
  queryTypedParamsRole,
  typedParamsInRole,
} from './role-typed-params.js';
import type { AnyFn, CallState, MarshalContext, RoleHandler } from './state.js';

export type { MarshalContext } from './state.js';

const HANDLERS: { [K in ArgRole['role']]: RoleHandler<Extract<ArgRole, { role: K }>> } = {
  in: inRole,
  bytesIn: bytesInRole,
  uuidIn: uuidInRole,
  intsIn: intsInRole,
  lengthOfNext: lengthOfNextRole,
  outIntList: outIntListRole,
  queryStructArray: queryStructArrayRole,
  cpuStats: cpuStatsRole,
  cpuStatsCount: cpuStatsCountRole,
  stringsIn: stringsInRole,
  uintsIn: uintsInRole,
  handlesIn: handlesInRole,
  typedParamsIn: typedParamsInRole,
  lengthOfPrev: lengthOfPrevRole,
  sizeofPrev: sizeofPrevRole,
  outScalar: outScalarRole,
  outStruct: outStructRole,
  outStructArray: outStructArrayRole,
  outString: outStringRole,
  outUuid: outUuidRole,
  outUuidString: outUuidStringRole,
  outHandles: outHandlesRole,
  outNames: outNamesRole,
  outInts: outIntsRole,
  outU64Array: outU64ArrayRole,
  outStringList: outStringListRole,
  outTypedParams: outTypedParamsRole,
  queryTypedParams: queryTypedParamsRole,
  countOut: countOutRole,
  outStatsRecords: outStatsRecordsRole,
  outInfoList: outInfoListRole,
  outStructList: outStructListRole,
  outBytes: outBytesRole,
  outLengthOfReturn: outLengthOfReturnRole,
  outCpumap: outCpumapRole,
  outCpumaps: outCpumapsRole,
};

function handler(role: ArgRole): RoleHandler {
  return HANDLERS[role.role] as RoleHandler;
}

function call(name: string, fn: AnyFn, cArgs: unknown[]): unknown {
  try {
    return fn(...cArgs);
  } catch (err) {
    if (err instanceof TypeError) throw new InvokeArgumentError(name, err.message);
    throw err;
  }
}

export function invokeShaped(
  ctx: MarshalContext,
  meta: FunctionMeta,
  shape: Shape,
  fn: AnyFn,
  args: readonly unknown[],
  typesOnly = false,
): unknown {
  const { roles } = shape;
  const wanted = roles.filter(isInputRole).length;
  if (args.length !== wanted) {
    const names = roles.flatMap((r, i) => (isInputRole(r) ? [meta.args[i]!.name] : []));
    throw new InvokeArgumentError(
      meta.name,
      `takes ${wanted} arguments (${names.join(', ')}), got ${args.length}`,
    );
  }
  const state: CallState = {
    ctx,
    meta,
    shape,
    fn,
    args,
    inputs: new Array(roles.length),
    inputPos: new Array(roles.length).fill(-1),
    cArgs: new Array(roles.length),
    lengths: new Array(roles.length),
    keep: [],
    ret: undefined,
    typesOnly,
  };
  let k = 0;
  roles.forEach((r, i) => {
    if (isInputRole(r)) {
      state.inputPos[i] = k;
      state.inputs[i] = args[k++];
    }
  });
  checkArgs(meta, state.inputs, (i) => roles[i]!.role === 'in');
  for (const [i, r] of roles.entries()) handler(r).prepare(state, r, i);
  for (const [i, r] of roles.entries()) handler(r).beforeCall?.(state, r, i);
  state.ret = call(meta.name, fn, state.cArgs);
  if (isFailure(meta.failure, state.ret)) ctx.fail(meta.name);

  const lengthIndex = roles.findIndex((r) => r.role === 'outLengthOfReturn');
  if (lengthIndex >= 0) {
    // The function returns an owned buffer whose length it wrote to a size_t out-param.
    const p = state.ret as bigint;
    try {
      return copyBytes(p, Number((state.cArgs[lengthIndex] as Buffer).readBigUInt64LE(0)));
    } finally {
      ctx.free(p);
    }
  }
  const outputs: [string, unknown][] = [];
  let firstError: unknown;
  roles.forEach((r, i) => {
    if (!isOutputRole(r)) return;
    // Collect every output even when one fails to decode, so each frees what libvirt handed over.
    try {
      outputs.push([meta.args[i]!.name, handler(r).collect?.(state, r, i)]);
    } catch (err) {
      firstError ??= err;
    }
  });
  if (firstError !== undefined) throw firstError;
  if (outputs.length === 0) return state.ret;
  if (outputs.length === 1 && !shape.keepReturn) return outputs[0]![1];
  const result: Record<string, unknown> = Object.fromEntries(outputs);
  if (shape.keepReturn) result.ret = state.ret;
  return result;
}
