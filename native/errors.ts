import { brandOf, isBranded, markBrand } from './brand.js';
import { virErrorDomain, virErrorLevel, virErrorNumber } from './generated/enums.js';
import { OBJECT_TYPES } from './tables/objects.js';

/** Strips a C prefix from every key of a generated enum: `VIR_ERR_NO_DOMAIN` → `NO_DOMAIN`. */
type Shortened<E, P extends string> = {
  readonly [K in keyof E as K extends `${P}${infer S}` ? S : never]: E[K];
};

function shorten<E extends Record<string, number>, P extends string>(values: E, prefix: P): Shortened<E, P> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return Object.freeze(out) as Shortened<E, P>;
}

function inverse(values: Record<string, number>): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  // First name wins: later aliases (e.g. *_LAST markers) must not rename a code.
  for (const [key, value] of Object.entries(values)) if (!out.has(value)) out.set(value, key);
  return out;
}

/** libvirt's `virErrorNumber` by short name, e.g. `ErrorCode.NO_DOMAIN`. */
export const ErrorCode = shorten(virErrorNumber, 'VIR_ERR_');
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
/** The short name of an `ErrorCode`, e.g. `'NO_DOMAIN'` (libvirt's `VIR_ERR_NO_DOMAIN`). */
export type ErrorCodeName = keyof typeof ErrorCode;

/** libvirt's `virErrorDomain` (which subsystem raised the error) by short name, e.g. `ErrorDomain.QEMU`. */
export const ErrorDomain = shorten(virErrorDomain, 'VIR_FROM_');
export type ErrorDomain = (typeof ErrorDomain)[keyof typeof ErrorDomain];

/** libvirt's `virErrorLevel`: `NONE`, `WARNING`, `ERROR`. */
export const ErrorLevel = shorten(virErrorLevel, 'VIR_ERR_');
export type ErrorLevel = (typeof ErrorLevel)[keyof typeof ErrorLevel];

const CODE_NAMES = inverse(ErrorCode);
const DOMAIN_NAMES = inverse(ErrorDomain);

/** The fields of libvirt's `virError`, as plain data. */
export interface LibvirtErrorFields {
  code: number;
  domain: number;
  level: number;
  message: string;
  str1?: string | null;
  str2?: string | null;
  str3?: string | null;
  int1?: number;
  int2?: number;
  /** The call failed because its connection is closed. */
  connectionClosed?: boolean;
}

const LIBVIRT_ERROR_BRAND = brandOf('LibvirtError');

/**
 * An error reported by libvirt (or by this library on libvirt's behalf: a freed handle, a crashed worker).
 * Created on the main thread right after the awaited reply, so `stack` runs through the caller's code.
 */
export class LibvirtError extends Error {
  /** True for a LibvirtError from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is LibvirtError {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, LibvirtError, LIBVIRT_ERROR_BRAND, value);
  }

  /** Always `'LibvirtError'`. */
  override name = 'LibvirtError';
  /**
   * What went wrong: libvirt's `virErrorNumber` (`ErrorCode.NO_DOMAIN`, …), as `virGetLastError` reported it.
   */
  readonly code: ErrorCode;
  /** The short name of `code`, e.g. `'NO_DOMAIN'` (`'UNKNOWN_<n>'` for a code newer than these bindings). */
  readonly codeName: string;
  /** Which part of libvirt raised the error: its `virErrorDomain` (`ErrorDomain.QEMU`, …). */
  readonly domain: ErrorDomain;
  /** The short name of `domain`, e.g. `'QEMU'` (`'UNKNOWN_<n>'` for a domain newer than these bindings). */
  readonly domainName: string;
  /** How severe libvirt rates the error: `ErrorLevel.WARNING` or `ErrorLevel.ERROR`. */
  readonly level: ErrorLevel;
  /** libvirt's first extra string of the error (`virError.str1`), often the object's name; null when unset. */
  readonly str1: string | null;
  /** libvirt's second extra string of the error (`virError.str2`); null when unset. */
  readonly str2: string | null;
  /** libvirt's third extra string of the error (`virError.str3`); null when unset. */
  readonly str3: string | null;
  /** libvirt's first extra number of the error (`virError.int1`); 0 when unset. */
  readonly int1: number;
  /** libvirt's second extra number of the error (`virError.int2`); 0 when unset. */
  readonly int2: number;
  /** The libvirt function whose call failed, when known. */
  readonly function: string | null;
  /**
   * True when the call failed because its connection is closed: the daemon died, or stopped answering and
   * keepalive gave up. Every later call on that connection fails the same way, without reaching libvirt.
   */
  readonly connectionClosed: boolean;

  constructor(fields: LibvirtErrorFields, fn: string | null = null) {
    super(fields.message);
    this.code = fields.code as ErrorCode;
    this.codeName = CODE_NAMES.get(fields.code) ?? `UNKNOWN_${fields.code}`;
    this.domain = fields.domain as ErrorDomain;
    this.domainName = DOMAIN_NAMES.get(fields.domain) ?? `UNKNOWN_${fields.domain}`;
    this.level = fields.level as ErrorLevel;
    this.str1 = fields.str1 ?? null;
    this.str2 = fields.str2 ?? null;
    this.str3 = fields.str3 ?? null;
    this.int1 = fields.int1 ?? 0;
    this.int2 = fields.int2 ?? 0;
    this.function = fn;
    this.connectionClosed = fields.connectionClosed ?? false;
  }
}
markBrand(LibvirtError, LIBVIRT_ERROR_BRAND);

/** libvirt's own "invalid object" code per handle kind, so a freed handle fails like a bad one in C would. */
const INVALID_OBJECT_CODE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.values(OBJECT_TYPES).map((o) => [o.kind, ErrorCode[o.invalid]]),
);

/** A call was given a handle that was already freed or closed; no C code ran. */
export function handleFreedError(kind: string, fn: string): LibvirtError {
  return new LibvirtError(
    {
      code: INVALID_OBJECT_CODE[kind] ?? ErrorCode.INVALID_ARG,
      domain: ErrorDomain.NONE,
      level: ErrorLevel.ERROR,
      message: `${fn}: the ${kind} handle was already freed or closed`,
    },
    fn,
  );
}

/** The worker thread running `fn` died; whether the call took effect is unknown. */
export function workerCrashedError(fn: string, detail: string): LibvirtError {
  return new LibvirtError(
    {
      code: ErrorCode.INTERNAL_ERROR,
      domain: ErrorDomain.NONE,
      level: ErrorLevel.ERROR,
      message: `${fn}: the libvirt worker thread died during the call (${detail}); its outcome is unknown`,
    },
    fn,
  );
}

/** No libvirt worker thread could start, so the call never ran. */
export function workerStartError(fn: string, detail: string): LibvirtError {
  return new LibvirtError(
    {
      code: ErrorCode.INTERNAL_ERROR,
      domain: ErrorDomain.NONE,
      level: ErrorLevel.ERROR,
      message: `${fn}: no libvirt worker thread could start (${detail}); the call did not run`,
    },
    fn,
  );
}

const LIBRARY_LOAD_ERROR_BRAND = brandOf('LibraryLoadError');

/** libvirt's shared library could not be loaded on this machine. */
export class LibraryLoadError extends Error {
  /** True for a LibraryLoadError from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is LibraryLoadError {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, LibraryLoadError, LIBRARY_LOAD_ERROR_BRAND, value);
  }

  /** Always `'LibraryLoadError'`. */
  override name = 'LibraryLoadError';
  /** the path or soname that failed to load */
  readonly library: string;

  constructor(library: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `could not load ${library} (${detail}). Install libvirt's client library — Debian/Ubuntu: ` +
        "'apt install libvirt0', Fedora: 'dnf install libvirt-libs' — or set LIBVIRT_TS_LIBRARY to the path " +
        'of libvirt.so.0.',
      { cause },
    );
    this.library = library;
  }
}
markBrand(LibraryLoadError, LIBRARY_LOAD_ERROR_BRAND);
