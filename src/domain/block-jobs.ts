/**
 * `dom.blockJobs`: long-running jobs on one disk of a running domain — commit, copy, pull, rebase — and their
 * control (info, speed, abort/pivot), plus a live disk resize. Bandwidths are always bytes per second (the
 * `*_BYTES` flags are set), so no call mixes MiB/s and bytes.
 */

import {
  DomainBlockCommitFlags,
  DomainBlockCopyFlags,
  DomainBlockJobAbortFlags,
  DomainBlockJobInfoFlags,
  DomainBlockJobSetSpeedFlags,
  DomainBlockJobType,
  DomainBlockPullFlags,
  DomainBlockRebaseFlags,
  DomainBlockResizeFlags,
} from '../../native/generated/enums.js';
import type { TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  type FlagTable,
  flagsFrom,
  optionalByteCount,
  optionalString,
  optionsObject,
  requireNonEmptyString,
  requireSize,
  requireUint32,
} from '../core/checks.js';
import { type DeviceDefinition, deviceXml } from './devices.js';

/** What kind of job runs on a disk (`virDomainBlockJobType`). */
export type BlockJobType = 'unknown' | 'pull' | 'copy' | 'commit' | 'active-commit' | 'backup';

const JOB_TYPES: Record<number, BlockJobType> = {
  [DomainBlockJobType.UNKNOWN]: 'unknown',
  [DomainBlockJobType.PULL]: 'pull',
  [DomainBlockJobType.COPY]: 'copy',
  [DomainBlockJobType.COMMIT]: 'commit',
  [DomainBlockJobType.ACTIVE_COMMIT]: 'active-commit',
  [DomainBlockJobType.BACKUP]: 'backup',
};

/** `blockJobs.info()`: progress is `cur / end`; a copy or active commit with `cur === end` is ready to pivot. */
export interface BlockJobInfo {
  /** What kind of job runs on the disk. */
  type: BlockJobType;
  /** Bytes per second; 0 = unlimited. */
  bandwidth: number;
  /** How far the job got, in units of `end` (bytes for most jobs). */
  cur: number;
  /** Where the job ends, in the same units as `cur`; the job is ready or done when `cur` reaches it. */
  end: number;
}

/** The part every job start shares: a bandwidth cap in bytes per second (default: unlimited). */
interface Bandwidth {
  /** The most bytes per second the job may copy; default (and 0): unlimited. */
  bandwidth?: number;
}

/** `blockJobs.commit()` options (`virDomainBlockCommit`): which layers to merge down, and how. */
export interface BlockCommitOptions extends Bandwidth {
  /** The image to commit into (path or `vda[2]` index notation); default: the bottom of the chain. */
  base?: string;
  /** The top image to commit; default: the active layer (which needs `active`). */
  top?: string;
  /** Commit only `top` into its immediate backing file (base = top's backing file). */
  shallow?: boolean;
  /** Delete the committed files once the job succeeds. */
  delete?: boolean;
  /** Commit the active layer: the job then waits in the ready phase for `abort({ pivot })`. */
  active?: boolean;
  /** Keep backing-file names relative. */
  relative?: boolean;
}

/** `blockJobs.copy()` options (`virDomainBlockCopy`): the copy's granularity, buffer and flags. */
export interface BlockCopyOptions extends Bandwidth {
  /** Granularity of the dirty bitmap, bytes (a power of two between 512 and 64 MiB). */
  granularity?: number;
  /** Maximum amount of in-flight data, bytes. */
  bufSize?: number;
  /** Copy only the top image (the destination gets the same backing chain). */
  shallow?: boolean;
  /** The destination exists already (with `shallow`, its backing chain must match). */
  reuseExternal?: boolean;
  /** The job does not survive a libvirtd restart (allowed on persistent domains). */
  transientJob?: boolean;
  /** Guest writes go to both sides synchronously once the job is ready. */
  synchronousWrites?: boolean;
}

/** `blockJobs.pull()` options (`virDomainBlockPull`): the bandwidth cap alone. */
export interface BlockPullOptions extends Bandwidth {}

/** `blockJobs.rebase()` options (`virDomainBlockRebase`): pull into the active layer from `base`, or copy. */
export interface BlockRebaseOptions extends Bandwidth {
  /** `VIR_DOMAIN_BLOCK_REBASE_SHALLOW`: with `copy`, copy only the top image, keeping the backing chain. */
  shallow?: boolean;
  /** `VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT`: with `copy`, the destination exists already. */
  reuseExternal?: boolean;
  /** With `copy`: the destination is raw. */
  copyRaw?: boolean;
  /** Start a copy job to `base` (prefer `copy()`). */
  copy?: boolean;
  /** `VIR_DOMAIN_BLOCK_REBASE_RELATIVE`: keep the new backing-file name relative. */
  relative?: boolean;
  /** With `copy`: the destination is a block device. */
  copyDev?: boolean;
}

/** `blockJobs.abort()` options (`virDomainBlockJobAbort`): pivot to the result, or return at once. */
export interface BlockJobAbortOptions {
  /** Switch the disk to the copy/commit result (the job must be ready). */
  pivot?: boolean;
  /** Return at once; the job's end arrives as a block-job event. */
  async?: boolean;
}

const COMMIT: FlagTable = {
  shallow: DomainBlockCommitFlags.SHALLOW,
  delete: DomainBlockCommitFlags.DELETE,
  active: DomainBlockCommitFlags.ACTIVE,
  relative: DomainBlockCommitFlags.RELATIVE,
};
const COPY: FlagTable = {
  shallow: DomainBlockCopyFlags.SHALLOW,
  reuseExternal: DomainBlockCopyFlags.REUSE_EXT,
  transientJob: DomainBlockCopyFlags.TRANSIENT_JOB,
  synchronousWrites: DomainBlockCopyFlags.SYNCHRONOUS_WRITES,
};
const REBASE: FlagTable = {
  shallow: DomainBlockRebaseFlags.SHALLOW,
  reuseExternal: DomainBlockRebaseFlags.REUSE_EXT,
  copyRaw: DomainBlockRebaseFlags.COPY_RAW,
  copy: DomainBlockRebaseFlags.COPY,
  relative: DomainBlockRebaseFlags.RELATIVE,
  copyDev: DomainBlockRebaseFlags.COPY_DEV,
};
const ABORT: FlagTable = {
  pivot: DomainBlockJobAbortFlags.PIVOT,
  async: DomainBlockJobAbortFlags.ASYNC,
};

/**
 * Splits an options object into its bandwidth, its other (non-flag) values and the flags named by `table`:
 * every key is checked, so a typo is a TypeError before C.
 */
function jobOptions<O extends Bandwidth>(
  options: O | undefined,
  what: string,
  table: FlagTable,
  values: readonly string[] = [],
): { bandwidth: number; flags: number; rest: Record<string, unknown> } {
  const all = optionsObject(options, what, ['bandwidth', ...values, ...Object.keys(table)]);
  const flagOptions: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key in table) flagOptions[key] = value;
    else if (key !== 'bandwidth') rest[key] = value;
  }
  return {
    bandwidth: optionalByteCount(all.bandwidth, `${what}.bandwidth (bytes/s)`) ?? 0,
    flags: flagsFrom(flagOptions, what, table),
    rest,
  };
}

/** `dom.blockJobs`: block jobs of one domain, each addressed by disk target (`vda`) or source path. */
export class DomainBlockJobs {
  readonly #handle: () => Handle;

  /** @internal */
  constructor(domain: () => Handle) {
    this.#handle = domain;
  }

  /**
   * Commits images of the backing chain down into `base` (`virDomainBlockCommit`). With `active`, the job
   * reaches a ready phase and ends with `abort({ pivot: true })`.
   */
  async commit(disk: string, options?: BlockCommitOptions): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.commit disk');
    const { bandwidth, flags, rest } = jobOptions(options, 'blockJobs.commit options', COMMIT, [
      'base',
      'top',
    ]);
    const base = optionalString(rest.base, 'blockJobs.commit base') ?? null;
    const top = optionalString(rest.top, 'blockJobs.commit top') ?? null;
    await call(
      'virDomainBlockCommit',
      this.#handle(),
      disk,
      base,
      top,
      bandwidth,
      flags | DomainBlockCommitFlags.BANDWIDTH_BYTES,
    );
  }

  /**
   * Copies the disk to `destination` — a typed `{ disk: {...} }` device or a `<disk>` XML — while the guest
   * runs (`virDomainBlockCopy`); finish with `abort({ pivot: true })` to switch, or `abort()` to keep the
   * original.
   */
  async copy(
    disk: string,
    destination: DeviceDefinition | string,
    options?: BlockCopyOptions,
  ): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.copy disk');
    const xml = deviceXml(destination, 'blockJobs.copy destination');
    const { bandwidth, flags, rest } = jobOptions(options, 'blockJobs.copy options', COPY, [
      'granularity',
      'bufSize',
    ]);
    // Typed parameter names are C macros (VIR_DOMAIN_BLOCK_COPY_*), not in the API XML's enums.
    const params: TypedParamsInput = {};
    if (bandwidth > 0) params.bandwidth = { type: 'ullong', value: BigInt(bandwidth) };
    if (rest.granularity !== undefined) {
      params.granularity = {
        type: 'uint',
        value: requireUint32(rest.granularity, 'blockJobs.copy granularity'),
      };
    }
    const bufSize = optionalByteCount(rest.bufSize, 'blockJobs.copy bufSize');
    if (bufSize !== undefined) params['buf-size'] = { type: 'ullong', value: BigInt(bufSize) };
    await call('virDomainBlockCopy', this.#handle(), disk, xml, params, flags);
  }

  /** Pulls the backing chain's data into the active image, making it standalone (`virDomainBlockPull`). */
  async pull(disk: string, options?: BlockPullOptions): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.pull disk');
    const { bandwidth } = jobOptions(options, 'blockJobs.pull options', {});
    await call('virDomainBlockPull', this.#handle(), disk, bandwidth, DomainBlockPullFlags.BYTES);
  }

  /**
   * Pulls the chain above `base` into the active image and makes `base` its backing file; `base` undefined
   * pulls everything (`virDomainBlockRebase`).
   */
  async rebase(disk: string, base: string | undefined, options?: BlockRebaseOptions): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.rebase disk');
    const baseArg = optionalString(base, 'blockJobs.rebase base') ?? null;
    const { bandwidth, flags } = jobOptions(options, 'blockJobs.rebase options', REBASE);
    await call(
      'virDomainBlockRebase',
      this.#handle(),
      disk,
      baseArg,
      bandwidth,
      flags | DomainBlockRebaseFlags.BANDWIDTH_BYTES,
    );
  }

  /** Cancels the disk's job, or with `pivot` completes a ready copy/active commit (`virDomainBlockJobAbort`). */
  async abort(disk: string, options?: BlockJobAbortOptions): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.abort disk');
    await call(
      'virDomainBlockJobAbort',
      this.#handle(),
      disk,
      flagsFrom(options, 'blockJobs.abort options', ABORT),
    );
  }

  /** Changes the running job's bandwidth cap, bytes per second; 0 = unlimited (`virDomainBlockJobSetSpeed`). */
  async setSpeed(disk: string, bytesPerSecond: number): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.setSpeed disk');
    const bandwidth = optionalByteCount(bytesPerSecond, 'blockJobs.setSpeed bytesPerSecond');
    if (bandwidth === undefined) throw new TypeError('blockJobs.setSpeed bytesPerSecond must be a number');
    await call(
      'virDomainBlockJobSetSpeed',
      this.#handle(),
      disk,
      bandwidth,
      DomainBlockJobSetSpeedFlags.BYTES,
    );
  }

  /** The disk's current job, or undefined when none runs (`virDomainGetBlockJobInfo`). */
  async info(disk: string): Promise<BlockJobInfo | undefined> {
    requireNonEmptyString(disk, 'blockJobs.info disk');
    const { info, ret } = await call(
      'virDomainGetBlockJobInfo',
      this.#handle(),
      disk,
      DomainBlockJobInfoFlags.BYTES,
    );
    if (ret === 0) return undefined;
    return {
      type: JOB_TYPES[info.type] ?? 'unknown',
      bandwidth: info.bandwidth,
      cur: info.cur,
      end: info.end,
    };
  }

  /** Grows (or shrinks) a disk of a running guest to `size` bytes or '2 GiB' (`virDomainBlockResize`). */
  async resize(disk: string, size: number | string): Promise<void> {
    requireNonEmptyString(disk, 'blockJobs.resize disk');
    const bytes = requireSize(size, 'blockJobs.resize size');
    await call('virDomainBlockResize', this.#handle(), disk, bytes, DomainBlockResizeFlags.BYTES);
  }
}
