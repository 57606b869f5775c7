// The race: C, libvirt-python, @unraid/libvirt and libvirt-ts (raw and object API) doing the same workloads on
// the same URI, in alternating rounds. Each peer is its own process (bench/peers/), kept for the whole run and
// asked for one timed round at a time; the order of the peers rotates every round, and round 0 only warms up.
import { loadavg } from 'node:os';
import type { PeerProcess } from './peers/process.js';
import { median } from './stats.js';

export type PeerId = 'c' | 'c-loop' | 'py' | 'unraid' | 'ts-raw' | 'ts-api';
export type WorkloadId = 'seq' | 'par' | 'xml' | 'list';

export interface PeerSet {
  /** The running peer, or undefined when it is skipped. */
  get(id: PeerId): PeerProcess | undefined;
  /** Why a peer is skipped. */
  skipped(id: PeerId): string | undefined;
  /** Whether the peer's process has exited (crashed). */
  dead(id: PeerId): boolean;
  /** Starts a crashed peer again, connections open; rejects when it cannot. */
  revive(id: PeerId): Promise<void>;
}

/** One line of a workload's table: a peer doing the workload its own way. */
export interface Row {
  key: string;
  label: string;
  peer: PeerId;
  /** The command sent to the peer for one timed round of `ms` ms. */
  command(uri: string, ms: number): string;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  /** What one cycle is, for the rate's unit. */
  unit: string;
  rows: Row[];
  /** The row ratios are taken against (`× C`). */
  reference: string;
}

/** The guest every lookup names (each URI has lvts-bench-00 … lvts-bench-49 defined). */
export const LOOKUP_NAME = 'lvts-bench-00';
export const IN_FLIGHT = 64;
export const C_THREADS = 8;

const simple = (key: string, label: string, peer: PeerId, op: string, arg = ''): Row => ({
  key,
  label,
  peer,
  command: (uri, ms) => `${op} ${uri} ${ms} ${arg}`.trim(),
});

export const WORKLOADS: readonly Workload[] = [
  {
    id: 'seq',
    title: 'sequential lookup-by-name + getInfo (+ free), one call at a time',
    unit: 'cycles',
    reference: 'c1',
    rows: [
      simple('c1', 'C, 1 thread', 'c', 'seq', LOOKUP_NAME),
      simple('c1loop', 'C, 1 thread, event loop running', 'c-loop', 'seq', LOOKUP_NAME),
      simple('py1', 'libvirt-python, 1 thread', 'py', 'seq', LOOKUP_NAME),
      simple('unraid', '@unraid/libvirt', 'unraid', 'seq', LOOKUP_NAME),
      simple('raw', 'libvirt-ts raw call()', 'ts-raw', 'seq', LOOKUP_NAME),
      simple('api', 'libvirt-ts object API', 'ts-api', 'seq', LOOKUP_NAME),
    ],
  },
  {
    id: 'par',
    title: `lookup + getInfo with many in flight on one connection (throughput)`,
    unit: 'cycles',
    reference: 'c8',
    rows: [
      simple('c8', `C, ${C_THREADS} pthreads`, 'c', 'par', `${LOOKUP_NAME} ${C_THREADS}`),
      simple(
        'c8loop',
        `C, ${C_THREADS} pthreads, event loop running`,
        'c-loop',
        'par',
        `${LOOKUP_NAME} ${C_THREADS}`,
      ),
      simple('py8', `libvirt-python, ${C_THREADS} threads`, 'py', 'par', `${LOOKUP_NAME} ${C_THREADS}`),
      simple(
        'unraid',
        `@unraid/libvirt, ${IN_FLIGHT} in flight`,
        'unraid',
        'par',
        `${LOOKUP_NAME} ${IN_FLIGHT}`,
      ),
      simple('raw', `libvirt-ts raw, ${IN_FLIGHT} in flight`, 'ts-raw', 'par', `${LOOKUP_NAME} ${IN_FLIGHT}`),
      simple('api', `libvirt-ts API, ${IN_FLIGHT} in flight`, 'ts-api', 'par', `${LOOKUP_NAME} ${IN_FLIGHT}`),
    ],
  },
  {
    id: 'xml',
    title: 'sequential lookup-by-name + getXMLDesc (+ free)',
    unit: 'cycles',
    reference: 'c1',
    rows: [
      simple('c1', 'C, 1 thread', 'c', 'xml', LOOKUP_NAME),
      simple('py1', 'libvirt-python, 1 thread', 'py', 'xml', LOOKUP_NAME),
      simple('unraid', '@unraid/libvirt', 'unraid', 'xml', LOOKUP_NAME),
      simple('raw', 'libvirt-ts raw call()', 'ts-raw', 'xml', LOOKUP_NAME),
      simple('api', 'libvirt-ts object API', 'ts-api', 'xml', LOOKUP_NAME),
    ],
  },
  {
    id: 'list',
    title: 'list every guest with its state (time of one listing)',
    unit: 'listings',
    reference: 'c1',
    rows: [
      simple('c1', 'C, listAll + getState one by one', 'c', 'list'),
      simple('cstats', 'C, getAllDomainStats(STATE)', 'c', 'liststats'),
      simple('py1', 'libvirt-python, one by one', 'py', 'list'),
      simple('unraid', '@unraid/libvirt, Promise.all(getInfo)', 'unraid', 'list'),
      simple('raw', 'libvirt-ts raw, Promise.all(getState)', 'ts-raw', 'list'),
      simple('api', 'libvirt-ts list() + Promise.all(state())', 'ts-api', 'list'),
      simple('apibulk', 'libvirt-ts domains.listWithState()', 'ts-api', 'listbulk'),
      simple('apistats', "libvirt-ts statsAll({groups:['state']})", 'ts-api', 'liststats'),
    ],
  },
];

export interface RowResult {
  /** cycles per second, one per counted round */
  rates: number[];
  /** event-loop delay p99 / max (ms) per counted round, for Node peers running many in flight */
  loopP99: number[];
  loopMax: number[];
  /** how many guests the last listing saw */
  count?: number;
  /** why the row has no figure */
  skipped?: string;
  /** cycles that failed while many were in flight, and the first failure's message */
  failed: number;
  failure?: string;
  /** rounds lost to the peer's process dying (it is started again for the next round) */
  crashes: string[];
}

export interface RaceOptions {
  rounds: number;
  ms: number;
  workloads: readonly WorkloadId[];
  log(line: string): void;
}

/** results[uri][workload][rowKey] */
export type RaceResults = Record<string, Partial<Record<WorkloadId, Record<string, RowResult>>>>;

export async function race(
  uri: string,
  peers: PeerSet,
  options: RaceOptions,
  into: RaceResults,
): Promise<void> {
  into[uri] ??= {};
  const perUri = into[uri];
  for (const workload of WORKLOADS) {
    if (!options.workloads.includes(workload.id)) continue;
    const results: Record<string, RowResult> = {};
    for (const row of workload.rows) {
      results[row.key] = { rates: [], loopP99: [], loopMax: [], failed: 0, crashes: [] };
      const why = peers.skipped(row.peer);
      if (why) results[row.key]!.skipped = why;
    }
    const load = loadavg()[0]!.toFixed(2);
    for (let round = 0; round <= options.rounds; round++) {
      const rows = workload.rows.filter((r) => !results[r.key]!.skipped);
      const shift = round % Math.max(rows.length, 1);
      for (const row of [...rows.slice(shift), ...rows.slice(0, shift)]) {
        const result = results[row.key]!;
        const peer = peers.get(row.peer);
        if (!peer) {
          result.skipped = peers.skipped(row.peer) ?? 'not running';
          continue;
        }
        try {
          const reply = await peer.request(row.command(uri, options.ms));
          if (round === 0) continue; // warm-up: JIT, caches, worker threads, connection
          result.rates.push((Number(reply.cycles) * 1e9) / Number(reply.ns));
          if (typeof reply.loopP99Ms === 'number') result.loopP99.push(reply.loopP99Ms);
          if (typeof reply.loopMaxMs === 'number') result.loopMax.push(reply.loopMaxMs);
          if (typeof reply.count === 'number') result.count = reply.count;
          if (typeof reply.failed === 'number') {
            result.failed += reply.failed;
            result.failure ??= String(reply.failure);
          }
        } catch (err) {
          const message = (err as Error).message.slice(0, 300);
          if (!peers.dead(row.peer)) {
            result.skipped = `failed: ${message}`;
            continue;
          }
          // A crash loses the round; the peer is started again (twice at most per workload).
          result.crashes.push(message);
          try {
            await peers.revive(row.peer);
          } catch (again) {
            result.skipped = `crashed, and could not restart: ${(again as Error).message.slice(0, 200)}`;
            continue;
          }
          if (result.crashes.length >= 2) result.skipped = `crashed ${result.crashes.length}×: ${message}`;
        }
      }
    }
    perUri[workload.id] = results;
    printWorkload(uri, workload, results, options, load, options.log);
  }
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** A median: cycles per second, or for listings the time of one listing. */
export function formatRate(rate: number, unit: string): string {
  if (unit === 'listings') return `${(1000 / rate).toFixed(2)} ms`;
  return `${int.format(rate)}/s`;
}

/** The spread of the rounds: slowest to fastest. */
function formatSpread(rates: readonly number[], unit: string): string {
  const lo = Math.min(...rates);
  const hi = Math.max(...rates);
  if (unit === 'listings') return `${(1000 / hi).toFixed(2)}–${(1000 / lo).toFixed(2)} ms`;
  return `${compact.format(lo)}–${compact.format(hi)}/s`;
}

export const ratio = (n: number) => `${n >= 10 ? n.toFixed(1) : n.toFixed(2)}×`;

function printWorkload(
  uri: string,
  workload: Workload,
  results: Record<string, RowResult>,
  options: RaceOptions,
  loadAtStart: string,
  log: (line: string) => void,
): void {
  const ref = results[workload.reference];
  const refRate = ref && !ref.skipped && ref.rates.length ? median(ref.rates) : undefined;
  const unraid = results.unraid;
  const unraidRate = unraid && !unraid.skipped && unraid.rates.length ? median(unraid.rates) : undefined;
  const count = Object.values(results).find((r) => r.count !== undefined)?.count;
  log(
    `  ${uri} — ${workload.title}${count !== undefined ? ` (${count} guests)` : ''}` +
      `   [${options.rounds} rounds × ${options.ms} ms, load ${loadAtStart} → ${loadavg()[0]!.toFixed(2)}]`,
  );
  const head = `    ${'peer'.padEnd(42)} ${'median'.padStart(12)}  ${'rounds'.padEnd(16)} ${'vs C'.padStart(6)} ${'vs unraid'.padStart(9)}`;
  log(head);
  for (const row of workload.rows) {
    const r = results[row.key]!;
    if (r.skipped || r.rates.length === 0) {
      log(`    ${row.label.padEnd(42)} skipped: ${r.skipped ?? 'no rounds'}`);
      if (r.failed) log(`      ! ${r.failed} calls failed, e.g. ${r.failure}`);
      continue;
    }
    const m = median(r.rates);
    const spread = formatSpread(r.rates, workload.unit);
    const vsC = refRate ? ratio(m / refRate) : '—';
    const vsUnraid = unraidRate && row.key !== 'unraid' ? ratio(m / unraidRate) : '';
    const loop = r.loopP99.length
      ? `   loop p99 ${median(r.loopP99).toFixed(1)} ms (worst ${Math.max(...r.loopP99).toFixed(1)})`
      : '';
    log(
      `    ${row.label.padEnd(42)} ${formatRate(m, workload.unit).padStart(12)}  ${spread.padEnd(16)} ${vsC.padStart(6)} ${vsUnraid.padStart(9)}${loop}`,
    );
    if (r.failed) log(`      ! ${r.failed} calls failed, e.g. ${r.failure}`);
    for (const crash of r.crashes) log(`      ! a round was lost: ${crash}`);
  }
  log('');
}
