import { describe, expect, it } from 'vitest';
import { parseSize, scaledFromBytes, sizeInBytes, XmlError } from '../../src/xml/index.js';

describe('parseSize', () => {
  it.each([
    [4096, 4096],
    ['4096', 4096],
    ['2 GiB', 2 * 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1g', 1024 ** 3],
    ['10 GB', 10 * 1000 ** 3],
    ['1.5 KiB', 1536],
    ['3 k', 3072],
    ['7 bytes', 7],
  ])('reads %j as %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each([['2 GiBs'], ['-1'], ['1.3 b'], ['ten'], [''], [-5], [1.5], [Number.NaN], ['99999 EiB']])(
    'refuses %j with a clear error',
    (input) => {
      expect(() => parseSize(input as string, 'memory')).toThrow(XmlError);
      expect(() => parseSize(input as string, 'memory')).toThrow(/memory/);
    },
  );
});

describe('scaled integers', () => {
  it('converts to bytes only when asked, honouring the default unit', () => {
    expect(sizeInBytes({ value: 2 }, 'KiB')).toBe(2048);
    expect(sizeInBytes({ value: 2, unit: 'GB' }, 'KiB')).toBe(2e9);
    expect(scaledFromBytes(2 * 1024 ** 3, 'KiB')).toEqual({ value: 2097152, unit: 'KiB' });
    expect(() => scaledFromBytes(1000, 'KiB')).toThrow(/whole number of KiB/);
  });
});
