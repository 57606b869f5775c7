/**
 * Value kinds: how one attribute value or one element's text reads into a TypeScript value and writes back.
 * `parse` returns undefined when the text does not fit (the reader then keeps the text as unknown, losslessly);
 * `format` throws a plain Error with a short reason when a value does not fit (the writer adds the path).
 */
export interface Kind<T> {
  /** Short description used in error messages, e.g. `an integer` or `'yes' | 'no'`. */
  readonly describe: string;
  /** The value of an attribute's or element's text, or undefined when the text is not one. */
  parse(text: string): T | undefined;
  /** The value written as XML text, in its canonical spelling. */
  format(value: T): string;
}

function fail(kind: Kind<unknown>, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new Error(`expected ${kind.describe}, got ${shown} (${typeof value})`);
}

/** Any text, kept exactly. */
export const str: Kind<string> = {
  describe: 'a string',
  parse: (text) => text,
  format(value) {
    if (typeof value !== 'string') fail(str, value);
    return value;
  },
};

const INTEGER = /^\s*[+-]?\d+\s*$/;

function integerKind(describe: string, min: number, max: number): Kind<number> {
  const kind: Kind<number> = {
    describe,
    parse(text) {
      if (!INTEGER.test(text)) return undefined;
      const n = Number(text);
      // Out-of-range values stay text (kept unknown) rather than being rounded: a round trip never changes them.
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    format(value) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
        fail(kind, value);
      return String(value);
    },
  };
  return kind;
}

/** A safe integer (libvirt's ints and longs that fit in 2^53). */
export const int: Kind<number> = integerKind('an integer', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
/** A non-negative safe integer. */
export const uint: Kind<number> = integerKind('a non-negative integer', 0, Number.MAX_SAFE_INTEGER);

const HEX_OR_DEC = /^\s*(0[xX][0-9a-fA-F]+|\d+)\s*$/;

/**
 * A non-negative integer libvirt writes in hex (PCI/USB addresses): reads `0x1f` or `31`, writes `0x` followed
 * by at least `digits` hex digits. An input's own spelling is kept by the reader when the value is unchanged.
 */
export function hex(digits: number): Kind<number> {
  const kind: Kind<number> = {
    describe: 'a non-negative integer',
    parse(text) {
      const m = HEX_OR_DEC.exec(text);
      if (!m) return undefined;
      const n = Number(m[1]);
      return Number.isSafeInteger(n) ? n : undefined;
    },
    format(value) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(kind, value);
      return `0x${value.toString(16).padStart(digits, '0')}`;
    },
  };
  return kind;
}

/**
 * A non-negative integer read in decimal or `0x` hex, written in decimal: for attributes libvirt writes in hex
 * for one address type and decimal for another (`bus`, `slot`), since libvirt reads decimal for all of them.
 */
export const uintAny: Kind<number> = {
  describe: 'a non-negative integer',
  parse(text) {
    const m = HEX_OR_DEC.exec(text);
    if (!m) return undefined;
    const n = Number(m[1]);
    return Number.isSafeInteger(n) ? n : undefined;
  },
  format(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(uintAny, value);
    return String(value);
  },
};

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite decimal number. */
export const num: Kind<number> = {
  describe: 'a finite number',
  parse(text) {
    if (!DECIMAL.test(text)) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  },
  format(value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(num, value);
    return String(value);
  },
};

/** One of a fixed set of strings; the TypeScript type is their union. */
export function oneOf<const V extends string>(...values: V[]): Kind<V> {
  const set = new Set<string>(values);
  const kind: Kind<V> = {
    describe: values.map((v) => `'${v}'`).join(' | '),
    parse: (text) => (set.has(text) ? (text as V) : undefined),
    format(value) {
      if (typeof value !== 'string' || !set.has(value)) fail(kind, value);
      return value;
    },
  };
  return kind;
}

function booleanKind(yes: string, no: string): Kind<boolean> {
  const kind: Kind<boolean> = {
    describe: `a boolean (written '${yes}'/'${no}')`,
    // Both libvirt spellings read; the reader remembers a spelling that differs from this kind's own.
    parse(text) {
      if (text === 'yes' || text === 'on') return true;
      if (text === 'no' || text === 'off') return false;
      return undefined;
    },
    format(value) {
      if (typeof value !== 'boolean') fail(kind, value);
      return value ? yes : no;
    },
  };
  return kind;
}

/** libvirt's virYesNo as a boolean. */
export const yesNo: Kind<boolean> = booleanKind('yes', 'no');
/** libvirt's virOnOff as a boolean. */
export const onOff: Kind<boolean> = booleanKind('on', 'off');

/** A boolean written `1`/`0` (e.g. a snapshot's `<active>`). */
export const zeroOne: Kind<boolean> = {
  describe: "a boolean (written '1'/'0')",
  parse: (text) => (text === '1' ? true : text === '0' ? false : undefined),
  format(value) {
    if (typeof value !== 'boolean') fail(zeroOne, value);
    return value ? '1' : '0';
  },
};

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** A UUID (libvirt accepts it with or without dashes). */
export const uuid: Kind<string> = {
  describe: 'a UUID',
  parse: (text) => (UUID.test(text) ? text : undefined),
  format(value) {
    if (typeof value !== 'string' || !UUID.test(value)) fail(uuid, value);
    return value;
  },
};

/** The unit names libvirt's scaled integers accept. */
export const SIZE_UNITS = [
  'b',
  'B',
  'bytes',
  'k',
  'KB',
  'KiB',
  'M',
  'MB',
  'MiB',
  'G',
  'GB',
  'GiB',
  'T',
  'TB',
  'TiB',
  'P',
  'PB',
  'PiB',
  'E',
  'EB',
  'EiB',
] as const;
/** A unit of a scaled integer (`'KiB'`, `'MiB'`, `'bytes'`, `'G'`, …), as libvirt accepts it. */
export type SizeUnit = (typeof SIZE_UNITS)[number];
/** The kind of a scaled integer's `unit` attribute: one of `SizeUnit`. */
export const sizeUnit: Kind<SizeUnit> = oneOf(...SIZE_UNITS);
