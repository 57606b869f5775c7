// Pointer arguments are checked before the call: koffi would pass a JS string given for a `void *` as the
// address of its bytes, and libvirt would read it as an object (SIGSEGV). A wrong bigint cannot be caught
// here; Handles above this layer prevent that.
import type { FunctionMeta } from '../generated/meta.js';
import { InvokeArgumentError } from './call-failure.js';

const OBJECT =
  /^vir(Connect|Domain|Network|NetworkPort|StoragePool|StorageVol|DomainSnapshot|DomainCheckpoint|Secret|NodeDevice|Interface|NWFilter|NWFilterBinding|Stream)Ptr$/;

interface PointerArgs {
  /** libvirt objects: a bigint or null only */
  objects: number[];
  /** other pointers: a bigint, null, or JS memory (Buffer, TypedArray, ArrayBuffer) */
  memory: number[];
}

const cache = new Map<string, PointerArgs>();

function pointerArgs(meta: FunctionMeta): PointerArgs {
  let p = cache.get(meta.name);
  if (!p) {
    p = { objects: [], memory: [] };
    for (const [i, a] of meta.args.entries()) {
      const t = a.type.replace(/\s+/g, ' ').trim();
      if (OBJECT.test(t)) p.objects.push(i);
      else if (t !== 'const char *' && (t.includes('*') || /Ptr$|Func$|Callback$/.test(t))) p.memory.push(i);
    }
    cache.set(meta.name, p);
  }
  return p;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** Throws InvokeArgumentError for a pointer argument koffi would misread. `only` limits the check to the
 * C argument indexes that are passed through unchanged (shaped functions marshal the others). */
export function checkPointerArgs(
  meta: FunctionMeta,
  cArgs: readonly unknown[],
  only?: (i: number) => boolean,
): void {
  const p = pointerArgs(meta);
  for (const i of p.objects) {
    if (only && !only(i)) continue;
    const v = cArgs[i];
    if (typeof v !== 'bigint' && v !== null) {
      throw new InvokeArgumentError(
        meta.name,
        `${meta.args[i]!.name} must be a bigint pointer or null, got ${describe(v)}`,
      );
    }
  }
  for (const i of p.memory) {
    if (only && !only(i)) continue;
    const v = cArgs[i];
    if (typeof v !== 'bigint' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) {
      throw new InvokeArgumentError(
        meta.name,
        `${meta.args[i]!.name} must be a bigint pointer, null or a Buffer/TypedArray, got ${describe(v)}`,
      );
    }
  }
}
