/**
 * `dom.tuning`: resource controls of one domain — typed-parameter groups (blkio, memory, NUMA, scheduler,
 * interface bandwidth, disk I/O limits, perf events), memory and vCPU limits, pinning, IOThreads, lifecycle
 * actions and memory statistics. Getters return libvirt's field names typed (`Tuned`) plus `raw`; setters take
 * the same names (plain numbers get the exact C type from the matching getter).
 */
import {
  DomainLifecycle,
  DomainLifecycleAction,
  DomainMemoryStatTags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  requireCount,
  requireMemoryKiB,
  requireNonEmptyString,
  requireOneOf,
  requireUint32,
} from '../core/checks.js';
import { hostCpuCount } from '../core/cpumap.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { type AffectOptions, affectFlags, vcpuFlags } from './options.js';
import { type Tuned, type TuneInput, tuned, tuneInput, withTypes } from './params.js';
import type { IOThreadInfo, VcpuInfo } from './pinning.js';
import * as pinning from './pinning.js';
import type {
  BlkioParams,
  BlockIoTuneParams,
  CpuTimes,
  InterfaceParams,
  IOThreadParams,
  MemoryParams,
  NumaParams,
  PerfEvents,
  SchedulerParams,
} from './tuning-params.js';

/** A guest event whose action can be set: `'poweroff'`, `'reboot'` or `'crash'` (`virDomainLifecycle`). */
export type LifecycleEvent = EnumName<typeof DomainLifecycle>;
/**
 * What the hypervisor does on such an event: `'destroy'`, `'restart'`, `'preserve'`, `'restart-rename'`,
 * `'coredump-destroy'`, `'coredump-restart'` (`virDomainLifecycleAction`).
 */
export type LifecycleActionName = EnumName<typeof DomainLifecycleAction>;
const EVENTS = enumNames(DomainLifecycle);
const ACTIONS = enumNames(DomainLifecycleAction);

/**
 * `tuning.memoryStats()`: the balloon's figures by name, in KiB unless noted; numbers by the 64-bit rule (memory
 * in KiB, counts and seconds stay far below 2^53).
 */
export interface MemoryStats {
  /** `VIR_DOMAIN_MEMORY_STAT_SWAP_IN`: data read from swap space, in KiB. */
  swapIn?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_SWAP_OUT`: data written to swap space, in KiB. */
  swapOut?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT`: page faults that needed disk I/O (a count). */
  majorFault?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT`: page faults served without disk I/O (a count). */
  minorFault?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_UNUSED`: memory the guest leaves unused, in KiB. */
  unused?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_AVAILABLE`: memory the guest sees as usable in total, in KiB. */
  available?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON`: the balloon's current size, in KiB. */
  actualBalloon?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_RSS`: the resident set size of the domain's process on the host, in KiB. */
  rss?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_USABLE`: memory the guest could use without swapping, in KiB. */
  usable?: number;
  /** Seconds since the epoch of the guest's last update. */
  lastUpdate?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_DISK_CACHES`: memory the guest could reclaim from its disk caches, in KiB. */
  diskCaches?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC`: huge pages the guest allocated successfully (a count). */
  hugetlbPgalloc?: number;
  /** `VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL`: huge page allocations that failed in the guest (a count). */
  hugetlbPgfail?: number;
}

const STAT_NAMES = Object.fromEntries(
  Object.entries(DomainMemoryStatTags)
    .filter(([key]) => key !== 'NR')
    .map(([key, tag]) => [tag, key.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]),
) as Record<number, keyof MemoryStats>;

/** `tuning.vcpuCount()` options: which count (`maximum`, or the `guest` agent's view) of which definition. */
export interface VcpuCountOptions extends AffectOptions {
  /** `VIR_DOMAIN_VCPU_MAXIMUM`: the most vCPUs, instead of the current count. */
  maximum?: boolean;
  /** `VIR_DOMAIN_VCPU_GUEST`: the count the guest agent reports online in the guest. */
  guest?: boolean;
}

/** The C types of VIR_DOMAIN_IOTHREAD_* (libvirt has no getter to take them from). */
const IOTHREAD_PARAM_TYPES = {
  poll_max_ns: 'ullong',
  poll_grow: 'uint',
  poll_shrink: 'uint',
  thread_pool_min: 'int',
  thread_pool_max: 'int',
} as const;

/**
 * `dom.tuning`: the resource controls of one domain: typed-parameter groups (blkio, memory, NUMA, scheduler,
 * interface bandwidth, disk I/O limits, perf events), memory and vCPU limits, pinning, IOThreads, lifecycle
 * actions and memory statistics. Getters return libvirt's field names typed plus `raw`; setters take the same
 * names.
 */
export class DomainTuning {
  readonly #domain: () => Handle;

  /** @internal `dom.tuning` */
  constructor(domain: () => Handle) {
    this.#domain = domain;
  }

  // ---- typed-parameter groups

  /** The block I/O weights and per-device limits (`virDomainGetBlkioParameters`). */
  async blkio(options?: AffectOptions): Promise<Tuned<BlkioParams>> {
    const flags = affectFlags(options, 'tuning.blkio options');
    return tuned<BlkioParams>(await call('virDomainGetBlkioParameters', this.#domain(), flags));
  }

  /**
   * Sets block I/O weights and per-device limits; fields left out keep their values
   * (`virDomainSetBlkioParameters`).
   */
  async setBlkio(params: TuneInput<BlkioParams>, options?: AffectOptions): Promise<void> {
    const input = tuneInput(params, 'tuning.setBlkio params');
    const flags = affectFlags(options, 'tuning.setBlkio options');
    await call('virDomainSetBlkioParameters', this.#domain(), input, flags);
  }

  /**
   * Memory limits in KiB (`hard_limit`, …; `virDomainGetMemoryParameters`), numbers by the 64-bit rule;
   * 9007199254740991 (`Number.MAX_SAFE_INTEGER`, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED) means unlimited. `raw` keeps
   * libvirt's typed values.
   */
  async memoryTune(options?: AffectOptions): Promise<Tuned<MemoryParams>> {
    const flags = affectFlags(options, 'tuning.memoryTune options');
    const raw = await call('virDomainGetMemoryParameters', this.#domain(), flags);
    const out = tuned<MemoryParams>(raw);
    for (const key of ['hard_limit', 'soft_limit', 'min_guarantee', 'swap_hard_limit'] as const) {
      const value = raw[key];
      if (typeof value === 'bigint' || typeof value === 'number') out[key] = Number(value);
    }
    return out;
  }

  /** Sets memory limits in KiB; fields left out keep their values (`virDomainSetMemoryParameters`). */
  async setMemoryTune(params: TuneInput<MemoryParams>, options?: AffectOptions): Promise<void> {
    const input = tuneInput(params, 'tuning.setMemoryTune params');
    const flags = affectFlags(options, 'tuning.setMemoryTune options');
    await call('virDomainSetMemoryParameters', this.#domain(), input, flags);
  }

  /** The NUMA memory policy and node set (`virDomainGetNumaParameters`). */
  async numa(options?: AffectOptions): Promise<Tuned<NumaParams>> {
    const flags = affectFlags(options, 'tuning.numa options');
    return tuned<NumaParams>(await call('virDomainGetNumaParameters', this.#domain(), flags));
  }

  /** Sets the NUMA memory policy or node set (`virDomainSetNumaParameters`). */
  async setNuma(params: TuneInput<NumaParams>, options?: AffectOptions): Promise<void> {
    const input = tuneInput(params, 'tuning.setNuma params');
    const flags = affectFlags(options, 'tuning.setNuma options');
    await call('virDomainSetNumaParameters', this.#domain(), input, flags);
  }

  /** The scheduler's name (`'posix'` for QEMU) and how many parameters it has (`virDomainGetSchedulerType`). */
  async schedulerType(): Promise<{
    /** The scheduler's name. */
    type: string;
    /** How many scheduler parameters it has. */
    paramCount: number;
  }> {
    const { ret, nparams } = await call('virDomainGetSchedulerType', this.#domain());
    return { type: String(ret), paramCount: nparams };
  }

  /**
   * Scheduler parameters: without options the original `virDomainGetSchedulerParameters` (works on every
   * driver), with `{ live, config }` `virDomainGetSchedulerParametersFlags`.
   */
  async scheduler(options?: AffectOptions): Promise<Tuned<SchedulerParams>> {
    const flags = affectFlags(options, 'tuning.scheduler options');
    const raw =
      options === undefined
        ? await call('virDomainGetSchedulerParameters', this.#domain())
        : await call('virDomainGetSchedulerParametersFlags', this.#domain(), flags);
    return tuned<SchedulerParams>(raw);
  }

  /**
   * Sets scheduler parameters: without options with `virDomainSetSchedulerParameters` (every driver), with `{
   * live, config }` with `virDomainSetSchedulerParametersFlags`.
   */
  async setScheduler(params: TuneInput<SchedulerParams>, options?: AffectOptions): Promise<void> {
    const input = tuneInput(params, 'tuning.setScheduler params');
    const flags = affectFlags(options, 'tuning.setScheduler options');
    if (options === undefined) await call('virDomainSetSchedulerParameters', this.#domain(), input);
    else await call('virDomainSetSchedulerParametersFlags', this.#domain(), input, flags);
  }

  /**
   * Bandwidth limits of one interface, by target device (`vnet0`) or MAC (`virDomainGetInterfaceParameters`).
   */
  async interface(device: string, options?: AffectOptions): Promise<Tuned<InterfaceParams>> {
    requireNonEmptyString(device, 'tuning.interface device');
    const flags = affectFlags(options, 'tuning.interface options');
    return tuned<InterfaceParams>(
      await call('virDomainGetInterfaceParameters', this.#domain(), device, flags),
    );
  }

  /** Sets bandwidth limits of one interface, by target device or MAC (`virDomainSetInterfaceParameters`). */
  async setInterface(
    device: string,
    params: TuneInput<InterfaceParams>,
    options?: AffectOptions,
  ): Promise<void> {
    requireNonEmptyString(device, 'tuning.setInterface device');
    const input = tuneInput(params, 'tuning.setInterface params');
    const flags = affectFlags(options, 'tuning.setInterface options');
    await call('virDomainSetInterfaceParameters', this.#domain(), device, input, flags);
  }

  /** I/O limits of one disk, by target (`vda`) or source path (`virDomainGetBlockIoTune`). */
  async blockIoTune(disk: string, options?: AffectOptions): Promise<Tuned<BlockIoTuneParams>> {
    requireNonEmptyString(disk, 'tuning.blockIoTune disk');
    const flags = affectFlags(options, 'tuning.blockIoTune options');
    return tuned<BlockIoTuneParams>(await call('virDomainGetBlockIoTune', this.#domain(), disk, flags));
  }

  /** Sets I/O limits of one disk, by target or source path (`virDomainSetBlockIoTune`). */
  async setBlockIoTune(
    disk: string,
    params: TuneInput<BlockIoTuneParams>,
    options?: AffectOptions,
  ): Promise<void> {
    requireNonEmptyString(disk, 'tuning.setBlockIoTune disk');
    const input = tuneInput(params, 'tuning.setBlockIoTune params');
    const flags = affectFlags(options, 'tuning.setBlockIoTune options');
    await call('virDomainSetBlockIoTune', this.#domain(), disk, input, flags);
  }

  /** Which perf events are enabled, by event name (`cpu_cycles: true`) (`virDomainGetPerfEvents`). */
  async perfEvents(options?: AffectOptions): Promise<Tuned<PerfEvents>> {
    const flags = affectFlags(options, 'tuning.perfEvents options');
    return tuned<PerfEvents>(await call('virDomainGetPerfEvents', this.#domain(), flags));
  }

  /** Enables or disables perf events by name (`virDomainSetPerfEvents`). */
  async setPerfEvents(events: TuneInput<PerfEvents>, options?: AffectOptions): Promise<void> {
    const input = tuneInput(events, 'tuning.setPerfEvents events');
    const flags = affectFlags(options, 'tuning.setPerfEvents options');
    await call('virDomainSetPerfEvents', this.#domain(), input, flags);
  }

  // ---- memory and vCPU limits

  /** The maximum memory in KiB (`virDomainGetMaxMemory`). */
  async getMaxMemory(): Promise<number> {
    return Number(await call('virDomainGetMaxMemory', this.#domain()));
  }

  /**
   * Sets the maximum memory (`virDomainSetMaxMemory`; QEMU: inactive domains only): KiB as a number, or a size
   * string as the builder takes it ('4 GiB').
   */
  async setMaxMemory(size: number | string): Promise<void> {
    await call('virDomainSetMaxMemory', this.#domain(), requireMemoryKiB(size, 'tuning.setMaxMemory size'));
  }

  /** The most vCPUs the running guest can have (`virDomainGetMaxVcpus`). */
  async getMaxVcpus(): Promise<number> {
    return call('virDomainGetMaxVcpus', this.#domain());
  }

  /** A vCPU count of the live or persistent definition (`virDomainGetVcpusFlags`). */
  async vcpuCount(options?: VcpuCountOptions): Promise<number> {
    const flags = vcpuFlags(options, 'tuning.vcpuCount options');
    return call('virDomainGetVcpusFlags', this.#domain(), flags);
  }

  /** Each vCPU of the running guest: state, CPU time, host CPU and affinity (`virDomainGetVcpus`). */
  vcpus(): Promise<VcpuInfo[]> {
    return pinning.vcpuInfo(this.#domain());
  }

  /** Enables or disables individual vCPUs by number (`virDomainSetVcpu`). */
  setVcpu(vcpus: readonly number[], enabled: boolean, options?: AffectOptions): Promise<void> {
    return pinning.setVcpu(this.#domain(), vcpus, enabled, options);
  }

  // ---- pinning

  /** Pins a vCPU to host CPUs (`virDomainPinVcpu`; with `{ live, config }` `virDomainPinVcpuFlags`). */
  pinVcpu(vcpu: number, cpus: readonly number[], options?: AffectOptions): Promise<void> {
    return pinning.pinVcpu(this.#domain(), vcpu, cpus, options);
  }

  /** Each vCPU's allowed host CPUs, indexed by vCPU (`virDomainGetVcpuPinInfo`). */
  vcpuPinInfo(options?: AffectOptions): Promise<number[][]> {
    return pinning.vcpuPinInfo(this.#domain(), options);
  }

  /** Pins the emulator threads (`virDomainPinEmulator`). */
  pinEmulator(cpus: readonly number[], options?: AffectOptions): Promise<void> {
    return pinning.pinEmulator(this.#domain(), cpus, options);
  }

  /** The host CPUs the emulator threads may run on (`virDomainGetEmulatorPinInfo`). */
  emulatorPinInfo(options?: AffectOptions): Promise<number[]> {
    return pinning.emulatorPinInfo(this.#domain(), options);
  }

  // ---- IOThreads

  /** The IOThreads and their affinity (`virDomainGetIOThreadInfo`). */
  iothreads(options?: AffectOptions): Promise<IOThreadInfo[]> {
    return pinning.iothreadInfo(this.#domain(), options);
  }

  /** Adds an IOThread with this ID (`virDomainAddIOThread`). */
  async addIOThread(id: number, options?: AffectOptions): Promise<void> {
    const n = pinning.requireIOThreadId(id, 'tuning.addIOThread id');
    await call('virDomainAddIOThread', this.#domain(), n, affectFlags(options, 'tuning.addIOThread options'));
  }

  /** Removes the IOThread with this ID; no disk may still use it (`virDomainDelIOThread`). */
  async deleteIOThread(id: number, options?: AffectOptions): Promise<void> {
    const n = pinning.requireIOThreadId(id, 'tuning.deleteIOThread id');
    const flags = affectFlags(options, 'tuning.deleteIOThread options');
    await call('virDomainDelIOThread', this.#domain(), n, flags);
  }

  /** Pins an IOThread to host CPUs (`virDomainPinIOThread`). */
  pinIOThread(id: number, cpus: readonly number[], options?: AffectOptions): Promise<void> {
    return pinning.pinIOThread(this.#domain(), id, cpus, options);
  }

  /** Polling and queue parameters of one IOThread (`virDomainSetIOThreadParams`; live only in QEMU). */
  async setIOThreadParams(
    id: number,
    params: TuneInput<IOThreadParams>,
    options?: AffectOptions,
  ): Promise<void> {
    const n = pinning.requireIOThreadId(id, 'tuning.setIOThreadParams id');
    const input = withTypes(tuneInput(params, 'tuning.setIOThreadParams params'), IOTHREAD_PARAM_TYPES);
    const flags = affectFlags(options, 'tuning.setIOThreadParams options');
    await call('virDomainSetIOThreadParams', this.#domain(), n, input, flags);
  }

  // ---- CPU time

  /** CPU time used by the whole domain in ns: `cpu_time`, `user_time`, `system_time` (`virDomainGetCPUStats`). */
  async cpuStats(): Promise<Tuned<CpuTimes>> {
    // start_cpu -1 with ncpus 1 asks for the total.
    const [total] = await call('virDomainGetCPUStats', this.#domain(), -1, 1, 0);
    return tuned<CpuTimes>(total ?? {});
  }

  /**
   * CPU time per host CPU in ns, indexed by host CPU: `cpu_time`, `vcpu_time` (`virDomainGetCPUStats`; QEMU
   * on cgroup v2 hosts cannot report it).
   */
  async cpuStatsPerCpu(): Promise<Tuned<CpuTimes>[]> {
    const domain = this.#domain();
    const hostCpus = await hostCpuCount(domain);
    const perCpu: Tuned<CpuTimes>[] = [];
    // libvirt returns at most 128 CPUs per call.
    for (let start = 0; start < hostCpus; start += 128) {
      const chunk = await call('virDomainGetCPUStats', domain, start, Math.min(128, hostCpus - start), 0);
      perCpu.push(...chunk.map((raw) => tuned<CpuTimes>(raw)));
    }
    return perCpu;
  }

  // ---- lifecycle, statistics, thresholds

  /** What the hypervisor does on a guest's poweroff, reboot or crash (`virDomainSetLifecycleAction`). */
  async setLifecycleAction(
    event: LifecycleEvent,
    action: LifecycleActionName,
    options?: AffectOptions,
  ): Promise<void> {
    const type = EVENTS.valueOf(requireOneOf(event, 'tuning.setLifecycleAction event', EVENTS.names));
    const act = ACTIONS.valueOf(requireOneOf(action, 'tuning.setLifecycleAction action', ACTIONS.names));
    const flags = affectFlags(options, 'tuning.setLifecycleAction options');
    await call('virDomainSetLifecycleAction', this.#domain(), type, act, flags);
  }

  /**
   * How often the balloon driver refreshes its statistics, in seconds; 0 stops it
   * (`virDomainSetMemoryStatsPeriod`).
   */
  async setMemoryStatsPeriod(seconds: number, options?: AffectOptions): Promise<void> {
    const period = requireUint32(seconds, 'tuning.setMemoryStatsPeriod seconds');
    if (period > 0x7fffffff) throw new RangeError('tuning.setMemoryStatsPeriod seconds is too large');
    const flags = affectFlags(options, 'tuning.setMemoryStatsPeriod options');
    await call('virDomainSetMemoryStatsPeriod', this.#domain(), period, flags);
  }

  /** The balloon's memory statistics by name (`virDomainMemoryStats`); absent ones are left out. */
  async memoryStats(): Promise<MemoryStats> {
    const stats = await call('virDomainMemoryStats', this.#domain(), DomainMemoryStatTags.NR, 0);
    const out: MemoryStats = {};
    for (const { tag, val } of stats) {
      const name = STAT_NAMES[tag];
      if (name) out[name] = Number(val);
    }
    return out;
  }

  /** Fires a `domain.block-threshold` event once `disk`'s allocation passes `bytes` (`virDomainSetBlockThreshold`). */
  async setBlockThreshold(disk: string, bytes: number): Promise<void> {
    requireNonEmptyString(disk, 'tuning.setBlockThreshold disk');
    const value = requireCount(bytes, 'tuning.setBlockThreshold bytes');
    await call('virDomainSetBlockThreshold', this.#domain(), disk, value, 0);
  }
}
