/**
 * The synchronous libvirt binding of the calling thread: every function bound eagerly, `invoke()` with
 * marshalling of the shaped parameters, and the thread's own libvirt error.
 *
 * Everything here blocks the calling thread and reads libvirt's *thread-local* error: use it inside worker
 * threads (the executor) or in a user's own worker via `libvirt-ts/raw`'s `openRawBinding()`.
 */
import { FUNCTIONS, type FunctionName } from './generated/functions.js';
import type { FunctionMeta } from './generated/meta.js';
import type { RawApi } from './generated/raw-api.js';
import type { InvokeArgs, InvokeResult } from './generated/shaped-api.js';
import { loadLibvirt } from './library.js';
import { checkArgs } from './marshal/arg-check.js';
import {
  CallFailure,
  type ErrorData,
  InvokeArgumentError,
  noSupportError,
  unknownError,
} from './marshal/call-failure.js';
import { decodeError } from './marshal/error-data.js';
import { isFailure } from './marshal/failure.js';
import { structLayouts } from './marshal/layouts.js';
import { invokeShaped, type MarshalContext } from './marshal/shaped.js';
import { SHAPES } from './tables/shapes.js';

export type { ErrorData } from './marshal/call-failure.js';
export { CallFailure, InvokeArgumentError } from './marshal/call-failure.js';
export { isFailure } from './marshal/failure.js';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * The synchronous libvirt binding of one thread (`openRawBinding()`): every function bound with koffi, plus
 * `invoke()` that marshals arguments and checks failures.
 */
export interface Binding {
  /** the raw koffi functions: synchronous, pointers as bigint, no marshalling, no error checks */
  readonly fns: RawApi;
  /** the version of the loaded libvirt (`9.0.0`) */
  readonly version: string;
  /** whether the loaded libraries have the function (false: calling it throws NO_SUPPORT) */
  has(name: string): boolean;
  /**
   * Calls `name` synchronously. Shaped functions (those of `ShapedApi`) take and return plain data;
   * the others take their C arguments as RawApi types them and return the C result. Throws CallFailure
   * (with the thread's libvirt error) when the call fails by the function's failure convention, and
   * InvokeArgumentError for arguments that cannot be passed (no C code runs then).
   */
  invoke<N extends FunctionName>(name: N, args: InvokeArgs<N>): InvokeResult<N>;
  /** `invoke()` for a function named at run time: arguments and result as the function's entry says. */
  invoke(name: string, args: readonly unknown[]): unknown;
  /** this thread's last libvirt error, decoded in place, or null */
  lastError(): ErrorData | null;
  /** clears this thread's libvirt error */
  resetError(): void;
}

let binding: Binding | undefined;

/**
 * The binding of the calling thread, created on first use (~15-20 ms: every libvirt.so function is bound
 * eagerly; lazy getters measured 30x slower per call). The few libvirt-qemu / libvirt-lxc / libvirt-admin
 * functions bind on their first call, so a thread that never uses them never loads those libraries.
 */
export function createBinding(): Binding {
  if (binding) return binding;
  const lib = loadLibvirt();
  structLayouts();
  const fns: Record<string, AnyFn> = {};
  const available = new Set<string>();
  const bind = (meta: FunctionMeta): AnyFn => {
    try {
      const fn = lib.library(meta.library).func(meta.prototype) as AnyFn;
      available.add(meta.name);
      return fn;
    } catch (err) {
      return missing(meta, lib.version, err);
    }
  };
  for (const meta of Object.values(FUNCTIONS) as FunctionMeta[]) {
    if (meta.library === 'libvirt') {
      fns[meta.name] = bind(meta);
      continue;
    }
    fns[meta.name] = (...args: unknown[]) => {
      fns[meta.name] = bind(meta);
      return fns[meta.name]!(...args);
    };
  }
  const bindAll = () => {
    for (const meta of Object.values(FUNCTIONS) as FunctionMeta[]) {
      if (meta.library !== 'libvirt' && !available.has(meta.name)) fns[meta.name] = bind(meta);
    }
  };
  const getLastError = fns.virGetLastError as () => bigint | null;
  const resetLastError = fns.virResetLastError as () => void;

  const lastError = (): ErrorData | null => decodeError(getLastError());
  const fail = (name: string): never => {
    throw new CallFailure(name, lastError() ?? unknownError(name));
  };
  const ctx: MarshalContext = {
    fns,
    free: lib.free,
    fail,
    lastError,
    typesFrom(getter, args) {
      const meta = (FUNCTIONS as Record<string, FunctionMeta>)[getter]!;
      return invokeShaped(ctx, meta, SHAPES[getter]!, fns[getter]!, args, true) as Map<string, number>;
    },
  };

  function invoke(name: string, args: readonly unknown[]): unknown {
    const meta = (FUNCTIONS as Record<string, FunctionMeta>)[name];
    const fn = fns[name];
    if (!meta || !fn) throw new InvokeArgumentError(name, 'not a libvirt function');
    if (!Array.isArray(args)) throw new InvokeArgumentError(name, 'arguments must be an array');
    const shape = SHAPES[name];
    if (shape) return invokeShaped(ctx, meta, shape, fn, args);
    if (args.length !== meta.args.length) {
      throw new InvokeArgumentError(name, `takes ${meta.args.length} arguments, got ${args.length}`);
    }
    checkArgs(meta, args);
    const result = callRaw(name, fn, args);
    if (isFailure(meta.failure, result)) fail(name);
    return result;
  }

  binding = {
    fns: fns as unknown as RawApi,
    version: lib.version,
    has: (name) => {
      // Answering for a libvirt-qemu/lxc/admin function means trying to load its library.
      if (!available.has(name) && (FUNCTIONS as Record<string, FunctionMeta>)[name]?.library !== 'libvirt')
        bindAll();
      return available.has(name);
    },
    invoke: invoke as Binding['invoke'],
    lastError,
    resetError: () => resetLastError(),
  };
  return binding;
}

/** Calls a koffi function, turning koffi's argument conversion errors into InvokeArgumentError. */
export function callRaw(name: string, fn: AnyFn, args: readonly unknown[]): unknown {
  try {
    return fn(...args);
  } catch (err) {
    if (err instanceof TypeError) throw new InvokeArgumentError(name, err.message);
    throw err;
  }
}

/** A function the loaded libraries lack binds to a thrower that says which version it needs. */
function missing(meta: FunctionMeta, version: string, cause: unknown): AnyFn {
  return () => {
    if (cause instanceof Error && cause.name === 'LibraryLoadError') throw cause;
    throw new CallFailure(meta.name, noSupportError(meta.name, version, meta.since));
  };
}
