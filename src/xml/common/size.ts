import { attr, element, text, type XmlType } from '../engine/describe.js';
import { XmlError } from '../engine/errors.js';
import { type SizeUnit, sizeUnit, uint } from '../engine/kinds.js';

/**
 * libvirt's scaled integer (`<memory unit='KiB'>2097152</memory>`, `<capacity unit='bytes'>`): the number and
 * its unit exactly as written. Nothing converts units on a round trip; a missing unit means the element's
 * default (KiB for domain memory, bytes for volumes). Use sizeInBytes() to compare sizes.
 */
export const scaledIntegerFields = { value: text(uint), unit: attr(sizeUnit) } as const;
/** The description of a scaled integer element: its number (text) and `unit` attribute, as written. */
export const scaledInteger = element(scaledIntegerFields);
export type ScaledInteger = XmlType<typeof scaledInteger>;

// libvirt's rule (virScaleInteger): one letter or the *iB spelling is a power of 1024, *B a power of 1000.
const FACTORS: Record<string, number> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
  p: 1024 ** 5,
  pib: 1024 ** 5,
  pb: 1000 ** 5,
  e: 1024 ** 6,
  eib: 1024 ** 6,
  eb: 1000 ** 6,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/;

/**
 * Bytes from a size a person writes: a number of bytes, or a string with a unit ('2 GiB', '512MiB', '1G',
 * '1.5 GB', '4096'). Units follow libvirt: 'k'/'KiB' = 1024, 'KB' = 1000, and so on up to exbibytes; no unit
 * means bytes. Anything else, negative, fractional bytes or beyond 2^53 is an XmlError.
 */
export function parseSize(input: number | string, what = 'size'): number {
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && input >= 0) return input;
    throw new XmlError(
      'INVALID_VALUE',
      `${what} must be a whole, non-negative number of bytes, got ${input}`,
    );
  }
  if (typeof input !== 'string') {
    throw new XmlError(
      'INVALID_VALUE',
      `${what} must be bytes (a number) or a string like '2 GiB', got ${typeof input}`,
    );
  }
  const m = SIZE.exec(input);
  const factor = m ? FACTORS[(m[2] as string).toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new XmlError(
      'INVALID_VALUE',
      `${what} ${JSON.stringify(input)} is not a size: write bytes or a number with a unit such as '512 MiB', '2G', '10 GB'`,
    );
  }
  const bytes = Number(m[1]) * factor;
  if (!Number.isSafeInteger(bytes)) {
    throw new XmlError(
      'INVALID_VALUE',
      `${what} ${JSON.stringify(input)} is not a whole number of bytes below 2^53`,
    );
  }
  return bytes;
}

/** Bytes of a scaled integer; `defaultUnit` is what the element means when no unit is written. */
export function sizeInBytes(size: ScaledInteger, defaultUnit: SizeUnit): number {
  const unit = size.unit ?? defaultUnit;
  const factor = FACTORS[unit.toLowerCase()];
  if (size.value === undefined || factor === undefined) {
    throw new XmlError('INVALID_VALUE', 'the size has no value or an unknown unit');
  }
  return size.value * factor;
}

/** A scaled integer in `unit` for a byte count; refuses counts that are not a whole number of that unit. */
export function scaledFromBytes(bytes: number, unit: 'bytes' | 'KiB' | 'MiB' | 'GiB'): ScaledInteger {
  const factor = FACTORS[unit.toLowerCase()] as number;
  if (bytes % factor !== 0) {
    throw new XmlError('INVALID_VALUE', `${bytes} bytes is not a whole number of ${unit}`);
  }
  return { value: bytes / factor, unit };
}
