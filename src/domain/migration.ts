/**
 * `dom.migrate(dest, options)`: live or offline migration with typed parameters (`virDomainMigrate3` to an
 * open connection, `virDomainMigrateToURI3` peer-to-peer to a libvirt URI), progress polled from
 * `virDomainGetJobStats` while the migration call runs, and `virDomainAbortJob` when the signal aborts.
 */
import { virDomainJobType, virDomainMigrateFlags } from '../../native/generated/enums.js';
import type { TypedParams, TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call, callWith } from '../../native/libvirt.js';
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalByteCount,
  optionalFunction,
  optionalString,
  optionalTimeoutMs,
} from '../core/checks.js';

export interface MigrateOptions {
  /** Keep the guest running while its memory is copied (`VIR_MIGRATE_LIVE`). */
  live?: boolean;
  /** Define the guest on the destination (`VIR_MIGRATE_PERSIST_DEST`). */
  persist?: boolean;
  /** Remove the source's definition once migrated (`VIR_MIGRATE_UNDEFINE_SOURCE`). */
  undefineSource?: boolean;
  /** Leave the guest paused on the destination (`VIR_MIGRATE_PAUSED`). */
  paused?: boolean;
  /** Migrate even when libvirt cannot prove the disks are shared safely (`VIR_MIGRATE_UNSAFE`). */
  unsafe?: boolean;
  /** Migrate a shut-off guest's definition only (`VIR_MIGRATE_OFFLINE`, needs `persist`). */
  offline?: boolean;
  /** Copy non-shared disks too (`VIR_MIGRATE_NON_SHARED_DISK`). */
  copyStorage?: boolean;
  compressed?: boolean;
  autoConverge?: boolean;
  /** Abort on I/O errors during migration (`VIR_MIGRATE_ABORT_ON_ERROR`). */
  abortOnError?: boolean;
  /** Bandwidth limit in MiB/s (`VIR_MIGRATE_PARAM_BANDWIDTH`). */
  bandwidth?: number;
  /** The hypervisor's own migration URI, e.g. `tcp://192.0.2.10` (`VIR_MIGRATE_PARAM_URI`). */
  migrateUri?: string;
  /** Rename the guest on the destination (`VIR_MIGRATE_PARAM_DEST_NAME`). */
  destName?: string;
  /** The domain XML to use on the destination (`VIR_MIGRATE_PARAM_DEST_XML`). */
  destXml?: string;
  /** Where the destination's QEMU listens for the incoming stream (`VIR_MIGRATE_PARAM_LISTEN_ADDRESS`). */
  listenAddress?: string;
  /** Aborting calls `virDomainAbortJob`; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with each job-stats sample while the migration runs. */
  onProgress?: (progress: MigrationProgress) => void;
  /** How often job stats are polled for `onProgress`, in ms (an integer from 1 to 2^31−1). Default 500. */
  progressIntervalMs?: number;
}

/** One `virDomainGetJobStats` sample. Byte counts and times are numbers (they stay far below 2^53). */
export interface MigrationProgress {
  /** 'bounded' while a migration runs; 'none' before it starts or after it ended. */
  type: 'none' | 'bounded' | 'unbounded' | 'completed' | 'failed' | 'cancelled' | 'unknown';
  timeElapsedMs?: number;
  dataTotal?: number;
  dataProcessed?: number;
  dataRemaining?: number;
  memoryTotal?: number;
  memoryProcessed?: number;
  memoryRemaining?: number;
  /** Pre-copy passes over guest memory so far. */
  memoryIteration?: number;
  /** Bytes per second. */
  memoryBps?: number;
  /** Every field libvirt reported, as it reported them. */
  raw: TypedParams;
}

// libvirt's VIR_MIGRATE_PARAM_* names (string #defines, absent from the API XML's enums).
const PARAM = {
  migrateUri: 'migrate_uri',
  destName: 'destination_name',
  destXml: 'destination_xml',
  bandwidth: 'bandwidth',
  listenAddress: 'listen_address',
} as const;

const F = virDomainMigrateFlags;
const FLAG_OPTIONS = {
  live: F.VIR_MIGRATE_LIVE,
  persist: F.VIR_MIGRATE_PERSIST_DEST,
  undefineSource: F.VIR_MIGRATE_UNDEFINE_SOURCE,
  paused: F.VIR_MIGRATE_PAUSED,
  unsafe: F.VIR_MIGRATE_UNSAFE,
  offline: F.VIR_MIGRATE_OFFLINE,
  copyStorage: F.VIR_MIGRATE_NON_SHARED_DISK,
  compressed: F.VIR_MIGRATE_COMPRESSED,
  autoConverge: F.VIR_MIGRATE_AUTO_CONVERGE,
  abortOnError: F.VIR_MIGRATE_ABORT_ON_ERROR,
} as const;

const JOB_TYPES: Record<number, MigrationProgress['type']> = {
  [virDomainJobType.VIR_DOMAIN_JOB_NONE]: 'none',
  [virDomainJobType.VIR_DOMAIN_JOB_BOUNDED]: 'bounded',
  [virDomainJobType.VIR_DOMAIN_JOB_UNBOUNDED]: 'unbounded',
  [virDomainJobType.VIR_DOMAIN_JOB_COMPLETED]: 'completed',
  [virDomainJobType.VIR_DOMAIN_JOB_FAILED]: 'failed',
  [virDomainJobType.VIR_DOMAIN_JOB_CANCELLED]: 'cancelled',
};

const KNOWN_OPTIONS = new Set<string>([
  ...Object.keys(FLAG_OPTIONS),
  ...Object.keys(PARAM),
  'signal',
  'onProgress',
  'progressIntervalMs',
]);

interface Plan {
  flags: number;
  params: TypedParamsInput;
  signal: AbortSignal | undefined;
  onProgress: ((p: MigrationProgress) => void) | undefined;
  intervalMs: number;
}

function plan(options: MigrateOptions | undefined): Plan {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('migrate options must be an object');
  }
  const opts = options ?? {};
  for (const key of Object.keys(opts)) {
    if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`migrate: unknown option '${key}'`);
  }
  let flags = 0;
  for (const [name, flag] of Object.entries(FLAG_OPTIONS)) {
    if (optionalBoolean(opts[name as keyof typeof FLAG_OPTIONS], `migrate ${name}`)) flags |= flag;
  }
  const params: TypedParamsInput = {};
  const bandwidth = optionalByteCount(opts.bandwidth, 'migrate bandwidth (MiB/s)');
  if (bandwidth !== undefined) params[PARAM.bandwidth] = { type: 'ullong', value: BigInt(bandwidth) };
  for (const name of ['migrateUri', 'destName', 'destXml', 'listenAddress'] as const) {
    const value = optionalString(opts[name], `migrate ${name}`);
    if (value !== undefined) params[PARAM[name]] = { type: 'string', value };
  }
  const intervalMs =
    optionalTimeoutMs(opts.progressIntervalMs, 'migrate progressIntervalMs', { none: false, min: 1 }) ?? 500;
  return {
    flags,
    params,
    signal: optionalAbortSignal(opts.signal, 'migrate signal'),
    onProgress: optionalFunction(opts.onProgress, 'migrate onProgress'),
    intervalMs,
  };
}

const num = (v: unknown): number | undefined =>
  typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined;

export function decodeJobStats(type: number, raw: TypedParams): MigrationProgress {
  const progress: MigrationProgress = { type: JOB_TYPES[type] ?? 'unknown', raw };
  const fields = {
    timeElapsedMs: 'time_elapsed',
    dataTotal: 'data_total',
    dataProcessed: 'data_processed',
    dataRemaining: 'data_remaining',
    memoryTotal: 'memory_total',
    memoryProcessed: 'memory_processed',
    memoryRemaining: 'memory_remaining',
    memoryIteration: 'memory_iteration',
    memoryBps: 'memory_bps',
  } as const;
  for (const [key, name] of Object.entries(fields)) {
    const value = num(raw[name]);
    if (value !== undefined) progress[key as keyof typeof fields] = value;
  }
  return progress;
}

/** Polls job stats until stopped; samples never overlap, and a failed poll (the job just ended) is skipped. */
function pollProgress(domain: Handle, intervalMs: number, onProgress: (p: MigrationProgress) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const stats = await call('virDomainGetJobStats', domain, 0);
      if (!stopped) onProgress(decodeJobStats(stats.type, stats.params));
    } catch {
      // Between the end of the job and the end of the migration call there may be nothing to report.
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/**
 * Migrates `domain` to `dest`: an open connection (`virDomainMigrate3`, the client drives both daemons) or a
 * libvirt URI the source daemon connects to itself (`virDomainMigrateToURI3` with `VIR_MIGRATE_PEER2PEER`).
 * Resolves once libvirt reports the migration finished; the guest's UUID is unchanged on the destination.
 */
export async function migrateDomain(
  domain: Handle,
  dest: Handle | string,
  options?: MigrateOptions,
): Promise<void> {
  const p = plan(options);
  if (typeof dest !== 'string' && (dest === null || typeof dest !== 'object' || dest.kind !== 'connect')) {
    throw new TypeError('migrate destination must be a Hypervisor or a libvirt URI string');
  }
  if (typeof dest === 'string' && dest === '')
    throw new TypeError('migrate destination URI must not be empty');
  p.signal?.throwIfAborted();
  const stopPolling = p.onProgress ? pollProgress(domain, p.intervalMs, p.onProgress) : () => {};
  // The abort runs on the quick lane: the migration call itself holds a slow-lane worker.
  const onAbort = () => void callWith({ lane: 'quick' }, 'virDomainAbortJob', domain).catch(() => {});
  p.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (typeof dest === 'string') {
      await call('virDomainMigrateToURI3', domain, dest, p.params, p.flags | F.VIR_MIGRATE_PEER2PEER);
    } else {
      const migrated = await call('virDomainMigrate3', domain, dest, p.params, p.flags);
      // The executor files the returned reference under the source connection (its first handle argument);
      // it belongs to `dest`, so it is released here and callers look the guest up on `dest` by UUID.
      await migrated.free();
    }
  } catch (err) {
    if (p.signal?.aborted) throw p.signal.reason;
    throw err;
  } finally {
    stopPolling();
    p.signal?.removeEventListener('abort', onAbort);
  }
}
