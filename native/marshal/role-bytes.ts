// Byte buffers in and out: UUIDs, stream data, secret values, peeks, owned strings.
import type { ArgRole } from '../tables/shapes.js';
import { InvokeArgumentError } from './call-failure.js';
import { readChars, readCString, slot, slotPointer } from './memory.js';
import { sizeInput } from './role-scalars.js';
import { argIndex, argName, type CallState, type RoleHandler } from './state.js';

type Role<K extends ArgRole['role']> = Extract<ArgRole, { role: K }>;

/** VIR_UUID_BUFLEN, VIR_UUID_STRING_BUFLEN */
const UUID_BUFLEN = 16;
const UUID_STRING_BUFLEN = 37;

function bytesInput(state: CallState, i: number): Uint8Array {
  const v = state.inputs[i];
  if (!(v instanceof Uint8Array)) {
    throw new InvokeArgumentError(state.meta.name, `${argName(state, i)} must be a Uint8Array or Buffer`);
  }
  return v;
}

export const bytesInRole: RoleHandler<Role<'bytesIn'>> = {
  prepare(state, _role, i) {
    const bytes = bytesInput(state, i);
    state.cArgs[i] = bytes;
    state.lengths[i] = bytes.byteLength;
  },
};

export const uuidInRole: RoleHandler<Role<'uuidIn'>> = {
  prepare(state, _role, i) {
    const bytes = bytesInput(state, i);
    if (bytes.byteLength !== UUID_BUFLEN) {
      throw new InvokeArgumentError(
        state.meta.name,
        `${argName(state, i)} must be ${UUID_BUFLEN} bytes, got ${bytes.byteLength}`,
      );
    }
    state.cArgs[i] = bytes;
  },
};

export const outUuidRole: RoleHandler<Role<'outUuid'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = Buffer.alloc(UUID_BUFLEN);
  },
  collect(state, _role, i) {
    return new Uint8Array(state.cArgs[i] as Buffer);
  },
};

export const outUuidStringRole: RoleHandler<Role<'outUuidString'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = Buffer.alloc(UUID_STRING_BUFLEN);
  },
  collect(state, _role, i) {
    const b = state.cArgs[i] as Buffer;
    return readChars(new DataView(b.buffer, b.byteOffset, b.byteLength), 0, UUID_STRING_BUFLEN);
  },
};

export const outBytesRole: RoleHandler<Role<'outBytes'>> = {
  prepare(state, role, i) {
    state.cArgs[i] = Buffer.alloc(sizeInput(state, argIndex(state, role.sizeArg)));
  },
  collect(state, role, i) {
    const b = state.cArgs[i] as Buffer;
    if (role.filled === 'all') return new Uint8Array(b);
    const ret = Number(state.ret);
    // -2 (would block) and -3 (hole) are answers, not errors: hand them back as they are.
    if (ret < 0) return ret;
    return new Uint8Array(b.subarray(0, Math.min(ret, b.byteLength)));
  },
};

/** `char **`: one owned string, freed after decoding. */
export const outStringRole: RoleHandler<Role<'outString'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
  collect(state, _role, i) {
    const p = slotPointer(state.cArgs[i] as Buffer);
    try {
      return readCString(p);
    } finally {
      state.ctx.free(p);
    }
  },
};

/** `size_t *` length of the owned buffer the function returns; the engine reads it. */
export const outLengthOfReturnRole: RoleHandler<Role<'outLengthOfReturn'>> = {
  prepare(state, _role, i) {
    state.cArgs[i] = slot(8);
  },
};
