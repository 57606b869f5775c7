// Typed parameters: libvirt-allocated output, caller-allocated "ask for the count first" output, and input
// from a plain object.
import type { ArgRole } from '../tables/shapes.js';
import { InvokeArgumentError } from './call-failure.js';
import { isFailure } from './failure.js';
import { layout } from './layouts.js';
import { addressOf, slot, slotPointer } from './memory.js';
import { argName, type CallState, type RoleHandler } from './state.js';
import { decodeTypedParams, encodeTypedParams, typesOf } from './typed-params.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

function count(state: CallState, i: number): number {
  return (state.cArgs[i + 1] as Buffer).readInt32LE(0);
}

function decodeOrTypes(state: CallState, ptr: bigint, n: number) {
  return state.typesOnly ? typesOf(ptr, n) : decodeTypedParams(ptr, n);
}

/** `virTypedParameterPtr *params, int *nparams`: libvirt allocates; freed with virTypedParamsFree. */
export const outTypedParamsRole: RoleHandler<Role<'outTypedParams'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const ptr = slotPointer(state.cArgs[i] as Buffer);
    const n = count(state, i);
    if (!ptr) return state.typesOnly ? new Map() : {};
    try {
      return decodeOrTypes(state, ptr, n);
    } finally {
      state.ctx.fns.virTypedParamsFree!(ptr, n);
    }
  },
};

/** `virTypedParameterPtr params, int *nparams` allocated by the caller: first learn the count (a call with
 * NULL/0, or `countFrom`), then call with an array of that size. String values libvirt puts in our array
 * are freed with virTypedParamsClear. */
export const queryTypedParamsRole: RoleHandler<Role<'queryTypedParams'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = null;
  },
  beforeCall(state, role, i) {
    const countSlot = state.cArgs[i + 1] as Buffer;
    let n: number;
    if (role.countFrom) {
      const nparams = slot(8);
      const type = state.ctx.fns[role.countFrom]!(state.cArgs[0], nparams);
      if (type === null) state.ctx.fail(role.countFrom);
      n = nparams.readInt32LE(0);
    } else {
      countSlot.writeInt32LE(0, 0);
      const ret = state.fn(...state.cArgs);
      if (isFailure(state.meta.failure, ret)) state.ctx.fail(state.meta.name);
      n = countSlot.readInt32LE(0);
    }
    countSlot.writeInt32LE(n, 0);
    state.cArgs[i] = Buffer.alloc(Math.max(1, n) * layout('virTypedParameter').size);
  },
  collect(state, _role, i) {
    const buffer = state.cArgs[i] as Buffer;
    const n = count(state, i);
    const ptr = addressOf(buffer);
    try {
      return decodeOrTypes(state, ptr, n);
    } finally {
      state.ctx.fns.virTypedParamsClear!(buffer, n);
    }
  },
};

/** A plain object → a typed-parameter array in JS memory (nothing for libvirt to free). */
export const typedParamsInRole: RoleHandler<Role<'typedParamsIn'>> = {
  prepare(state, _role, i) {
    const getter = state.shape.typesFrom;
    // The getter takes the setter's invoke arguments without the params object.
    const known = getter
      ? state.ctx.typesFrom(
          getter,
          state.args.filter((_, k) => k !== state.inputPos[i]),
        )
      : new Map<string, number>();
    const encoded = encodeTypedParams(
      `${state.meta.name} ${argName(state, i)}`,
      state.inputs[i] as never,
      known,
    );
    state.keep.push(encoded.keep, encoded.buffer);
    state.cArgs[i] = encoded.buffer;
    state.lengths[i] = encoded.count;
  },
};

/** virDomainGetCPUStats: C arguments (domain, params, nparams, start_cpu, ncpus, flags). The per-CPU count
 * is asked first (params NULL, nparams 0, ncpus 1), then `ncpus` blocks of that many are filled. */
export const cpuStatsRole: RoleHandler<Role<'cpuStats'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = null;
  },
  beforeCall(state, _role, i) {
    const [dom, , , startCpu, ncpus, flags] = state.cArgs;
    if (typeof ncpus !== 'number' || !Number.isInteger(ncpus) || ncpus < 1) {
      throw new InvokeArgumentError(
        state.meta.name,
        'ncpus must be a positive integer (1 with start_cpu -1)',
      );
    }
    const perCpu = state.fn(dom, null, 0, startCpu === -1 ? -1 : 0, 1, flags) as number;
    if (isFailure(state.meta.failure, perCpu)) state.ctx.fail(state.meta.name);
    state.cArgs[i] = Buffer.alloc(Math.max(1, perCpu * ncpus) * layout('virTypedParameter').size);
    state.cArgs[i + 1] = perCpu;
  },
  collect(state, _role, i) {
    const buffer = state.cArgs[i] as Buffer;
    const perCpu = state.cArgs[i + 1] as number;
    const ncpus = state.cArgs[i + 3] as number;
    const size = layout('virTypedParameter').size;
    const base = addressOf(buffer);
    try {
      return Array.from({ length: ncpus }, (_, k) =>
        decodeTypedParams(base + BigInt(k * perCpu * size), perCpu),
      );
    } finally {
      state.ctx.fns.virTypedParamsClear!(buffer, perCpu * ncpus);
    }
  },
};

/** The nparams companion of cpuStats (set by it before the call). */
export const cpuStatsCountRole: RoleHandler<Role<'cpuStatsCount'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = 0;
  },
};
