/**
 * List filters that name kinds rather than switch booleans: `{ type: ['dir', 'netfs'] }` for pools,
 * `{ capability: 'pci' }` for node devices. Each name adds its `virConnectListAll*` flag; libvirt lists objects
 * matching any of them.
 */
import { requireOneOf } from './checks.js';

/** The flags of `value` (one name or an array of names from `table`), ORed. */
export function flagsOfNames<N extends string>(
  value: unknown,
  what: string,
  table: Readonly<Record<N, number>>,
): number {
  const names = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(names)) throw new TypeError(`${what} must be a name or an array of names`);
  const known = Object.keys(table) as N[];
  let flags = 0;
  // `>>> 0`: the result stays an unsigned int as flags reach bit 31 (`|` alone would make it negative).
  for (const name of names) flags = (flags | table[requireOneOf(name, what, known)]) >>> 0;
  return flags;
}

/** Splits a filter into its named-kinds key and the boolean rest (for `flagsFrom`, which rejects unknown keys). */
export function splitFilter(
  filter: unknown,
  what: string,
  namesKey: string,
): { names: unknown; rest: Record<string, unknown> | undefined } {
  if (filter === undefined) return { names: undefined, rest: undefined };
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new TypeError(`${what} must be an object, got ${filter === null ? 'null' : typeof filter}`);
  }
  const { [namesKey]: names, ...rest } = filter as Record<string, unknown>;
  return { names, rest };
}
