/**
 * Which lane a call runs in: the `lane` column of the generated function table, written from
 * native/tables/lanes.ts (calls that can block for seconds are slow, so they never sit in front of quick calls).
 */
import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';
import type { Lane } from '../tables/lanes.js';

export type { Lane };

const BY_NAME: Readonly<Record<string, FunctionMeta | undefined>> = FUNCTIONS;

/** The lane of `fn`; quick for a name outside the table (the executor's own composite operations). */
export function laneOf(fn: string): Lane {
  return BY_NAME[fn]?.lane ?? 'quick';
}
