// Small converters for callback arguments as koffi hands them over.
import type { EventFields } from './types.js';

/** koffi passes a 64-bit integer as a number when it is safe and a bigint otherwise; sizes fit in a number. */
export function int64(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

/** A `const char *` argument: koffi decodes it to a string, NULL to null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** For signatures with no arguments of their own (virConnect*EventGenericCallback). */
export function none(): EventFields {
  return {};
}
