/**
 * The known fields of each typed-parameter group of `dom.tuning`, by libvirt's names (the string macros of
 * libvirt-domain.h, which the API XML does not carry). 64-bit fields are bigints (the 64-bit rule).
 */

/** `VIR_DOMAIN_BLKIO_*`; the device fields are lists like "/dev/vda,500". */
export interface BlkioParams {
  /** `VIR_DOMAIN_BLKIO_WEIGHT`: the domain's I/O weight relative to other domains. */
  weight: number;
  /** `VIR_DOMAIN_BLKIO_DEVICE_WEIGHT`: per-device I/O weights, as comma-separated `path,weight` pairs. */
  device_weight: string;
  /**
   * `VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS`: per-device read operations per second limits, as comma-separated
   * `path,limit` pairs.
   */
  device_read_iops_sec: string;
  /**
   * `VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS`: per-device write operations per second limits, as comma-separated
   * `path,limit` pairs.
   */
  device_write_iops_sec: string;
  /**
   * `VIR_DOMAIN_BLKIO_DEVICE_READ_BPS`: per-device read bytes per second limits, as comma-separated
   * `path,limit` pairs.
   */
  device_read_bytes_sec: string;
  /**
   * `VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS`: per-device write bytes per second limits, as comma-separated
   * `path,limit` pairs.
   */
  device_write_bytes_sec: string;
}

/**
 * `VIR_DOMAIN_MEMORY_*`, in KiB: numbers (memory in KiB, by the 64-bit rule); 9007199254740991
 * (VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, `Number.MAX_SAFE_INTEGER`) means no limit.
 */
export interface MemoryParams {
  /** `VIR_DOMAIN_MEMORY_HARD_LIMIT`: the most memory the domain's processes may use, in KiB. */
  hard_limit: number;
  /**
   * `VIR_DOMAIN_MEMORY_SOFT_LIMIT`: the memory the domain is pushed back to when the host is short of memory,
   * in KiB.
   */
  soft_limit: number;
  /** `VIR_DOMAIN_MEMORY_MIN_GUARANTEE`: the memory guaranteed to the domain, in KiB. */
  min_guarantee: number;
  /** `VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT`: the most memory plus swap the domain may use, in KiB. */
  swap_hard_limit: number;
}

/** `VIR_DOMAIN_NUMA_*`: `numa_mode` is a virDomainNumatuneMemMode value. */
export interface NumaParams {
  /**
   * `VIR_DOMAIN_NUMA_MODE`: the memory placement policy, a `virDomainNumatuneMemMode` value (0 strict, 1
   * preferred, 2 interleave, 3 restrictive).
   */
  numa_mode: number;
  /** `VIR_DOMAIN_NUMA_NODESET`: the host NUMA nodes the domain's memory comes from, as a list like "0-1,3". */
  numa_nodeset: string;
}

/** `VIR_DOMAIN_SCHEDULER_*`: QEMU/LXC use shares/periods/quotas, Xen and the test driver weight/cap. */
export interface SchedulerParams {
  /** `VIR_DOMAIN_SCHEDULER_CPU_SHARES`: the domain's CPU weight relative to other domains. */
  cpu_shares: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_GLOBAL_PERIOD`: the period over which `global_quota` is enforced, in microseconds.
   */
  global_period: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA`: the CPU time the whole domain may use in each `global_period`, in
   * microseconds (negative: no limit).
   */
  global_quota: bigint;
  /** `VIR_DOMAIN_SCHEDULER_VCPU_PERIOD`: the period over which `vcpu_quota` is enforced, in microseconds. */
  vcpu_period: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_VCPU_QUOTA`: the CPU time each vCPU may use in each `vcpu_period`, in microseconds
   * (negative: no limit).
   */
  vcpu_quota: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_EMULATOR_PERIOD`: the period over which `emulator_quota` is enforced, in
   * microseconds.
   */
  emulator_period: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_EMULATOR_QUOTA`: the CPU time the emulator threads may use in each `emulator_period`,
   * in microseconds (negative: no limit).
   */
  emulator_quota: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD`: the period over which `iothread_quota` is enforced, in
   * microseconds.
   */
  iothread_period: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_IOTHREAD_QUOTA`: the CPU time each I/O thread may use in each `iothread_period`, in
   * microseconds (negative: no limit).
   */
  iothread_quota: bigint;
  /**
   * `VIR_DOMAIN_SCHEDULER_WEIGHT`: the domain's relative weight under the Xen credit scheduler (the test driver
   * reports it too).
   */
  weight: number;
  /** `VIR_DOMAIN_SCHEDULER_CAP`: the Xen credit scheduler's cap, in percent of one physical CPU (0: no cap). */
  cap: number;
  /** `VIR_DOMAIN_SCHEDULER_RESERVATION`: the CPU reserved for the domain, in MHz (VMware ESX). */
  reservation: bigint;
  /** `VIR_DOMAIN_SCHEDULER_LIMIT`: the most CPU the domain may use, in MHz (VMware ESX; -1: no limit). */
  limit: bigint;
  /** `VIR_DOMAIN_SCHEDULER_SHARES`: the domain's CPU shares (VMware ESX). */
  shares: number;
}

/** `VIR_DOMAIN_BANDWIDTH_*`: averages/peaks/floors in KiB/s, bursts in KiB. */
export interface InterfaceParams {
  /** `VIR_DOMAIN_BANDWIDTH_IN_AVERAGE`: the average inbound rate, in KiB/s. */
  'inbound.average': number;
  /** `VIR_DOMAIN_BANDWIDTH_IN_PEAK`: the most inbound rate, in KiB/s. */
  'inbound.peak': number;
  /** `VIR_DOMAIN_BANDWIDTH_IN_BURST`: how much may come in at the peak rate, in KiB. */
  'inbound.burst': number;
  /** `VIR_DOMAIN_BANDWIDTH_IN_FLOOR`: the inbound rate guaranteed to the interface, in KiB/s. */
  'inbound.floor': number;
  /** `VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE`: the average outbound rate, in KiB/s. */
  'outbound.average': number;
  /** `VIR_DOMAIN_BANDWIDTH_OUT_PEAK`: the most outbound rate, in KiB/s. */
  'outbound.peak': number;
  /** `VIR_DOMAIN_BANDWIDTH_OUT_BURST`: how much may go out at the peak rate, in KiB. */
  'outbound.burst': number;
}

/** `VIR_DOMAIN_BLOCK_IOTUNE_*`: bytes or operations per second, bursts (`_max`) and their length in seconds. */
export interface BlockIoTuneParams {
  /** `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC`: the read plus write throughput limit, in bytes per second. */
  total_bytes_sec: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC`: the read throughput limit, in bytes per second. */
  read_bytes_sec: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC`: the write throughput limit, in bytes per second. */
  write_bytes_sec: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC`: the read plus write operations per second limit. */
  total_iops_sec: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC`: the read operations per second limit. */
  read_iops_sec: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC`: the write operations per second limit. */
  write_iops_sec: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX`: the burst limit of `total_bytes_sec`, in bytes per second.
   */
  total_bytes_sec_max: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX`: the burst limit of `read_bytes_sec`, in bytes per second. */
  read_bytes_sec_max: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX`: the burst limit of `write_bytes_sec`, in bytes per second.
   */
  write_bytes_sec_max: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX`: the burst limit of `total_iops_sec`. */
  total_iops_sec_max: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX`: the burst limit of `read_iops_sec`. */
  read_iops_sec_max: bigint;
  /** `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX`: the burst limit of `write_iops_sec`. */
  write_iops_sec_max: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH`: how long the `total_bytes_sec_max` burst may last, in
   * seconds.
   */
  total_bytes_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH`: how long the `read_bytes_sec_max` burst may last, in
   * seconds.
   */
  read_bytes_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH`: how long the `write_bytes_sec_max` burst may last, in
   * seconds.
   */
  write_bytes_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH`: how long the `total_iops_sec_max` burst may last, in
   * seconds.
   */
  total_iops_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH`: how long the `read_iops_sec_max` burst may last, in
   * seconds.
   */
  read_iops_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH`: how long the `write_iops_sec_max` burst may last, in
   * seconds.
   */
  write_iops_sec_max_length: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC`: the size of one I/O operation for the operations limits, in bytes
   * (larger requests count as several).
   */
  size_iops_sec: bigint;
  /**
   * `VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME`: the throttle group whose limits the disk shares with the group's
   * other disks.
   */
  group_name: string;
}

/** `VIR_PERF_PARAM_*`: whether each perf event is counted. */
export interface PerfEvents {
  /**
   * `VIR_PERF_PARAM_CMT`: whether perf counts the domain's last-level cache usage (Intel Cache Monitoring
   * Technology).
   */
  cmt: boolean;
  /**
   * `VIR_PERF_PARAM_MBMT`: whether perf counts the domain's total memory bandwidth (Intel Memory Bandwidth
   * Monitoring).
   */
  mbmt: boolean;
  /**
   * `VIR_PERF_PARAM_MBML`: whether perf counts the domain's local memory bandwidth (Intel Memory Bandwidth
   * Monitoring).
   */
  mbml: boolean;
  /** `VIR_PERF_PARAM_CACHE_MISSES`: whether perf counts cache misses by the domain's threads. */
  cache_misses: boolean;
  /** `VIR_PERF_PARAM_CACHE_REFERENCES`: whether perf counts cache accesses by the domain's threads. */
  cache_references: boolean;
  /** `VIR_PERF_PARAM_INSTRUCTIONS`: whether perf counts instructions executed by the domain's threads. */
  instructions: boolean;
  /** `VIR_PERF_PARAM_CPU_CYCLES`: whether perf counts CPU cycles spent by the domain's threads. */
  cpu_cycles: boolean;
  /**
   * `VIR_PERF_PARAM_BRANCH_INSTRUCTIONS`: whether perf counts branch instructions executed by the domain's
   * threads.
   */
  branch_instructions: boolean;
  /** `VIR_PERF_PARAM_BRANCH_MISSES`: whether perf counts mispredicted branches of the domain's threads. */
  branch_misses: boolean;
  /** `VIR_PERF_PARAM_BUS_CYCLES`: whether perf counts bus cycles spent by the domain's threads. */
  bus_cycles: boolean;
  /**
   * `VIR_PERF_PARAM_STALLED_CYCLES_FRONTEND`: whether perf counts cycles stalled in the instruction fetch
   * stage.
   */
  stalled_cycles_frontend: boolean;
  /** `VIR_PERF_PARAM_STALLED_CYCLES_BACKEND`: whether perf counts cycles stalled in the execution stage. */
  stalled_cycles_backend: boolean;
  /**
   * `VIR_PERF_PARAM_REF_CPU_CYCLES`: whether perf counts CPU cycles at the reference clock, unaffected by
   * frequency scaling.
   */
  ref_cpu_cycles: boolean;
  /**
   * `VIR_PERF_PARAM_CPU_CLOCK`: whether perf counts the CPU clock time of the domain's threads (the cpu-clock
   * event).
   */
  cpu_clock: boolean;
  /**
   * `VIR_PERF_PARAM_TASK_CLOCK`: whether perf counts the task clock time of the domain's threads (the
   * task-clock event).
   */
  task_clock: boolean;
  /** `VIR_PERF_PARAM_PAGE_FAULTS`: whether perf counts page faults of the domain's threads. */
  page_faults: boolean;
  /** `VIR_PERF_PARAM_CONTEXT_SWITCHES`: whether perf counts context switches of the domain's threads. */
  context_switches: boolean;
  /**
   * `VIR_PERF_PARAM_CPU_MIGRATIONS`: whether perf counts moves of the domain's threads from one host CPU to
   * another.
   */
  cpu_migrations: boolean;
}

/** `VIR_DOMAIN_IOTHREAD_*`: polling (ns, factors) and the thread pool bounds. */
export interface IOThreadParams {
  /**
   * `VIR_DOMAIN_IOTHREAD_POLL_MAX_NS`: the longest an I/O thread polls before it sleeps, in nanoseconds (0: no
   * polling).
   */
  poll_max_ns: bigint;
  /**
   * `VIR_DOMAIN_IOTHREAD_POLL_GROW`: the factor by which the polling time grows (0: the hypervisor's default).
   */
  poll_grow: number;
  /**
   * `VIR_DOMAIN_IOTHREAD_POLL_SHRINK`: the divisor by which the polling time shrinks (0: the hypervisor's
   * default).
   */
  poll_shrink: number;
  /** `VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN`: the fewest worker threads the I/O thread keeps. */
  thread_pool_min: number;
  /** `VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX`: the most worker threads the I/O thread may start. */
  thread_pool_max: number;
}

/** `VIR_DOMAIN_CPU_STATS_*`, in ns: the total has cpu/user/system time, each host CPU cpu/vcpu time. */
export interface CpuTimes {
  /** `VIR_DOMAIN_CPU_STATS_CPUTIME`: the CPU time used, in nanoseconds. */
  cpu_time: bigint;
  /** `VIR_DOMAIN_CPU_STATS_USERTIME`: the CPU time used in user mode, in nanoseconds (total only). */
  user_time: bigint;
  /** `VIR_DOMAIN_CPU_STATS_SYSTEMTIME`: the CPU time used in kernel mode, in nanoseconds (total only). */
  system_time: bigint;
  /** `VIR_DOMAIN_CPU_STATS_VCPUTIME`: the CPU time the vCPUs used, in nanoseconds (per host CPU). */
  vcpu_time: bigint;
}
