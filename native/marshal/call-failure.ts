// The plain-data errors invoke() throws: a libvirt call that failed, and arguments it could not marshal.
import { brandOf, isBranded, markBrand } from '../brand.js';

/** libvirt's `virError`, decoded into plain (structured-cloneable) data. */
export interface ErrorData {
  code: number;
  domain: number;
  message: string;
  level: number;
  str1: string | null;
  str2: string | null;
  str3: string | null;
  int1: number;
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

  override name = 'CallFailure';
  readonly fn: string;
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

  override name = 'InvokeArgumentError';
  readonly fn: string;

  constructor(fn: string, message: string) {
    super(`${fn}: ${message}`);
    this.fn = fn;
  }
}
markBrand(InvokeArgumentError, INVOKE_ARGUMENT_ERROR_BRAND);
