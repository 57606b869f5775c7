// Decodes C structs into plain objects by their generated layout (DataView reads; 64-bit rule per field).
import { STRUCT_ARRAYS } from '../tables/struct-arrays.js';
import { layout, type StructLayout } from './layouts.js';
import { copyBytes, readChars, readCString, readPointer, readPointers, view } from './memory.js';
import { decodeTypedParams, decodeTypedValue } from './typed-params.js';

function readScalar(dv: DataView, offset: number, scalar: string, big: boolean): number | bigint {
  switch (scalar) {
    case 'i8':
      return dv.getInt8(offset);
    case 'u8':
      return dv.getUint8(offset);
    case 'i16':
      return dv.getInt16(offset, true);
    case 'u16':
      return dv.getUint16(offset, true);
    case 'i32':
      return dv.getInt32(offset, true);
    case 'u32':
      return dv.getUint32(offset, true);
    case 'i64': {
      const v = dv.getBigInt64(offset, true);
      return big ? v : Number(v);
    }
    case 'u64': {
      const v = dv.getBigUint64(offset, true);
      return big ? v : Number(v);
    }
    default:
      return dv.getFloat64(offset, true);
  }
}

/** Decodes the struct `name` found at `base` inside `dv`; counted pointer arrays (STRUCT_ARRAYS) are
 * followed and copied, so the result stays valid after libvirt frees the memory. */
export function decodeStructAt(name: string, dv: DataView, base = 0): Record<string, unknown> {
  const l: StructLayout = layout(name);
  const out: Record<string, unknown> = {};
  for (const f of l.fields) {
    const at = base + f.offset;
    const k = f.field;
    switch (k.kind) {
      case 'scalar':
        out[f.name] = readScalar(dv, at, k.scalar, k.big);
        break;
      case 'chars':
        out[f.name] = readChars(dv, at, k.length);
        break;
      case 'string':
        out[f.name] = readCString(readPointer(dv, at));
        break;
      case 'pointer':
        out[f.name] = readPointer(dv, at);
        break;
      case 'union':
        // Every union in the API is a typed-parameter value, told apart by the sibling `type` field.
        out[f.name] = decodeTypedValue(dv, at, dv.getInt32(base + l.byName.get('type')!.offset, true));
        break;
    }
  }
  for (const f of l.fields) {
    const array = STRUCT_ARRAYS[`${name}.${f.name}`];
    if (!array) continue;
    const ptr = out[f.name] as bigint | null;
    const n = Number(out[array.count]);
    if (array.element === 'string') {
      out[f.name] = ptr ? readPointers(ptr, n).map((p) => readCString(p) ?? '') : [];
    } else if (array.element === 'bytes') {
      out[f.name] = ptr ? copyBytes(ptr, n) : new Uint8Array(0);
    } else if (array.element === 'typedParams') {
      out[f.name] = ptr ? decodeTypedParams(ptr, n) : {};
    } else {
      out[f.name] = ptr ? decodeStructArray(array.element.struct, ptr, n) : [];
    }
  }
  return out;
}

/** `n` structs stored contiguously at `ptr`. */
export function decodeStructArray(name: string, ptr: bigint, n: number): Record<string, unknown>[] {
  if (n <= 0) return [];
  const size = layout(name).size;
  const dv = view(ptr, size * n);
  const out: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = decodeStructAt(name, dv, i * size);
  return out;
}

/** One struct at address `ptr`. */
export function decodeStruct(name: string, ptr: bigint): Record<string, unknown> {
  return decodeStructAt(name, view(ptr, layout(name).size));
}
