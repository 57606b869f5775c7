// CPU maps: the host map libvirt allocates, and the per-vCPU maps of a caller buffer.
import type { ArgRole } from '../tables/shapes.js';
import { copyBytes, slot, slotPointer } from './memory.js';
import { sizeInput } from './role-scalars.js';
import { argIndex, type RoleHandler } from './state.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

/** `unsigned char **cpumap` of virNodeGetCPUMap: one bit per host CPU (the return value), freed. */
export const outCpumapRole: RoleHandler<Role<'outCpumap'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const p = slotPointer(state.cArgs[i] as Buffer);
    try {
      return p ? copyBytes(p, Math.ceil(Number(state.ret) / 8)) : new Uint8Array(0);
    } finally {
      state.ctx.free(p);
    }
  },
};

/** `count` maps of `maplen` bytes (maplen is the next argument); the return value says how many were
 * filled. */
export const outCpumapsRole: RoleHandler<Role<'outCpumaps'>> = {
  prepare(state, role, i) {
    const count = sizeInput(state, argIndex(state, role.countArg));
    const maplen = sizeInput(state, i + 1);
    state.cArgs[i] = Buffer.alloc(Math.max(1, count * maplen));
  },
  collect(state, role, i) {
    const b = state.cArgs[i] as Buffer;
    const count = Math.min(Number(state.ret), sizeInput(state, argIndex(state, role.countArg)));
    const maplen = sizeInput(state, i + 1);
    const maps: Uint8Array[] = [];
    for (let k = 0; k < count; k++) maps.push(new Uint8Array(b.subarray(k * maplen, (k + 1) * maplen)));
    return maps;
  },
};
