/**
 * Composite operations: several libvirt calls that always go together, run in one worker round trip.
 * Worker side only. Each call still reads its own error on this thread; a failure part-way releases what the
 * earlier calls returned, so nothing leaks.
 */
import type { Binding } from '../binding.js';
import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta } from '../generated/meta.js';

/** `[fn, args, describers]`: call `fn`, then each describer on the object (or on each object) it returned. */
export const DESCRIBE = '$describe';

const META = FUNCTIONS as Readonly<Record<string, FunctionMeta>>;

export function isComposite(name: string): boolean {
  return name === DESCRIBE;
}

export function runComposite(binding: Binding, name: string, args: readonly unknown[]): unknown {
  if (name !== DESCRIBE) throw new TypeError(`unknown composite operation ${name}`);
  const [fn, fnArgs, describers] = args as [string, unknown[], string[]];
  const value = binding.invoke(fn, fnArgs);
  const describe = (pointer: unknown) => describers.map((d) => binding.invoke(d, [pointer]));
  try {
    return [value, Array.isArray(value) ? value.map(describe) : describe(value)];
  } catch (err) {
    const free = META[fn]?.handle?.free;
    if (free) for (const pointer of Array.isArray(value) ? value : [value]) binding.invoke(free, [pointer]);
    throw err;
  }
}
