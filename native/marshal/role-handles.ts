// Arrays of object pointers: ListAll* results (new references) and NULL-terminated input lists.
import type { ArgRole } from '../tables/shapes.js';
import { InvokeArgumentError } from './call-failure.js';
import { readPointers, slot, slotPointer } from './memory.js';
import { argName, type RoleHandler } from './state.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

/** `virXxxPtr **`: libvirt allocates the array; each element is a reference the caller now owns. */
export const outHandlesRole: RoleHandler<Role<'outHandles'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const array = slotPointer(state.cArgs[i] as Buffer);
    try {
      return array ? readPointers(array, Number(state.ret)) : [];
    } finally {
      state.ctx.free(array);
    }
  },
};

/** bigint[] → a NULL-terminated `virXxxPtr *` in JS memory. */
export const handlesInRole: RoleHandler<Role<'handlesIn'>> = {
  prepare(state, _role, i) {
    const list = state.inputs[i];
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'bigint' || p === 0n)) {
      throw new InvokeArgumentError(
        state.meta.name,
        `${argName(state, i)} must be an array of non-NULL bigint pointers`,
      );
    }
    const b = Buffer.alloc((list.length + 1) * 8);
    for (const [k, p] of (list as bigint[]).entries()) b.writeBigUInt64LE(p, k * 8);
    state.cArgs[i] = b;
    state.lengths[i] = list.length;
  },
};
