// Typed parameters: libvirt-allocated output, caller-allocated "ask for the count first" output, and input
// from a plain object.
import koffi from 'koffi';
import type { ArgRole } from '../generator/shapes.js';
import { isFailure } from './failure.js';
import { layout } from './layouts.js';
import { slot, slotPointer } from './memory.js';
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
    const ptr: bigint = koffi.address(buffer);
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
