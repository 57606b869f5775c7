// Struct out-params: one struct, caller-sized arrays, libvirt-allocated arrays, and info lists whose
// elements have their own free function.
import type { ArgRole } from '../tables/shapes.js';
import { isFailure } from './failure.js';
import { layout } from './layouts.js';
import { readPointer, readPointers, slot, slotPointer } from './memory.js';
import { sizeInput } from './role-scalars.js';
import type { RoleHandler } from './state.js';
import { decodeStruct, decodeStructArray, decodeStructAt } from './structs.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

function dataView(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export const outStructRole: RoleHandler<Role<'outStruct'>> = {
  prepare(state, role, i) {
    state.cArgs[i] = Buffer.alloc(layout(role.struct).size);
  },
  collect(state, role, i) {
    return decodeStructAt(role.struct, dataView(state.cArgs[i] as Buffer));
  },
};

/** A caller-allocated array sized by the next argument; the return value says how many were filled. */
export const outStructArrayRole: RoleHandler<Role<'outStructArray'>> = {
  prepare(state, role, i) {
    state.cArgs[i] = Buffer.alloc(Math.max(1, sizeInput(state, i + 1)) * layout(role.struct).size);
  },
  collect(state, role, i) {
    const dv = dataView(state.cArgs[i] as Buffer);
    const size = layout(role.struct).size;
    const n = Math.min(Number(state.ret), Math.floor(dv.byteLength / size));
    const out: Record<string, unknown>[] = [];
    try {
      for (let k = 0; k < n; k++) out.push(decodeStructAt(role.struct, dv, k * size));
    } finally {
      if (role.freeStrings) freeStringFields(state.ctx.free, role.struct, dv, n, size);
    }
    return out;
  },
};

/** Frees the `char *` members libvirt filled into caller-allocated structs (virDomainDiskError.disk). */
function freeStringFields(
  free: (p: bigint | null) => void,
  struct: string,
  dv: DataView,
  n: number,
  size: number,
) {
  const strings = layout(struct).fields.filter((f) => f.field.kind === 'string');
  for (let k = 0; k < n; k++) for (const f of strings) free(readPointer(dv, k * size + f.offset));
}

/** One libvirt-allocated array of structs with no owned members (virSecurityLabel), freed with free(). */
export const outStructListRole: RoleHandler<Role<'outStructList'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, role, i) {
    const array = slotPointer(state.cArgs[i] as Buffer);
    try {
      return array ? decodeStructArray(role.struct, array, Number(state.ret)) : [];
    } finally {
      state.ctx.free(array);
    }
  },
};

/** An array of pointers to structs, each freed by its own function, then the array with free(). */
export const outInfoListRole: RoleHandler<Role<'outInfoList'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, role, i) {
    const array = slotPointer(state.cArgs[i] as Buffer);
    if (!array) return [];
    const items = readPointers(array, Number(state.ret));
    const freeItem = state.ctx.fns[role.free]!;
    try {
      return items.map((p) => decodeStruct(role.struct, p));
    } finally {
      for (const p of items) freeItem(p);
      state.ctx.free(array);
    }
  },
};

/** A caller-allocated struct array whose size is asked first: a call with NULL/0 sets the count (the
 * following `countOut`), then the real call fills that many (virNodeGetCPUStats). */
export const queryStructArrayRole: RoleHandler<Role<'queryStructArray'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = null;
  },
  beforeCall(state, role, i) {
    const countSlot = state.cArgs[i + 1] as Buffer;
    countSlot.writeInt32LE(0, 0);
    const ret = state.fn(...state.cArgs);
    if (isFailure(state.meta.failure, ret)) state.ctx.fail(state.meta.name);
    const n = countSlot.readInt32LE(0);
    state.cArgs[i] = Buffer.alloc(Math.max(1, n) * layout(role.struct).size);
  },
  collect(state, role, i) {
    const n = (state.cArgs[i + 1] as Buffer).readInt32LE(0);
    const dv = dataView(state.cArgs[i] as Buffer);
    const size = layout(role.struct).size;
    return Array.from({ length: n }, (_, k) => decodeStructAt(role.struct, dv, k * size));
  },
};
