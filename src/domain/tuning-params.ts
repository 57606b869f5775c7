/**
 * The known fields of each typed-parameter group of `dom.tuning`, by libvirt's names (the string macros of
 * libvirt-domain.h, which the API XML does not carry). 64-bit fields are bigints (the 64-bit rule).
 */

/** `VIR_DOMAIN_BLKIO_*`; the device fields are lists like "/dev/vda,500". */
export interface BlkioParams {
  weight: number;
  device_weight: string;
  device_read_iops_sec: string;
  device_write_iops_sec: string;
  device_read_bytes_sec: string;
  device_write_bytes_sec: string;
}

/**
 * `VIR_DOMAIN_MEMORY_*`, in KiB: numbers (memory in KiB, by the 64-bit rule); 9007199254740991
 * (VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, `Number.MAX_SAFE_INTEGER`) means no limit.
 */
export interface MemoryParams {
  hard_limit: number;
  soft_limit: number;
  min_guarantee: number;
  swap_hard_limit: number;
}

/** `VIR_DOMAIN_NUMA_*`: `numa_mode` is a virDomainNumatuneMemMode value. */
export interface NumaParams {
  numa_mode: number;
  numa_nodeset: string;
}

/** `VIR_DOMAIN_SCHEDULER_*`: QEMU/LXC use shares/periods/quotas, Xen and the test driver weight/cap. */
export interface SchedulerParams {
  cpu_shares: bigint;
  global_period: bigint;
  global_quota: bigint;
  vcpu_period: bigint;
  vcpu_quota: bigint;
  emulator_period: bigint;
  emulator_quota: bigint;
  iothread_period: bigint;
  iothread_quota: bigint;
  weight: number;
  cap: number;
  reservation: bigint;
  limit: bigint;
  shares: number;
}

/** `VIR_DOMAIN_BANDWIDTH_*`: averages/peaks/floors in KiB/s, bursts in KiB. */
export interface InterfaceParams {
  'inbound.average': number;
  'inbound.peak': number;
  'inbound.burst': number;
  'inbound.floor': number;
  'outbound.average': number;
  'outbound.peak': number;
  'outbound.burst': number;
}

/** `VIR_DOMAIN_BLOCK_IOTUNE_*`: bytes or operations per second, bursts (`_max`) and their length in seconds. */
export interface BlockIoTuneParams {
  total_bytes_sec: bigint;
  read_bytes_sec: bigint;
  write_bytes_sec: bigint;
  total_iops_sec: bigint;
  read_iops_sec: bigint;
  write_iops_sec: bigint;
  total_bytes_sec_max: bigint;
  read_bytes_sec_max: bigint;
  write_bytes_sec_max: bigint;
  total_iops_sec_max: bigint;
  read_iops_sec_max: bigint;
  write_iops_sec_max: bigint;
  total_bytes_sec_max_length: bigint;
  read_bytes_sec_max_length: bigint;
  write_bytes_sec_max_length: bigint;
  total_iops_sec_max_length: bigint;
  read_iops_sec_max_length: bigint;
  write_iops_sec_max_length: bigint;
  size_iops_sec: bigint;
  group_name: string;
}

/** `VIR_PERF_PARAM_*`: whether each perf event is counted. */
export interface PerfEvents {
  cmt: boolean;
  mbmt: boolean;
  mbml: boolean;
  cache_misses: boolean;
  cache_references: boolean;
  instructions: boolean;
  cpu_cycles: boolean;
  branch_instructions: boolean;
  branch_misses: boolean;
  bus_cycles: boolean;
  stalled_cycles_frontend: boolean;
  stalled_cycles_backend: boolean;
  ref_cpu_cycles: boolean;
  cpu_clock: boolean;
  task_clock: boolean;
  page_faults: boolean;
  context_switches: boolean;
  cpu_migrations: boolean;
}

/** `VIR_DOMAIN_IOTHREAD_*`: polling (ns, factors) and the thread pool bounds. */
export interface IOThreadParams {
  poll_max_ns: bigint;
  poll_grow: number;
  poll_shrink: number;
  thread_pool_min: number;
  thread_pool_max: number;
}

/** `VIR_DOMAIN_CPU_STATS_*`, in ns: the total has cpu/user/system time, each host CPU cpu/vcpu time. */
export interface CpuTimes {
  cpu_time: bigint;
  user_time: bigint;
  system_time: bigint;
  vcpu_time: bigint;
}
