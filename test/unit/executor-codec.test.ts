import { describe, expect, it } from 'vitest';
import { CodecOverflow, Reader, Writer } from '../../native/executor/codec.js';

function roundTrip(value: unknown, size = 4096): unknown {
  const buffer = new SharedArrayBuffer(size);
  new Writer(buffer, 0, size).encode(value);
  return new Reader(buffer, 0, size).decode();
}

describe('executor codec', () => {
  it('round-trips every supported kind of plain data', () => {
    const value = {
      nothing: null,
      missing: undefined,
      yes: true,
      no: false,
      small: -42,
      fraction: 1.5,
      negativeZero: -0,
      beyondInt32: 2 ** 40,
      pointer: 0x7fff_1234_5678n,
      huge: (1n << 64n) + 5n,
      ascii: 'virDomainLookupByName',
      unicode: 'héllo ✓ 😀',
      long: 'x'.repeat(1000),
      bytes: new Uint8Array([0, 1, 255]),
      nested: [[1, 'a'], { k: [null] }],
    };
    expect(roundTrip(value)).toEqual(value);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
  });

  it('reports a value too large for the region as CodecOverflow', () => {
    expect(() => roundTrip('y'.repeat(100), 64)).toThrow(CodecOverflow);
  });

  it('refuses values that are not plain data', () => {
    expect(() => roundTrip(new Map())).toThrow(TypeError);
    expect(() => roundTrip(() => 1)).toThrow(TypeError);
  });
});
