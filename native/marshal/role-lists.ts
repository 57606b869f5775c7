// Name, ID and string lists: caller-sized (`char **names, int maxnames`), libvirt-allocated (`char ***`),
// and string/number arrays given to libvirt.
import type { ArgRole } from '../tables/shapes.js';
import { requireCString } from './arg-check.js';
import { InvokeArgumentError } from './call-failure.js';
import { cString, readCString, readPointers, slot, slotPointer, view } from './memory.js';
import { sizeInput } from './role-scalars.js';
import { argIndex, argName, type CallState, type RoleHandler } from './state.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

/** Reads `n` owned strings from a pointer array and frees each one. */
function takeStrings(state: CallState, pointers: bigint[]): string[] {
  const out: string[] = [];
  try {
    for (const p of pointers) out.push(readCString(p) ?? '');
  } finally {
    for (const p of pointers) state.ctx.free(p);
  }
  return out;
}

export const outNamesRole: RoleHandler<Role<'outNames'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = Buffer.alloc(Math.max(1, sizeInput(state, i + 1)) * 8);
  },
  collect(state, _role, i) {
    const b = state.cArgs[i] as Buffer;
    const n = Number(state.ret);
    const pointers: bigint[] = [];
    for (let k = 0; k < n; k++) pointers.push(b.readBigUInt64LE(k * 8));
    return takeStrings(state, pointers);
  },
};

export const outIntsRole: RoleHandler<Role<'outInts'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = new Int32Array(Math.max(1, sizeInput(state, i + 1)));
  },
  collect(state, _role, i) {
    return Array.from((state.cArgs[i] as Int32Array).subarray(0, Number(state.ret)));
  },
};

export const outU64ArrayRole: RoleHandler<Role<'outU64Array'>> = {
  prepare(state, role, i) {
    state.cArgs[i] = new BigUint64Array(Math.max(1, sizeInput(state, argIndex(state, role.maxArg))));
  },
  collect(state, _role, i) {
    return Array.from((state.cArgs[i] as BigUint64Array).subarray(0, Number(state.ret)), Number);
  },
};

/** `char ***`: libvirt allocates the array and the strings; all freed. */
export const outStringListRole: RoleHandler<Role<'outStringList'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const array = slotPointer(state.cArgs[i] as Buffer);
    if (!array) return [];
    try {
      return takeStrings(state, readPointers(array, Number(state.ret)));
    } finally {
      state.ctx.free(array);
    }
  },
};

export const stringsInRole: RoleHandler<Role<'stringsIn'>> = {
  prepare(state, _role, i) {
    const list = state.inputs[i];
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) {
      throw new InvokeArgumentError(state.meta.name, `${argName(state, i)} must be an array of strings`);
    }
    const b = Buffer.alloc((list.length + 1) * 8);
    list.forEach((s: string, k) => {
      const c = cString(requireCString(state.meta.name, `${argName(state, i)}[${k}]`, s));
      state.keep.push(c.buffer);
      b.writeBigUInt64LE(c.address, k * 8);
    });
    state.cArgs[i] = b;
    state.lengths[i] = list.length;
  },
};

export const uintsInRole: RoleHandler<Role<'uintsIn'>> = {
  prepare(state, _role, i) {
    const list = state.inputs[i];
    if (!Array.isArray(list) || list.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffffffff)) {
      throw new InvokeArgumentError(
        state.meta.name,
        `${argName(state, i)} must be an array of unsigned 32-bit integers`,
      );
    }
    state.cArgs[i] = Uint32Array.from(list as number[]);
    state.lengths[i] = list.length;
  },
};

export const intsInRole: RoleHandler<Role<'intsIn'>> = {
  prepare(state, _role, i) {
    const list = state.inputs[i];
    if (!Array.isArray(list) || list.some((n) => !Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff)) {
      throw new InvokeArgumentError(
        state.meta.name,
        `${argName(state, i)} must be an array of 32-bit integers`,
      );
    }
    state.cArgs[i] = Int32Array.from(list as number[]);
    state.lengths[i] = list.length;
  },
};

/** `int **`: libvirt allocates the array, count = return; freed after reading. */
export const outIntListRole: RoleHandler<Role<'outIntList'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const array = slotPointer(state.cArgs[i] as Buffer);
    if (!array) return [];
    try {
      const n = Number(state.ret);
      const dv = view(array, n * 4);
      return Array.from({ length: n }, (_, k) => dv.getInt32(k * 4, true));
    } finally {
      state.ctx.free(array);
    }
  },
};
