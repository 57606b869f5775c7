/**
 * A compact binary encoding of plain data into a shared byte region. It exists because structured clone
 * (`v8.serialize`) costs ~3 µs per side for a tiny call, more than the whole round-trip budget.
 *
 * Supported values: undefined, null, booleans, numbers, bigints, strings, Uint8Array, arrays and plain objects.
 * Anything else throws `TypeError`; a value that does not fit throws `CodecOverflow` so the caller can fall back
 * to `postMessage`.
 */

enum Tag {
  Undefined = 0,
  Null = 1,
  False = 2,
  True = 3,
  Int32 = 4,
  Float64 = 5,
  BigInt64 = 6,
  BigIntText = 7,
  String = 8,
  Array = 9,
  Object = 10,
  Bytes = 11,
}

/** The value does not fit in the region; send it another way. */
export class CodecOverflow extends Error {}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Writer {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  #pos = 0;

  constructor(buffer: SharedArrayBuffer | ArrayBuffer, offset: number, length: number) {
    this.#view = new DataView(buffer, offset, length);
    this.#bytes = new Uint8Array(buffer, offset, length);
  }

  /** Encodes `value` from the start of the region and returns the byte length written. */
  encode(value: unknown): number {
    this.#pos = 0;
    this.#write(value);
    return this.#pos;
  }

  #need(n: number): void {
    if (this.#pos + n > this.#bytes.length) throw new CodecOverflow('value too large for the shared buffer');
  }

  #tag(t: Tag): void {
    this.#need(1);
    this.#bytes[this.#pos++] = t;
  }

  #u32(n: number): void {
    this.#need(4);
    this.#view.setUint32(this.#pos, n, true);
    this.#pos += 4;
  }

  #string(s: string): void {
    // Worst case UTF-8 is 3 bytes per UTF-16 unit; check the bound before writing.
    this.#need(4 + s.length * 3);
    const lenAt = this.#pos;
    this.#pos += 4;
    let n = 0;
    if (s.length < 64) {
      for (; n < s.length; n++) {
        const c = s.charCodeAt(n);
        if (c > 0x7f) break;
        this.#bytes[this.#pos + n] = c;
      }
    }
    if (n < s.length) n = encoder.encodeInto(s, this.#bytes.subarray(this.#pos)).written;
    this.#view.setUint32(lenAt, n, true);
    this.#pos += n;
  }

  #write(value: unknown): void {
    switch (typeof value) {
      case 'undefined':
        this.#tag(Tag.Undefined);
        return;
      case 'boolean':
        this.#tag(value ? Tag.True : Tag.False);
        return;
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.#tag(Tag.Int32);
          this.#need(4);
          this.#view.setInt32(this.#pos, value, true);
          this.#pos += 4;
        } else {
          this.#tag(Tag.Float64);
          this.#need(8);
          this.#view.setFloat64(this.#pos, value, true);
          this.#pos += 8;
        }
        return;
      case 'bigint':
        if (value >= INT64_MIN && value <= INT64_MAX) {
          this.#tag(Tag.BigInt64);
          this.#need(8);
          this.#view.setBigInt64(this.#pos, value, true);
          this.#pos += 8;
        } else {
          this.#tag(Tag.BigIntText);
          this.#string(value.toString());
        }
        return;
      case 'string':
        this.#tag(Tag.String);
        this.#string(value);
        return;
      case 'object':
        if (value === null) {
          this.#tag(Tag.Null);
          return;
        }
        if (Array.isArray(value)) {
          this.#tag(Tag.Array);
          this.#u32(value.length);
          for (const item of value) this.#write(item);
          return;
        }
        if (value instanceof Uint8Array) {
          this.#tag(Tag.Bytes);
          this.#u32(value.length);
          this.#need(value.length);
          this.#bytes.set(value, this.#pos);
          this.#pos += value.length;
          return;
        }
        if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
          const keys = Object.keys(value);
          this.#tag(Tag.Object);
          this.#u32(keys.length);
          for (const key of keys) {
            this.#string(key);
            this.#write((value as Record<string, unknown>)[key]);
          }
          return;
        }
        throw new TypeError(`cannot send a ${value.constructor?.name ?? 'object'} across threads`);
      default:
        throw new TypeError(`cannot send a ${typeof value} across threads`);
    }
  }
}

export class Reader {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  #pos = 0;

  constructor(buffer: SharedArrayBuffer | ArrayBuffer, offset: number, length: number) {
    this.#view = new DataView(buffer, offset, length);
    this.#bytes = new Uint8Array(buffer, offset, length);
  }

  decode(): unknown {
    this.#pos = 0;
    return this.#read();
  }

  #u32(): number {
    const n = this.#view.getUint32(this.#pos, true);
    this.#pos += 4;
    return n;
  }

  #string(): string {
    const n = this.#u32();
    const start = this.#pos;
    this.#pos += n;
    if (n < 64) {
      let s = '';
      for (let i = start; i < start + n; i++) {
        const c = this.#bytes[i]!;
        if (c > 0x7f) return decoder.decode(this.#bytes.slice(start, start + n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    // TextDecoder refuses views of a SharedArrayBuffer, hence the copy.
    return decoder.decode(this.#bytes.slice(start, start + n));
  }

  #read(): unknown {
    const tag = this.#bytes[this.#pos++] as Tag;
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int32: {
        const n = this.#view.getInt32(this.#pos, true);
        this.#pos += 4;
        return n;
      }
      case Tag.Float64: {
        const n = this.#view.getFloat64(this.#pos, true);
        this.#pos += 8;
        return n;
      }
      case Tag.BigInt64: {
        const n = this.#view.getBigInt64(this.#pos, true);
        this.#pos += 8;
        return n;
      }
      case Tag.BigIntText:
        return BigInt(this.#string());
      case Tag.String:
        return this.#string();
      case Tag.Array: {
        const n = this.#u32();
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.#read();
        return out;
      }
      case Tag.Object: {
        const n = this.#u32();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.#string();
          out[key] = this.#read();
        }
        return out;
      }
      case Tag.Bytes: {
        const n = this.#u32();
        const out = this.#bytes.slice(this.#pos, this.#pos + n);
        this.#pos += n;
        return out;
      }
      default:
        throw new Error(`corrupt executor message: unknown tag ${tag as number}`);
    }
  }
}
