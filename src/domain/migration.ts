/**
 * `dom.migrate(dest, options)`: live or offline migration with typed parameters (`virDomainMigrate3` to an
 * open connection, `virDomainMigrateToURI3` peer-to-peer to a libvirt URI), progress polled from
 * `virDomainGetJobStats` while the migration call runs, and `virDomainAbortJob` when the signal aborts.
 */
import { virDomainJobType, virDomainMigrateFlags } from '../../native/generated/enums.js';
import type { TypedParams, TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call, callWith, connectionKind } from '../../native/libvirt.js';
import { setKeepAlive } from '../../native/loop/index.js';
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalByteCount,
  optionalFunction,
  optionalString,
  optionalTimeoutMs,
} from '../core/checks.js';

/**
 * `dom.migrate()` options: the `VIR_MIGRATE_*` flags and `VIR_MIGRATE_PARAM_*` parameters of
 * `virDomainMigrateToURI3` / `virDomainMigrate3`, plus cancellation and progress.
 */
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
  /** Compress the migrated memory (`VIR_MIGRATE_COMPRESSED`). */
  compressed?: boolean;
  /** Slow down a guest whose memory changes faster than it can be copied (`VIR_MIGRATE_AUTO_CONVERGE`). */
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
  /** Time since the migration started, in ms (`VIR_DOMAIN_JOB_TIME_ELAPSED`). */
  timeElapsedMs?: number;
  /** All data to migrate, in bytes (`VIR_DOMAIN_JOB_DATA_TOTAL`). */
  dataTotal?: number;
  /** Data migrated so far, in bytes (`VIR_DOMAIN_JOB_DATA_PROCESSED`). */
  dataProcessed?: number;
  /** Data still to migrate, in bytes (`VIR_DOMAIN_JOB_DATA_REMAINING`). */
  dataRemaining?: number;
  /** Guest memory to migrate, in bytes (`VIR_DOMAIN_JOB_MEMORY_TOTAL`). */
  memoryTotal?: number;
  /** Guest memory migrated so far, in bytes (`VIR_DOMAIN_JOB_MEMORY_PROCESSED`). */
  memoryProcessed?: number;
  /** Guest memory still to migrate, in bytes (`VIR_DOMAIN_JOB_MEMORY_REMAINING`). */
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

/**
 * Where a migration's progress is polled and its abort is sent. Never on the connection the migration call
 * runs on, when that connection goes through a daemon: libvirt 9.0's RPC client leaves, for every call that
 * overlapped another on one connection, a socket watch pointing into the stack frame of the thread that held
 * the connection, and dispatches it on the socket's next event even after that thread has returned from the
 * call. A client-driven migration then makes RPCs on the destination from that same thread, which overwrites
 * the frame; when the source daemon died or froze mid-migration, the next event on the source socket crashed
 * the process (SIGSEGV in virNetClientIOEventFD, every time; docs/reliability.md). So progress goes over a
 * connection of its own to the source daemon, with keepalive so a frozen daemon cannot hold its poll forever.
 * In-process drivers (`test:///`) have no socket and are polled where they are.
 */
interface ProgressConnection {
  domain: Handle;
  close(): Promise<void>;
}

/** Keepalive of the progress connection: a frozen source is given up on in about 3 s. */
const SIDE_KEEPALIVE = { interval: 1, count: 2 } as const;

async function progressConnection(domain: Handle): Promise<ProgressConnection> {
  const here: ProgressConnection = { domain, close: async () => {} };
  const source = domain.connection;
  if (!source) return here;
  let side: Handle | undefined;
  try {
    const uri = await call('virConnectGetURI', source);
    if (connectionKind(uri) !== 'daemon') return here;
    const uuid = await call('virDomainGetUUIDString', domain);
    side = await call('virConnectOpen', uri);
    await setKeepAlive(side, SIDE_KEEPALIVE.interval, SIDE_KEEPALIVE.count);
    const sideDomain = await call('virDomainLookupByUUIDString', side, uuid);
    const connection = side;
    return {
      domain: sideDomain,
      close: async () => {
        await sideDomain.free().catch(() => {});
        await connection.free().catch(() => {});
      },
    };
  } catch {
    // An open that needs credentials only the caller's Hypervisor has: poll on the migration's connection.
    await side?.free().catch(() => {});
    return here;
  }
}

/** Polls job stats until stopped; samples never overlap, and a failed poll (the job just ended) is skipped. */
function pollProgress(domain: Handle, intervalMs: number, onProgress: (p: MigrationProgress) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      const stats = await call('virDomainGetJobStats', domain, 0);
      if (!stopped) onProgress(decodeJobStats(stats.type, stats.params));
    } catch {
      // Between the end of the job and the end of the migration call there may be nothing to report.
    }
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  const run = () => {
    inFlight = tick();
  };
  timer = setTimeout(run, intervalMs);
  /** Stops polling; resolves once no sample is in flight. */
  return () => {
    stopped = true;
    clearTimeout(timer);
    return inFlight;
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
  const watch = p.onProgress || p.signal ? await progressConnection(domain) : undefined;
  const stopPolling =
    watch && p.onProgress ? pollProgress(watch.domain, p.intervalMs, p.onProgress) : async () => {};
  // The abort runs on the quick lane: the migration call itself holds a slow-lane worker.
  const onAbort = () =>
    void callWith({ lane: 'quick' }, 'virDomainAbortJob', watch?.domain ?? domain).catch(() => {});
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
    p.signal?.removeEventListener('abort', onAbort);
    // Not awaited by the caller: a sample in flight to a frozen source ends with the side keepalive.
    void stopPolling().then(() => watch?.close());
  }
}
