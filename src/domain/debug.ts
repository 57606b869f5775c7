/**
 * `dom.debug`: low-level access to a running guest — NMIs, key presses, signals to guest processes, core
 * dumps and raw reads of disk and memory. Each argument is checked before C.
 */
import {
  DomainCoreDumpFlags,
  DomainCoreDumpFormat,
  DomainMemoryFlags,
  DomainProcessSignal,
  KeycodeSet,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionsObject,
  requireCount,
  requireNonEmptyString,
  requireOneOf,
  requireUint32,
} from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';

/** A key code set, by name: `'linux'`, `'xt'`, `'atset1'`, `'usb'`, `'qnum'`, … (`virKeycodeSet`). */
export type KeycodeSetName = EnumName<typeof KeycodeSet>;
/** A signal to send to a guest process, by name: `'term'`, `'kill'`, `'hup'`, … (`virDomainProcessSignal`). */
export type ProcessSignalName = EnumName<typeof DomainProcessSignal>;
/**
 * A core dump format, by name: `'raw'`, `'kdump-zlib'`, `'kdump-lzo'`, `'kdump-snappy'`, `'win-dmp'`
 * (`virDomainCoreDumpFormat`).
 */
export type CoreDumpFormatName = EnumName<typeof DomainCoreDumpFormat>;
const CODESETS = enumNames(KeycodeSet);
const SIGNALS = enumNames(DomainProcessSignal);
const FORMATS = enumNames(DomainCoreDumpFormat);

/** libvirt's VIR_DOMAIN_SEND_KEY_MAX_KEYS: at most 16 keys pressed together. */
const MAX_KEYS = 16;
/** libvirt refuses peeks larger than this (the RPC limit of virDomainBlockPeek/MemoryPeek). */
const MAX_PEEK = 65536;

/** `debug.coreDump()` options; without `format` the original `virDomainCoreDump` is used. */
export interface CoreDumpOptions {
  /**
   * The dump format (`virDomainCoreDumpWithFormat`); default: the original `virDomainCoreDump`'s raw format.
   */
  format?: CoreDumpFormatName;
  /** Crash the guest after the dump. */
  crash?: boolean;
  /** Keep the guest running while dumping. */
  live?: boolean;
  /** `VIR_DUMP_BYPASS_CACHE`: write the dump without filling the host's file cache. */
  bypassCache?: boolean;
  /** Reset the guest after the dump. */
  reset?: boolean;
  /** Dump memory only (the format needs it). */
  memoryOnly?: boolean;
}

const CD = DomainCoreDumpFlags;
const DUMP_FLAGS = {
  crash: CD.CRASH,
  live: CD.LIVE,
  bypassCache: CD.BYPASS_CACHE,
  reset: CD.RESET,
  memoryOnly: CD.MEMORY_ONLY,
};

/**
 * `dom.debug`: low-level access to a running guest: NMIs, key presses, signals to guest processes, core dumps
 * and raw reads of disk and memory. Each argument is checked before any libvirt call.
 */
export class DomainDebug {
  readonly #domain: () => Handle;

  /** @internal `dom.debug` */
  constructor(domain: () => Handle) {
    this.#domain = domain;
  }

  /** Sends a non-maskable interrupt to the guest (`virDomainInjectNMI`). */
  async injectNmi(): Promise<void> {
    await call('virDomainInjectNMI', this.#domain(), 0);
  }

  /**
   * Presses `keys` together for `holdMs` ms (0: the hypervisor's default) and releases them
   * (`virDomainSendKey`); codes are of `codeset` ('linux' codes: 29 = Ctrl, 56 = Alt, 111 = Delete).
   */
  async sendKey(codeset: KeycodeSetName, holdMs: number, keys: readonly number[]): Promise<void> {
    const set = CODESETS.valueOf(requireOneOf(codeset, 'debug.sendKey codeset', CODESETS.names));
    const hold = requireUint32(holdMs, 'debug.sendKey holdMs');
    if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS) {
      throw new TypeError(`debug.sendKey keys must be an array of 1 to ${MAX_KEYS} key codes`);
    }
    const codes = keys.map((k, i) => requireUint32(k, `debug.sendKey keys[${i}]`));
    await call('virDomainSendKey', this.#domain(), set, hold, codes, 0);
  }

  /** Sends `signal` ('term', 'kill', …) to process `pid` inside the guest (`virDomainSendProcessSignal`; LXC). */
  async sendProcessSignal(pid: number, signal: ProcessSignalName): Promise<void> {
    const p = requireCount(pid, 'debug.sendProcessSignal pid');
    const sig = SIGNALS.valueOf(requireOneOf(signal, 'debug.sendProcessSignal signal', SIGNALS.names));
    await call('virDomainSendProcessSignal', this.#domain(), p, sig, 0);
  }

  /** Dumps the guest's memory to `path` on the host (`virDomainCoreDump`, or `…WithFormat` given a format). */
  async coreDump(path: string, options?: CoreDumpOptions): Promise<void> {
    requireNonEmptyString(path, 'debug.coreDump path');
    const { format, ...rest } = optionsObject(options, 'debug.coreDump options', [
      'format',
      ...(Object.keys(DUMP_FLAGS) as (keyof typeof DUMP_FLAGS)[]),
    ]);
    const flags = flagsFrom(rest, 'debug.coreDump options', DUMP_FLAGS);
    if (format === undefined) {
      await call('virDomainCoreDump', this.#domain(), path, flags);
      return;
    }
    const fmt = FORMATS.valueOf(requireOneOf(format, 'debug.coreDump options.format', FORMATS.names));
    await call('virDomainCoreDumpWithFormat', this.#domain(), path, fmt, flags);
  }

  /** `size` bytes of disk `disk` (target or source path) from `offset` (`virDomainBlockPeek`). */
  async blockPeek(disk: string, offset: number, size: number): Promise<Buffer> {
    requireNonEmptyString(disk, 'debug.blockPeek disk');
    const at = requireCount(offset, 'debug.blockPeek offset');
    const n = requirePeekSize(size, 'debug.blockPeek size');
    return toBuffer(await call('virDomainBlockPeek', this.#domain(), disk, at, n, 0));
  }

  /** `size` bytes of guest memory from `offset`, virtual unless `physical` (`virDomainMemoryPeek`). */
  async memoryPeek(offset: number, size: number, options?: { physical?: boolean }): Promise<Buffer> {
    const at = requireCount(offset, 'debug.memoryPeek offset');
    const n = requirePeekSize(size, 'debug.memoryPeek size');
    const { physical } = optionsObject(options, 'debug.memoryPeek options', ['physical']);
    if (physical !== undefined && typeof physical !== 'boolean') {
      throw new TypeError('debug.memoryPeek options.physical must be a boolean');
    }
    // libvirt needs exactly one of VIRTUAL and PHYSICAL.
    const flags = physical ? DomainMemoryFlags.PHYSICAL : DomainMemoryFlags.VIRTUAL;
    return toBuffer(await call('virDomainMemoryPeek', this.#domain(), at, n, flags));
  }
}

function requirePeekSize(size: unknown, what: string): number {
  const n = requireCount(size, what);
  if (n === 0 || n > MAX_PEEK) throw new RangeError(`${what} must be 1 to ${MAX_PEEK} bytes, got ${n}`);
  return n;
}

const toBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
