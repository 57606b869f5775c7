// `npm run bench`: libvirt-ts raced against C, libvirt-python and @unraid/libvirt in the same run, on
// qemu:///system and test:///default, in alternating rounds (medians and ratios), then memory, the executor's
// hop, a guest's start under load and the XML model. `npm run bench -- --help` lists the options.
// docs/performance.md explains the method and holds the table of a run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureGuestChurn } from './guest-churn.js';
import { measureKoffiIsAlive } from './koffi-call.js';
import { BUILD_DIR, buildPeers, nodePeerCommand, ROOT } from './peers/build.js';
import { PeerProcess } from './peers/process.js';
import { IN_FLIGHT, type PeerId, type PeerSet, type RaceResults, race, type WorkloadId } from './race.js';
import { measureRoundTrip } from './roundtrip.js';
import { DAEMON, printTargets, type RssResult, TEST } from './targets.js';
import { ensureUnraid, UNRAID_VERSION } from './unraid.js';
import { measureXml } from './xml.js';

const SECTIONS = ['race', 'rss', 'hop', 'churn', 'xml'] as const;
type Section = (typeof SECTIONS)[number];
const GUESTS = 50;

const HELP = `npm run bench [-- options]
  --quick               short run: 3 rounds of 150 ms, 20k cycles for RSS, fewer round trips
  --only a,b            sections: ${SECTIONS.join(', ')} (default all)
  --uri test|system     race only on test:///default or qemu:///system (default both)
  --workloads a,b       race workloads: seq, par, xml, list (default all)
  --rounds N --ms N     counted rounds per workload (default 9) and ms per round (default 400)
  --source              run the libvirt-ts peers from TypeScript through tsx instead of a bundle
  --no-unraid           do not install or race @unraid/libvirt
env: LVTS_BENCH_CONCURRENCY=N passes { concurrency: N } to Hypervisor.connect in the object-API peer;
     LVTS_BENCH_CACHE=dir moves the @unraid/libvirt cache (default ~/.cache/libvirt-ts-bench/unraid).`;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    uri: { type: 'string' },
    workloads: { type: 'string' },
    rounds: { type: 'string' },
    ms: { type: 'string' },
    source: { type: 'boolean', default: false },
    'no-unraid': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}
const sections = new Set<Section>((flags.only?.split(',') as Section[] | undefined) ?? SECTIONS);
for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; ${HELP}`);
const rounds = Number(flags.rounds ?? (flags.quick ? 3 : 9));
const roundMs = Number(flags.ms ?? (flags.quick ? 150 : 400));
const rssCycles = flags.quick ? 20_000 : 100_000;
const workloads = (flags.workloads?.split(',') ?? ['seq', 'par', 'xml', 'list']) as WorkloadId[];

const log = (line = '') => console.log(line);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const section = (title: string) => log(`${title}   [load ${load()}]`);

function daemonReason(): string | undefined {
  try {
    execFileSync('virsh', ['-c', DAEMON, 'version'], { stdio: 'pipe', timeout: 10_000 });
    return undefined;
  } catch {
    return `no libvirtd answers at ${DAEMON} (sudo scripts/setup-libvirtd.sh)`;
  }
}

function cPeerPath(): string {
  const out = join(ROOT, 'bench', 'c', 'build', 'peer');
  const source = join(ROOT, 'bench', 'c', 'peer.c');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('cc', ['-O2', '-pthread', '-o', out, source, '-lvirt'], { stdio: 'inherit' });
  return out;
}

/** The guests on qemu:///system are removed by a fresh C peer, so a hung or dead peer cannot keep them. */
function undefineDaemonGuests(cPeer: string): string {
  try {
    return execFileSync(cPeer, {
      input: `undefine ${DAEMON}\nquit\n`,
      encoding: 'utf8',
      timeout: 60_000,
    }).trim();
  } catch (err) {
    return `cleanup failed: ${(err as Error).message}`;
  }
}

const PEER_IDS: readonly PeerId[] = ['c', 'c-loop', 'py', 'unraid', 'ts-raw', 'ts-api'];

class Peers implements PeerSet {
  readonly running = new Map<PeerId, PeerProcess>();
  readonly reasons = new Map<PeerId, string>();
  constructor(
    private readonly uris: readonly string[],
    private readonly cmd: PeerCommands,
  ) {}
  dead(id: PeerId) {
    return this.running.get(id)?.exited ?? false;
  }
  async revive(id: PeerId) {
    const started = startPeer(id, this.cmd);
    if (typeof started === 'string') throw new Error(started);
    this.running.set(id, started);
    for (const uri of this.uris) await started.request(`open ${uri} ${uri === TEST ? GUESTS : 0}`);
    this.reasons.delete(id);
  }
  get(id: PeerId) {
    return this.reasons.has(id) ? undefined : this.running.get(id);
  }
  skipped(id: PeerId) {
    return this.reasons.get(id) ?? (this.running.has(id) ? undefined : 'not started');
  }
  skip(id: PeerId, why: string) {
    this.reasons.set(id, why);
    this.running.get(id)?.kill();
  }
  async close() {
    await Promise.all([...this.running.values()].map((p) => p.close()));
  }
}

interface PeerCommands {
  c: string;
  unraidDir?: string;
  unraidSkipped?: string;
  pythonSkipped?: string;
}

function startPeer(id: PeerId, cmd: PeerCommands): PeerProcess | string {
  switch (id) {
    case 'c':
      return new PeerProcess('C', cmd.c, []);
    case 'c-loop':
      return new PeerProcess('C with event loop', cmd.c, ['--event-loop']);
    case 'py':
      return (
        cmd.pythonSkipped ??
        new PeerProcess('libvirt-python', '/usr/bin/python3', [
          join(ROOT, 'bench', 'peers', 'python_peer.py'),
        ])
      );
    case 'unraid':
      if (!cmd.unraidDir) return cmd.unraidSkipped ?? 'not installed';
      return new PeerProcess('@unraid/libvirt', process.execPath, nodePeerCommand('unraid', flags.source), {
        LVTS_BENCH_UNRAID_DIR: cmd.unraidDir,
      });
    default:
      return new PeerProcess(id, process.execPath, nodePeerCommand(id, flags.source), {
        NODE_ENV: 'production',
      });
  }
}

/** Starts every peer; connections open per URI right before its race (see `openAll`). */
function startPeers(uris: readonly string[], cmd: PeerCommands): Peers {
  const peers = new Peers(uris, cmd);
  for (const id of PEER_IDS) {
    const started = startPeer(id, cmd);
    if (typeof started === 'string') peers.skip(id, started);
    else peers.running.set(id, started);
  }
  return peers;
}

/**
 * Opens `uri` in every peer (each defines its own guests on its in-process test:///default). Done right before
 * the URI's race: a libvirt-ts raw connection left idle for about a minute is dropped by libvirtd (see
 * docs/performance.md), and the race measures calls, not that.
 */
async function openAll(peers: Peers, uri: string): Promise<void> {
  await Promise.all(
    PEER_IDS.map(async (id) => {
      try {
        await peers.get(id)?.request(`open ${uri} ${uri === TEST ? GUESTS : 0}`);
      } catch (err) {
        peers.skip(id, (err as Error).message.slice(0, 300));
      }
    }),
  );
}

async function rssSection(cmd: PeerCommands): Promise<RssResult[]> {
  const results: RssResult[] = [];
  const labels: Partial<Record<PeerId, string>> = {
    'ts-api': 'libvirt-ts object API',
    'ts-raw': 'libvirt-ts raw call()',
    unraid: '@unraid/libvirt',
    py: 'libvirt-python',
    c: 'C',
  };
  // Each in a fresh process, one after the other: memory, not speed. At most 90 s each.
  for (const id of ['ts-api', 'ts-raw', 'unraid', 'py', 'c'] as PeerId[]) {
    const started = startPeer(id, cmd);
    const result: RssResult = { label: labels[id] ?? id, peer: id, cycles: 0 };
    results.push(result);
    if (typeof started === 'string') {
      result.skipped = started;
      continue;
    }
    try {
      await started.request(`open ${TEST} ${GUESTS}`);
      await started.request(`cycles ${TEST} 1000 lvts-bench-00`);
      result.beforeKiB = Number((await started.request('rss')).rssKiB);
      const start = performance.now();
      while (result.cycles < rssCycles && performance.now() - start < 90_000) {
        await started.request(`cycles ${TEST} 10000 lvts-bench-00`);
        result.cycles += 10_000;
      }
      result.afterKiB = Number((await started.request('rss')).rssKiB);
    } catch (err) {
      result.skipped = (err as Error).message.slice(0, 300);
    } finally {
      await started.close();
    }
  }
  const mib = (kib: number | undefined) => (kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MiB`);
  log(`    ${'peer'.padEnd(28)} ${'after 1k'.padStart(9)} ${'after'.padStart(9)}  cycles`);
  for (const r of results) {
    if (r.skipped) log(`    ${r.label.padEnd(28)} skipped: ${r.skipped}`);
    else
      log(
        `    ${r.label.padEnd(28)} ${mib(r.beforeKiB).padStart(9)} ${mib(r.afterKiB).padStart(9)}  ${r.cycles}`,
      );
  }
  return results;
}

async function main(): Promise<void> {
  const library = execFileSync('virsh', ['-c', TEST, 'version'], { encoding: 'utf8' })
    .split('\n')
    .find((l) => l.includes('library'))
    ?.replace(/.*library:\s*/i, '');
  log(
    `libvirt-ts benchmark — node ${process.version}, ${library?.trim()}, ${availableParallelism()} CPUs, ` +
      `load ${load()} (1/5/15 min)`,
  );
  log(
    'Rates are medians of alternating rounds in this run; ratios > 1 mean faster than the peer compared.\n',
  );

  const daemonWhyNot = daemonReason();
  const wanted = flags.uri === 'test' ? [TEST] : flags.uri === 'system' ? [DAEMON] : [TEST, DAEMON];
  const uris = wanted.filter((u) => u !== DAEMON || !daemonWhyNot);
  if (daemonWhyNot) log(`${DAEMON}: skipped, ${daemonWhyNot}\n`);

  const c = cPeerPath();
  const needPeers = sections.has('race') || sections.has('rss');
  const cmd: PeerCommands = { c };
  if (needPeers) {
    if (!flags.source) await buildPeers();
    if (!existsSync('/usr/bin/python3')) cmd.pythonSkipped = '/usr/bin/python3 not found';
    else {
      try {
        execFileSync('/usr/bin/python3', ['-c', 'import libvirt'], { stdio: 'pipe' });
      } catch {
        cmd.pythonSkipped = 'libvirt-python is not installed (apt-get install python3-libvirt)';
      }
    }
    if (flags['no-unraid']) cmd.unraidSkipped = '--no-unraid';
    else {
      const unraid = ensureUnraid(log);
      if ('skipped' in unraid) cmd.unraidSkipped = unraid.skipped;
      else cmd.unraidDir = unraid.dir;
    }
    log(
      `Peers: C (bench/c/peer.c, cc -O2); libvirt-python ${cmd.pythonSkipped ? `skipped: ${cmd.pythonSkipped}` : '(/usr/bin/python3)'}; ` +
        `@unraid/libvirt ${UNRAID_VERSION} ${cmd.unraidSkipped ? `skipped: ${cmd.unraidSkipped}` : `(${cmd.unraidDir})`}; ` +
        `libvirt-ts ${flags.source ? 'from TypeScript sources (tsx)' : `bundled (${BUILD_DIR})`}` +
        `${process.env.LVTS_BENCH_CONCURRENCY ? `, concurrency ${process.env.LVTS_BENCH_CONCURRENCY}` : ''}.\n`,
    );
  }

  let daemonGuests = false;
  const cleanup = () => {
    if (!daemonGuests) return;
    daemonGuests = false;
    log(`  ${DAEMON}: removing the bench guests … ${undefineDaemonGuests(c)}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(130);
    });
  }

  const results: RaceResults = {};
  let rss: RssResult[] = [];
  let peers: Peers | undefined;
  try {
    if (sections.has('race') && uris.length) {
      if (uris.includes(DAEMON)) {
        daemonGuests = true;
        undefineDaemonGuests(c); // leftovers of an interrupted run
        execFileSync(c, { input: `define ${DAEMON} ${GUESTS}\nquit\n`, encoding: 'utf8' });
        log(`${DAEMON}: defined ${GUESTS} inactive guests lvts-bench-00 … ${GUESTS - 1} (64 MiB, no disks).`);
      }
      peers = startPeers(uris, cmd);
      for (const uri of uris) {
        section(`Race on ${uri}`);
        await openAll(peers, uri);
        await race(uri, peers, { rounds, ms: roundMs, workloads, log }, results);
      }
      const rssAfter: string[] = [];
      for (const [id, peer] of peers.running) {
        if (peers.skipped(id)) continue;
        const kib = Number((await peer.request('rss').catch(() => ({ rssKiB: Number.NaN }))).rssKiB);
        rssAfter.push(`${id} ${(kib / 1024).toFixed(0)} MiB`);
      }
      log(`  RSS of each peer after the race: ${rssAfter.join(', ')}\n`);
      await peers.close();
      peers = undefined;
    }
    cleanup();

    if (sections.has('rss')) {
      section(
        `RSS after ${rssCycles / 1000}k sequential lookup + getInfo (+ free) cycles on ${TEST}, fresh processes`,
      );
      rss = await rssSection(cmd);
      log();
    }

    if (sections.has('hop')) {
      section(`The hop: virConnectIsAlive on ${TEST}`);
      const cAlive = Number(
        JSON.parse(execFileSync(c, { input: `alive ${TEST} 20000\nquit\n`, encoding: 'utf8' })).ns,
      );
      const koffi = measureKoffiIsAlive(TEST, 20_000);
      log(
        `  C ${(cAlive / 1000).toFixed(2)} µs   koffi sync ${(koffi / 1000).toFixed(2)} µs (C/koffi ${(cAlive / koffi).toFixed(2)}×)`,
      );
      const rt = await measureRoundTrip(TEST, flags.quick ? 5000 : 20_000, flags.quick ? 20_000 : 200_000);
      log(
        `  executor round trip, unbatched: median ${rt.medianUs.toFixed(1)} µs, p99 ${rt.p99Us.toFixed(1)} µs`,
      );
      log(
        `  ${rt.inFlight} in flight: ${rt.inFlightPerCallUs.toFixed(2)} µs per call; ` +
          `event-loop delay p99 ${rt.eventLoopDelayP99Ms.toFixed(2)} ms\n`,
      );
    }

    if (sections.has('churn')) {
      if (daemonWhyNot) log(`Guest churn: skipped, ${daemonWhyNot}\n`);
      else {
        section(`Event-loop delay while a TCG guest starts and is destroyed, ${IN_FLIGHT} calls in flight`);
        const churn = await measureGuestChurn(DAEMON, flags.quick ? 2 : 5);
        log(
          `  p50 ${churn.eventLoopDelayP50Ms.toFixed(2)} ms   p99 ${churn.eventLoopDelayP99Ms.toFixed(2)} ms (goal < 10)   max ${churn.eventLoopDelayMaxMs.toFixed(2)} ms` +
            `   (${churn.cycles} start+destroy, median ${churn.startDestroyMedianMs.toFixed(0)} ms; ${churn.callsCompleted} other calls)\n`,
        );
      }
    }

    if (sections.has('xml')) {
      section(
        'XML model: parseDomainXml + buildDomainXml vs fast-xml-parser bare parse + build (goal ≥ 0.5)',
      );
      const xml = measureXml();
      log(
        `  ${xml.lines}-line domain: model ${xml.modelUs.toFixed(1)} µs, floor ${xml.floorUs.toFixed(1)} µs, ratio ${xml.ratio.toFixed(2)}×\n`,
      );
    }

    if (sections.has('race') || sections.has('rss')) {
      section("Issue 8's targets");
      printTargets(results, rss, log);
    }
  } finally {
    await peers?.close();
    cleanup();
  }
  log(`\ndone, load ${load()}`);
}

await main();
