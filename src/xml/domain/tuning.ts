import { scaledInteger } from '../common/size.js';
import { attr, child, element, flag, leaf, list, text, type XmlType } from '../engine/describe.js';
import { int, oneOf, str, uint, yesNo } from '../engine/kinds.js';

/** `<vcpu placement= cpuset= current=>N</vcpu>`: the maximum vCPU count. */
export const vcpu = element({
  placement: attr(oneOf('static', 'auto')),
  cpuset: attr(str),
  current: attr(uint),
  value: text(uint),
});

/** `<vcpus><vcpu id= enabled= hotpluggable= order=/></vcpus>`: per-vCPU state. */
export const vcpus = element({
  vcpus: list(
    element({ id: attr(uint), enabled: attr(yesNo), hotpluggable: attr(yesNo), order: attr(uint) }),
    'vcpu',
  ),
});

/** `<iothreadids><iothread id= thread_pool_min= thread_pool_max=/></iothreadids>`. */
export const iothreadids = element({
  iothreads: list(
    element({
      id: attr(uint),
      threadPoolMin: attr(int, 'thread_pool_min'),
      threadPoolMax: attr(int, 'thread_pool_max'),
      poll: child(element({ max: attr(uint), grow: attr(uint), shrink: attr(uint) })),
    }),
    'iothread',
  ),
});

/** `<defaultiothread thread_pool_min= thread_pool_max=/>`: the pool of the main event loop's iothread. */
export const defaultIothread = element({
  threadPoolMin: attr(int, 'thread_pool_min'),
  threadPoolMax: attr(int, 'thread_pool_max'),
});

const scheduler = element({
  vcpus: attr(str),
  iothreads: attr(str),
  scheduler: attr(oneOf('batch', 'idle', 'fifo', 'rr')),
  priority: attr(int),
});

const cacheTune = element({
  vcpus: attr(str),
  id: attr(str),
  caches: list(
    element({
      id: attr(uint),
      level: attr(uint),
      type: attr(oneOf('both', 'code', 'data')),
      size: attr(uint),
      unit: attr(str),
    }),
    'cache',
  ),
  monitors: list(element({ level: attr(uint), vcpus: attr(str) }), 'monitor'),
});

/** `<cputune>`: vCPU/emulator/iothread pinning, shares, quotas, schedulers, cache and memory bandwidth tuning. */
export const cputune = element({
  shares: leaf(uint),
  period: leaf(uint),
  quota: leaf(int),
  globalPeriod: leaf(uint, 'global_period'),
  globalQuota: leaf(int, 'global_quota'),
  emulatorPeriod: leaf(uint, 'emulator_period'),
  emulatorQuota: leaf(int, 'emulator_quota'),
  iothreadPeriod: leaf(uint, 'iothread_period'),
  iothreadQuota: leaf(int, 'iothread_quota'),
  vcpupins: list(element({ vcpu: attr(uint), cpuset: attr(str) }), 'vcpupin'),
  emulatorpin: child(element({ cpuset: attr(str) })),
  iothreadpins: list(element({ iothread: attr(uint), cpuset: attr(str) }), 'iothreadpin'),
  emulatorsched: child(
    element({ scheduler: attr(oneOf('batch', 'idle', 'fifo', 'rr')), priority: attr(int) }),
  ),
  vcpuscheds: list(scheduler, 'vcpusched'),
  iothreadscheds: list(scheduler, 'iothreadsched'),
  cachetunes: list(cacheTune, 'cachetune'),
  memorytunes: list(
    element({
      vcpus: attr(str),
      nodes: list(element({ id: attr(uint), bandwidth: attr(uint) }), 'node'),
      monitors: list(element({ vcpus: attr(str) }), 'monitor'),
    }),
    'memorytune',
  ),
});

/** `<numatune>`: host NUMA placement of guest memory. */
export const numatune = element({
  memory: child(
    element({
      mode: attr(oneOf('strict', 'preferred', 'interleave', 'restrictive')),
      nodeset: attr(str),
      placement: attr(oneOf('static', 'auto')),
    }),
  ),
  memnodes: list(
    element({
      cellid: attr(uint),
      mode: attr(oneOf('strict', 'preferred', 'interleave', 'restrictive')),
      nodeset: attr(str),
    }),
    'memnode',
  ),
});

/** `<memtune>`: memory limits (hard, soft, swap hard, minimum guarantee). */
export const memtune = element({
  hardLimit: child(scaledInteger, 'hard_limit'),
  softLimit: child(scaledInteger, 'soft_limit'),
  swapHardLimit: child(scaledInteger, 'swap_hard_limit'),
  minGuarantee: child(scaledInteger, 'min_guarantee'),
});

const blkioDevice = element({
  path: leaf(str),
  weight: leaf(uint),
  readIopsSec: leaf(uint, 'read_iops_sec'),
  writeIopsSec: leaf(uint, 'write_iops_sec'),
  readBytesSec: leaf(uint, 'read_bytes_sec'),
  writeBytesSec: leaf(uint, 'write_bytes_sec'),
});

/** `<blkiotune>`: block I/O weight and per-device throttles. */
export const blkiotune = element({ weight: leaf(uint), devices: list(blkioDevice, 'device') });

/** `<memoryBacking>`: hugepages, locking, sharing, source, access and allocation of guest memory. */
export const memoryBacking = element({
  hugepages: child(
    element({
      pages: list(element({ size: attr(uint), unit: attr(str), nodeset: attr(str) }), 'page'),
    }),
  ),
  nosharepages: flag(),
  locked: flag(),
  source: child(element({ type: attr(oneOf('file', 'anonymous', 'memfd')) })),
  access: child(element({ mode: attr(oneOf('shared', 'private')) })),
  allocation: child(element({ mode: attr(oneOf('immediate', 'ondemand')), threads: attr(uint) })),
  discard: flag(),
});

/** `<resource><partition>/machine</partition></resource>`: the cgroup partition. */
export const resource = element({
  partition: leaf(str),
  fibrechannel: child(element({ appid: attr(str) })),
});

/** `<perf><event name= enabled=/></perf>`. */
export const PERF_EVENTS = [
  'cmt',
  'mbmt',
  'mbml',
  'cpu_cycles',
  'instructions',
  'cache_references',
  'cache_misses',
  'branch_instructions',
  'branch_misses',
  'bus_cycles',
  'stalled_cycles_frontend',
  'stalled_cycles_backend',
  'ref_cpu_cycles',
  'cpu_clock',
  'task_clock',
  'page_faults',
  'context_switches',
  'cpu_migrations',
  'page_faults_min',
  'page_faults_maj',
  'alignment_faults',
  'emulation_faults',
] as const;
export const perf = element({
  events: list(element({ name: attr(oneOf(...PERF_EVENTS)), enabled: attr(yesNo) }), 'event'),
});

export type Cputune = XmlType<typeof cputune>;
export type Numatune = XmlType<typeof numatune>;
export type Memtune = XmlType<typeof memtune>;
export type Blkiotune = XmlType<typeof blkiotune>;
export type MemoryBacking = XmlType<typeof memoryBacking>;
