/**
 * Typed domain statistics decoded from libvirt's bulk-stats typed parameters (`virConnectGetAllDomainStats`,
 * `virDomainListGetStats`). Known keys become typed fields; every other key is kept as it came in `raw`.
 * 64-bit rule: libvirt's `ullong` counters (times in ns, I/O bytes and requests) are bigints; memory in KiB,
 * counts and states are numbers.
 */
import { ConnectGetAllDomainStatsFlags, DomainStatsTypes } from '../../native/generated/enums.js';
import type { TypedParams, TypedParamValue } from '../../native/generated/meta.js';
import { optionsObject, requireOneOf } from '../core/checks.js';
import { type DomainListFilter, listFlags } from './options.js';
import { type DomainState, decodeDomainState } from './state.js';

/** The `cpu.*` group: the domain's CPU time, in nanoseconds. */
export interface CpuStats {
  /** Total CPU time, ns. */
  time?: bigint;
  /** `cpu.user`: CPU time spent in user mode, in ns. */
  user?: bigint;
  /** `cpu.system`: CPU time spent in kernel mode, in ns. */
  system?: bigint;
}

/** Balloon driver figures, KiB (`lastUpdate` in seconds since the epoch; faults and hugetlb counts): numbers. */
export interface BalloonStats {
  /** `balloon.current`: the memory the guest has now, in KiB. */
  current?: number;
  /** `balloon.maximum`: the most memory the guest may have, in KiB. */
  maximum?: number;
  /** `balloon.swap_in`: data read from swap space, in KiB. */
  swapIn?: number;
  /** `balloon.swap_out`: data written to swap space, in KiB. */
  swapOut?: number;
  /** `balloon.major_fault`: page faults that needed disk I/O (a count). */
  majorFault?: number;
  /** `balloon.minor_fault`: page faults served without disk I/O (a count). */
  minorFault?: number;
  /** `balloon.unused`: memory the guest leaves unused, in KiB. */
  unused?: number;
  /** `balloon.available`: memory the guest sees as usable in total, in KiB. */
  available?: number;
  /** `balloon.usable`: memory the guest could use without swapping, in KiB. */
  usable?: number;
  /** `balloon.rss`: the resident set size of the domain's process on the host, in KiB. */
  rss?: number;
  /** `balloon.last-update`: when the guest last updated these figures, in seconds since the epoch. */
  lastUpdate?: number;
  /** `balloon.disk_caches`: memory the guest could reclaim from its disk caches, in KiB. */
  diskCaches?: number;
  /** `balloon.hugetlb_pgalloc`: huge pages the guest allocated successfully (a count). */
  hugetlbPgalloc?: number;
  /** `balloon.hugetlb_pgfail`: huge page allocations that failed in the guest (a count). */
  hugetlbPgfail?: number;
}

/** One vCPU of the `vcpu.<n>.*` group. */
export interface VcpuStats {
  /** The vCPU's number (the `<n>` of `vcpu.<n>.*`). */
  index: number;
  /** virVcpuState: 0 offline, 1 running, 2 blocked. */
  state?: number;
  /** CPU time, ns. */
  time?: bigint;
  /** Time waiting for a host CPU, ns. */
  wait?: bigint;
  /** `vcpu.<n>.halted`: whether the vCPU is halted (the guest has nothing to run on it). */
  halted?: boolean;
  /** `vcpu.<n>.delay`: time the vCPU was ready to run but waited for a host CPU, in ns. */
  delay?: bigint;
}

/** One interface of the `net.<n>.*` group. */
export interface NetStats {
  /** The interface's position in the domain (the `<n>` of `net.<n>.*`). */
  index: number;
  /** The host-side device name (vnet0). */
  name?: string;
  /** `net.<n>.rx.bytes`: bytes received. */
  rxBytes?: bigint;
  /** `net.<n>.rx.pkts`: packets received. */
  rxPackets?: bigint;
  /** `net.<n>.rx.errs`: receive errors. */
  rxErrors?: bigint;
  /** `net.<n>.rx.drop`: received packets dropped. */
  rxDrops?: bigint;
  /** `net.<n>.tx.bytes`: bytes sent. */
  txBytes?: bigint;
  /** `net.<n>.tx.pkts`: packets sent. */
  txPackets?: bigint;
  /** `net.<n>.tx.errs`: transmit errors. */
  txErrors?: bigint;
  /** `net.<n>.tx.drop`: sent packets dropped. */
  txDrops?: bigint;
}

/** One disk (or, with `backing`, one backing image) of the `block.<n>.*` group. */
export interface BlockStats {
  /** The entry's position (the `<n>` of `block.<n>.*`). */
  index: number;
  /** The target name (vda). */
  name?: string;
  /** `block.<n>.backingIndex`: the image's index in the disk's backing chain (`<backingStore index=>`). */
  backingIndex?: number;
  /** `block.<n>.path`: the image's source file or device. */
  path?: string;
  /** `block.<n>.rd.reqs`: read requests. */
  readRequests?: bigint;
  /** `block.<n>.rd.bytes`: bytes read. */
  readBytes?: bigint;
  /** `block.<n>.rd.times`: time spent reading, in ns. */
  readTime?: bigint;
  /** `block.<n>.wr.reqs`: write requests. */
  writeRequests?: bigint;
  /** `block.<n>.wr.bytes`: bytes written. */
  writeBytes?: bigint;
  /** `block.<n>.wr.times`: time spent writing, in ns. */
  writeTime?: bigint;
  /** `block.<n>.fl.reqs`: flush requests. */
  flushRequests?: bigint;
  /** `block.<n>.fl.times`: time spent flushing, in ns. */
  flushTime?: bigint;
  /** `block.<n>.errors`: I/O errors (Xen only). */
  errors?: bigint;
  /** `block.<n>.allocation`: the highest offset written in the image, in bytes. */
  allocation?: bigint;
  /** `block.<n>.capacity`: the image's size as the guest sees it, in bytes. */
  capacity?: bigint;
  /** `block.<n>.physical`: the image's size on the host, in bytes. */
  physical?: bigint;
  /** `block.<n>.threshold`: the write threshold set with `virDomainSetBlockThreshold`, in bytes. */
  threshold?: bigint;
}

/**
 * One domain's statistics (`virConnectGetAllDomainStats`, `virDomainListGetStats`): the decoded groups, and
 * `raw` with the rest.
 */
export interface DomainStats {
  /** The `state.*` group: the state and its reason. */
  state?: DomainState;
  /** The `cpu.*` group. */
  cpu?: CpuStats;
  /** The `balloon.*` group. */
  balloon?: BalloonStats;
  /** The `vcpu.*` group: the counts, and each vCPU. */
  vcpu?: {
    /** `vcpu.current`: the vCPUs online. */
    current?: number;
    /** `vcpu.maximum`: the most vCPUs the domain may have. */
    maximum?: number;
    /** Each vCPU, by number. */
    list: VcpuStats[];
  };
  /** The `net.*` group: one entry per interface. */
  net: NetStats[];
  /** The `block.*` group: one entry per disk (and backing image, with `backing`). */
  block: BlockStats[];
  /** Every key not decoded above (perf, iothread, memory, dirtyrate, vm, newer ones), as libvirt sent it. */
  raw: TypedParams;
}

type Conv = 'big' | 'num' | 'str' | 'bool';
type Table = Readonly<Record<string, readonly [prop: string, conv: Conv]>>;

const CPU: Table = { time: ['time', 'big'], user: ['user', 'big'], system: ['system', 'big'] };
const BALLOON: Table = {
  current: ['current', 'num'],
  maximum: ['maximum', 'num'],
  swap_in: ['swapIn', 'num'],
  swap_out: ['swapOut', 'num'],
  major_fault: ['majorFault', 'num'],
  minor_fault: ['minorFault', 'num'],
  unused: ['unused', 'num'],
  available: ['available', 'num'],
  usable: ['usable', 'num'],
  rss: ['rss', 'num'],
  'last-update': ['lastUpdate', 'num'],
  disk_caches: ['diskCaches', 'num'],
  hugetlb_pgalloc: ['hugetlbPgalloc', 'num'],
  hugetlb_pgfail: ['hugetlbPgfail', 'num'],
};
const VCPU: Table = {
  state: ['state', 'num'],
  time: ['time', 'big'],
  wait: ['wait', 'big'],
  halted: ['halted', 'bool'],
  delay: ['delay', 'big'],
};
const NET: Table = {
  name: ['name', 'str'],
  'rx.bytes': ['rxBytes', 'big'],
  'rx.pkts': ['rxPackets', 'big'],
  'rx.errs': ['rxErrors', 'big'],
  'rx.drop': ['rxDrops', 'big'],
  'tx.bytes': ['txBytes', 'big'],
  'tx.pkts': ['txPackets', 'big'],
  'tx.errs': ['txErrors', 'big'],
  'tx.drop': ['txDrops', 'big'],
};
const BLOCK: Table = {
  name: ['name', 'str'],
  backingIndex: ['backingIndex', 'num'],
  path: ['path', 'str'],
  'rd.reqs': ['readRequests', 'big'],
  'rd.bytes': ['readBytes', 'big'],
  'rd.times': ['readTime', 'big'],
  'wr.reqs': ['writeRequests', 'big'],
  'wr.bytes': ['writeBytes', 'big'],
  'wr.times': ['writeTime', 'big'],
  'fl.reqs': ['flushRequests', 'big'],
  'fl.times': ['flushTime', 'big'],
  errors: ['errors', 'big'],
  allocation: ['allocation', 'big'],
  capacity: ['capacity', 'big'],
  physical: ['physical', 'big'],
  threshold: ['threshold', 'big'],
};

/** The value in the field's type, or undefined when libvirt sent another type (then the key stays raw). */
function convert(value: TypedParamValue, conv: Conv): unknown {
  switch (conv) {
    case 'big':
      return typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(value) : undefined;
    case 'num':
      return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;
    case 'str':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
  }
}

/** Sets `target[prop]` from a table entry; false when the key is not in the table or the type is wrong. */
function put(target: Record<string, unknown>, table: Table, key: string, value: TypedParamValue): boolean {
  const entry = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!entry) return false;
  const converted = convert(value, entry[1]);
  if (converted === undefined) return false;
  target[entry[0]] = converted;
  return true;
}

/** `<group>.<index>.<key>` into the indexed item of `list` (created on first use). */
function putIndexed<T extends { index: number }>(
  list: T[],
  table: Table,
  rest: string,
  value: TypedParamValue,
) {
  const match = /^(\d+)\.(.+)$/.exec(rest);
  if (!match) return false;
  const index = Number(match[1]);
  list[index] ??= { index } as T;
  const item = list[index];
  return put(item as Record<string, unknown>, table, match[2]!, value);
}

export function decodeDomainStats(params: TypedParams): DomainStats {
  const stats: DomainStats = { net: [], block: [], raw: {} };
  const vcpus: VcpuStats[] = [];
  let state: number | undefined;
  let reason = 0;
  for (const [key, value] of Object.entries(params)) {
    let known = false;
    // A repeated name (an array) is not a statistic of these groups: kept raw.
    if (!Array.isArray(value)) {
      const dot = key.indexOf('.');
      const group = key.slice(0, dot);
      const rest = key.slice(dot + 1);
      switch (group) {
        case 'state':
          if (rest === 'state' && typeof value === 'number') [state, known] = [value, true];
          else if (rest === 'reason' && typeof value === 'number') [reason, known] = [value, true];
          break;
        case 'cpu':
          stats.cpu ??= {};
          known = put(stats.cpu as Record<string, unknown>, CPU, rest, value);
          break;
        case 'balloon':
          stats.balloon ??= {};
          known = put(stats.balloon as Record<string, unknown>, BALLOON, rest, value);
          break;
        case 'vcpu':
          stats.vcpu ??= { list: vcpus };
          if (rest === 'current' || rest === 'maximum') {
            const n = convert(value, 'num') as number | undefined;
            if (n !== undefined) [stats.vcpu[rest], known] = [n, true];
          } else known = putIndexed(vcpus, VCPU, rest, value);
          break;
        case 'net':
          // `count` is the list's length, which the indexed entries already give.
          known = rest === 'count' || putIndexed(stats.net, NET, rest, value);
          break;
        case 'block':
          known = rest === 'count' || putIndexed(stats.block, BLOCK, rest, value);
          break;
      }
    }
    if (!known) stats.raw[key] = value;
  }
  if (state !== undefined) stats.state = decodeDomainState(state, reason);
  // Indexes are dense in libvirt's output; filter guards against a gap becoming a hole in the array.
  stats.net = stats.net.filter(Boolean);
  stats.block = stats.block.filter(Boolean);
  if (stats.vcpu) stats.vcpu.list = vcpus.filter(Boolean);
  return stats;
}

/** Stats groups by name (`virDomainStatsTypes`, lower-cased): `'state'`, `'cpu_total'`, `'balloon'`, … */
export type StatsGroup = Lowercase<keyof typeof DomainStatsTypes>;
const GROUP_NAMES = Object.keys(DomainStatsTypes).map((k) => k.toLowerCase()) as StatsGroup[];

/**
 * Which statistics to read (`virDomainListGetStats`, `virConnectGetAllDomainStats`): the groups and the flags.
 */
export interface StatsOptions {
  /** The groups to read; default: every group the driver supports. */
  groups?: readonly StatsGroup[];
  /** Report block stats for backing chains too. */
  backing?: boolean;
  /** Do not wait for a busy guest: return what needs no hypervisor query. */
  nowait?: boolean;
  /** Fail when a requested group is not supported, rather than leaving it out. */
  enforce?: boolean;
}

/** `hv.domains.statsAll()`: stats options plus which domains (by state, persistence). */
export interface StatsAllOptions extends StatsOptions {
  /**
   * Which domains to report, by state and persistence (the `VIR_CONNECT_GET_ALL_DOMAINS_STATS_*` list flags).
   */
  filter?: Pick<
    DomainListFilter,
    'active' | 'inactive' | 'persistent' | 'transient' | 'running' | 'paused' | 'shutoff' | 'other'
  >;
}

/** `[stats, flags]` for the bulk-stats calls. */
export function statsArguments(options: StatsAllOptions | undefined, what: string): [number, number] {
  const o = optionsObject(options, what, ['groups', 'backing', 'nowait', 'enforce', 'filter']);
  let stats = 0;
  if (o.groups !== undefined) {
    if (!Array.isArray(o.groups)) throw new TypeError(`${what}.groups must be an array of group names`);
    for (const g of o.groups) {
      const name = requireOneOf(g, `${what}.groups[]`, GROUP_NAMES);
      stats |= DomainStatsTypes[name.toUpperCase() as keyof typeof DomainStatsTypes];
    }
  }
  const F = ConnectGetAllDomainStatsFlags;
  let flags = listFlags(o.filter as DomainListFilter | undefined, `${what}.filter`);
  for (const [key, flag] of [
    ['backing', F.BACKING],
    ['nowait', F.NOWAIT],
    ['enforce', F.ENFORCE_STATS],
  ] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new TypeError(`${what}.${key} must be a boolean`);
    if (v) flags = (flags | flag) >>> 0;
  }
  return [stats >>> 0, flags];
}
