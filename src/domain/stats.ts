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

export interface CpuStats {
  /** Total CPU time, ns. */
  time?: bigint;
  user?: bigint;
  system?: bigint;
}

/** Balloon driver figures, KiB (`lastUpdate` in seconds since the epoch; faults and hugetlb counts): numbers. */
export interface BalloonStats {
  current?: number;
  maximum?: number;
  swapIn?: number;
  swapOut?: number;
  majorFault?: number;
  minorFault?: number;
  unused?: number;
  available?: number;
  usable?: number;
  rss?: number;
  lastUpdate?: number;
  diskCaches?: number;
  hugetlbPgalloc?: number;
  hugetlbPgfail?: number;
}

export interface VcpuStats {
  index: number;
  /** virVcpuState: 0 offline, 1 running, 2 blocked. */
  state?: number;
  /** CPU time, ns. */
  time?: bigint;
  /** Time waiting for a host CPU, ns. */
  wait?: bigint;
  halted?: boolean;
  delay?: bigint;
}

export interface NetStats {
  index: number;
  /** The host-side device name (vnet0). */
  name?: string;
  rxBytes?: bigint;
  rxPackets?: bigint;
  rxErrors?: bigint;
  rxDrops?: bigint;
  txBytes?: bigint;
  txPackets?: bigint;
  txErrors?: bigint;
  txDrops?: bigint;
}

export interface BlockStats {
  index: number;
  /** The target name (vda). */
  name?: string;
  backingIndex?: number;
  path?: string;
  readRequests?: bigint;
  readBytes?: bigint;
  /** ns */
  readTime?: bigint;
  writeRequests?: bigint;
  writeBytes?: bigint;
  writeTime?: bigint;
  flushRequests?: bigint;
  flushTime?: bigint;
  errors?: bigint;
  /** bytes */
  allocation?: bigint;
  capacity?: bigint;
  physical?: bigint;
  threshold?: bigint;
}

export interface DomainStats {
  state?: DomainState;
  cpu?: CpuStats;
  balloon?: BalloonStats;
  vcpu?: { current?: number; maximum?: number; list: VcpuStats[] };
  net: NetStats[];
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
