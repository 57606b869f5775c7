/** Argument checks done before anything reaches C: a wrong type is a TypeError that names the argument. */

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

export function requireNonEmptyString(value: unknown, what: string): string {
  if (requireString(value, what) === '') throw new TypeError(`${what} must not be empty`);
  return value as string;
}

export function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : requireString(value, what);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** A byte count or offset: a non-negative safe integer (`RangeError` otherwise, `TypeError` for a non-number). */
export function optionalByteCount(value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer up to 2^53-1, got ${value}`);
  }
  return value;
}

export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  what: string,
): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${what} must be a function, got ${describe(value)}`);
  return value as F;
}

export function optionalAbortSignal(value: unknown, what: string): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal))
    throw new TypeError(`${what} must be an AbortSignal, got ${describe(value)}`);
  return value;
}

export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean, got ${describe(value)}`);
  return value;
}
