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
