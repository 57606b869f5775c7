// Pass-through arguments, computed lengths and sizes, and scalar out-params.
import type { ArgRole } from '../tables/shapes.js';
import { InvokeArgumentError } from './call-failure.js';
import { layout } from './layouts.js';
import { slot } from './memory.js';
import { argName, type CallState, type RoleHandler } from './state.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

export const inRole: RoleHandler<Role<'in'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = state.inputs[i];
  },
};

export const lengthOfPrevRole: RoleHandler<Role<'lengthOfPrev'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = state.lengths[i - 1] ?? 0;
  },
};

export const sizeofPrevRole: RoleHandler<Role<'sizeofPrev'>> = {
  prepare(state, _role, i) {
    const prev = state.shape.roles[i - 1];
    if (prev?.role !== 'outStruct') throw new Error(`${state.meta.name}: sizeofPrev must follow outStruct`);
    state.cArgs[i] = layout(prev.struct).size;
  },
};

/** The count companion of a typed-parameter output: an int initialised to 0. */
export const countOutRole: RoleHandler<Role<'countOut'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
};

export const outScalarRole: RoleHandler<Role<'outScalar'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, role, i) {
    const b = state.cArgs[i] as Buffer;
    switch (role.scalar) {
      case 'i32':
        return b.readInt32LE(0);
      case 'u32':
        return b.readUInt32LE(0);
      case 'i64':
        return role.big ? b.readBigInt64LE(0) : Number(b.readBigInt64LE(0));
      case 'u64':
        return role.big ? b.readBigUInt64LE(0) : Number(b.readBigUInt64LE(0));
      case 'f64':
        return b.readDoubleLE(0);
      default:
        throw new Error(`${state.meta.name}: unsupported out scalar ${role.scalar} for ${argName(state, i)}`);
    }
  },
};

/** A non-negative integer input that sizes a buffer (maxnames, nbytes, ...). */
export function sizeInput(state: CallState, i: number, what = argName(state, i)): number {
  const v = state.inputs[i];
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new InvokeArgumentError(
      state.meta.name,
      `${what} must be a non-negative integer, got ${String(v)}`,
    );
  }
  return n;
}

/** Filled, once every argument is prepared, with the element count of the following `*In` argument. */
export const lengthOfNextRole: RoleHandler<Role<'lengthOfNext'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = 0;
  },
  beforeCall(state, _role, i) {
    state.cArgs[i] = state.lengths[i + 1] ?? 0;
  },
};
