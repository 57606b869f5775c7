/**
 * `dom.jobs`: the domain's background job (migration, save, dump, backup): its progress, its statistics and
 * aborting it, plus the dirty-rate measurement libvirt runs as a job of its own.
 */
import {
  DomainAbortJobFlagsValues,
  DomainDirtyRateCalcFlags,
  DomainGetJobStatsFlags,
  DomainJobType,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, optionsObject, requireOneOf, requireUint32 } from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { decodeJobStats, type MigrationProgress } from './migration.js';

/**
 * A job's kind, by name: `'none'`, `'bounded'`, `'unbounded'`, `'completed'`, `'failed'`, `'cancelled'`
 * (`virDomainJobType`).
 */
export type JobTypeName = EnumName<typeof DomainJobType>;
const JOB_TYPES = enumNames(DomainJobType);

/** `jobs.info()` (`virDomainGetJobInfo`): times in ms, data in bytes. */
export interface JobInfo {
  /** The job's kind: `'bounded'` for a job whose end is known, `'none'` when there is no job. */
  type: JobTypeName | 'unknown';
  /** Time since the job started, in ms. */
  timeElapsedMs: number;
  /** Estimated time to the end, in ms (bounded jobs only). */
  timeRemainingMs: number;
  /** All data to process, in bytes (memory plus files). */
  dataTotal: number;
  /** Data processed so far, in bytes. */
  dataProcessed: number;
  /** Data still to process, in bytes. */
  dataRemaining: number;
  /** Guest memory to process, in bytes. */
  memoryTotal: number;
  /** Guest memory processed so far, in bytes. */
  memoryProcessed: number;
  /** Guest memory still to process, in bytes. */
  memoryRemaining: number;
  /** File data (disks) to process, in bytes. */
  fileTotal: number;
  /** File data processed so far, in bytes. */
  fileProcessed: number;
  /** File data still to process, in bytes. */
  fileRemaining: number;
}

/** `jobs.stats()`: the typed fields libvirt reports for every job type, and `raw` with all of them. */
export type JobStats = MigrationProgress;

/** `jobs.stats()` options. */
export interface JobStatsOptions {
  /** The statistics of the job that just finished, not the running one. */
  completed?: boolean;
  /** With `completed`: keep them for the next call instead of discarding them. */
  keepCompleted?: boolean;
}

/** How `jobs.startDirtyRateCalc()` measures the guest's memory dirty rate (`virDomainDirtyRateCalcFlags`). */
export type DirtyRateMode = 'page-sampling' | 'dirty-bitmap' | 'dirty-ring';
const DIRTY_MODES = enumNames(DomainDirtyRateCalcFlags);

/**
 * `dom.jobs`: the domain's background job (migration, save, dump, backup): its progress, its statistics and
 * aborting it, plus the dirty-rate measurement libvirt runs as a job of its own.
 */
export class DomainJobs {
  readonly #domain: () => Handle;

  /** @internal `dom.jobs` */
  constructor(domain: () => Handle) {
    this.#domain = domain;
  }

  /** The running job's progress (`virDomainGetJobInfo`); `type: 'none'` when there is none. */
  async info(): Promise<JobInfo> {
    const j = await call('virDomainGetJobInfo', this.#domain());
    return {
      type: JOB_TYPES.nameOf(j.type) ?? 'unknown',
      timeElapsedMs: j.timeElapsed,
      timeRemainingMs: j.timeRemaining,
      dataTotal: j.dataTotal,
      dataProcessed: j.dataProcessed,
      dataRemaining: j.dataRemaining,
      memoryTotal: j.memTotal,
      memoryProcessed: j.memProcessed,
      memoryRemaining: j.memRemaining,
      fileTotal: j.fileTotal,
      fileProcessed: j.fileProcessed,
      fileRemaining: j.fileRemaining,
    };
  }

  /** Typed statistics of the running (or, with `completed`, the last) job (`virDomainGetJobStats`). */
  async stats(options?: JobStatsOptions): Promise<JobStats> {
    const flags = flagsFrom(options, 'jobs.stats options', {
      completed: DomainGetJobStatsFlags.COMPLETED,
      keepCompleted: DomainGetJobStatsFlags.KEEP_COMPLETED,
    });
    const { type, params } = await call('virDomainGetJobStats', this.#domain(), flags);
    return decodeJobStats(type, params);
  }

  /**
   * Aborts the running job (`virDomainAbortJob`); `{ postcopy: true }` stops a migration in its post-copy
   * phase instead (`virDomainAbortJobFlags`).
   */
  async abort(options?: { postcopy?: boolean }): Promise<void> {
    const flags = flagsFrom(options, 'jobs.abort options', {
      postcopy: DomainAbortJobFlagsValues.POSTCOPY,
    });
    if (options === undefined) await call('virDomainAbortJob', this.#domain());
    else await call('virDomainAbortJobFlags', this.#domain(), flags);
  }

  /**
   * Starts measuring how fast the guest dirties memory over `seconds` (`virDomainStartDirtyRateCalc`); the
   * result appears in `dom.stats({ groups: ['dirtyrate'] })`.
   */
  async startDirtyRateCalc(seconds: number, options?: { mode?: DirtyRateMode }): Promise<void> {
    const period = requireUint32(seconds, 'jobs.startDirtyRateCalc seconds');
    if (period === 0 || period > 0x7fffffff) {
      throw new RangeError(`jobs.startDirtyRateCalc seconds must be at least 1, got ${period}`);
    }
    const { mode } = optionsObject(options, 'jobs.startDirtyRateCalc options', ['mode']);
    const flags =
      mode === undefined
        ? 0
        : DIRTY_MODES.valueOf(requireOneOf(mode, 'jobs.startDirtyRateCalc options.mode', DIRTY_MODES.names));
    await call('virDomainStartDirtyRateCalc', this.#domain(), period, flags);
  }
}
