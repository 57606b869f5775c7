// The plain-data errors invoke() throws: a libvirt call that failed, and arguments it could not marshal.
import { brandOf, isBranded, markBrand } from '../brand.js';

/** libvirt's `virError`, decoded into plain (structured-cloneable) data. */
export interface ErrorData {
  /** libvirt's `virErrorNumber` (`VIR_ERR_*`). */
  code: number;
  /** libvirt's `virErrorDomain` (`VIR_FROM_*`): the part of libvirt that raised the error. */
  domain: number;
  /** libvirt's human-readable message. */
  message: string;
  /** libvirt's `virErrorLevel` (`VIR_ERR_WARNING` or `VIR_ERR_ERROR`). */
  level: number;
  /** The error's first extra string (`virError.str1`), or null. */
  str1: string | null;
  /** The error's second extra string (`virError.str2`), or null. */
  str2: string | null;
  /** The error's third extra string (`virError.str3`), or null. */
  str3: string | null;
  /** The error's first extra number (`virError.int1`). */
  int1: number;
  /** The error's second extra number (`virError.int2`). */
  int2: number;
}

/** VIR_ERR_NO_SUPPORT, VIR_FROM_NONE, VIR_ERR_ERROR */
const NO_SUPPORT = 3;
const FROM_NONE = 0;
const LEVEL_ERROR = 2;

const CALL_FAILURE_BRAND = brandOf('CallFailure');

/** A libvirt call failed by its failure convention; `error` was read on the calling thread right after. */
export class CallFailure extends Error {
  /** True for a CallFailure from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is CallFailure {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, CallFailure, CALL_FAILURE_BRAND, value);
  }

  /** Always `'CallFailure'`. */
  override name = 'CallFailure';
  /** The libvirt function whose call failed. */
  readonly fn: string;
  /** The thread's libvirt error, read right after the failed call (`virGetLastError`). */
  readonly error: ErrorData;

  constructor(fn: string, error: ErrorData) {
    super(`${fn}: ${error.message}`);
    this.fn = fn;
    this.error = error;
  }
}
markBrand(CallFailure, CALL_FAILURE_BRAND);

/** The error a failed call reports when libvirt recorded none (it always should; this keeps it typed). */
export function unknownError(fn: string): ErrorData {
  return {
    code: 1, // VIR_ERR_INTERNAL_ERROR
    domain: FROM_NONE,
    message: `${fn} failed without reporting an error`,
    level: LEVEL_ERROR,
    str1: null,
    str2: null,
    str3: null,
    int1: 0,
    int2: 0,
  };
}

export function noSupportError(fn: string, loadedVersion: string, since: string): ErrorData {
  return {
    code: NO_SUPPORT,
    domain: FROM_NONE,
    message: `${fn} is not available in the loaded libvirt ${loadedVersion}; it needs libvirt >= ${since}`,
    level: LEVEL_ERROR,
    str1: fn,
    str2: since,
    str3: null,
    int1: 0,
    int2: 0,
  };
}

const INVOKE_ARGUMENT_ERROR_BRAND = brandOf('InvokeArgumentError');

/** invoke() was given arguments it cannot pass to C: wrong count, wrong type, wrong size. No C code ran. */
export class InvokeArgumentError extends TypeError {
  /** True for an InvokeArgumentError from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is InvokeArgumentError {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, InvokeArgumentError, INVOKE_ARGUMENT_ERROR_BRAND, value);
  }

  /** Always `'InvokeArgumentError'`. */
  override name = 'InvokeArgumentError';
  /** The libvirt function the arguments were meant for. */
  readonly fn: string;

  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.fn = fn;
  }
}
markBrand(InvokeArgumentError, INVOKE_ARGUMENT_ERROR_BRAND);
