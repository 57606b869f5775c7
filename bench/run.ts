// `npm run bench`: every speed and memory target of the project, measured in one run, as medians and as
// ratios to C (and libvirt-python) doing the same calls on the same machine at the same time.
// Sections needing qemu:///system are skipped, with the reason, when no libvirtd answers.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { measureApiCalls, measureRawCalls } from './api-calls.js';
import { runC, runPython } from './baselines.js';
import { measureGuestChurn } from './guest-churn.js';
import { measureRoundTrip } from './roundtrip.js';
import { median } from './stats.js';
import { measureXml } from './xml.js';

const DAEMON = 'qemu:///system';
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const x = (n: number) => `${n.toFixed(2)}×`;

function daemonReason(): string | undefined {
  try {
    execFileSync('virsh', ['-c', DAEMON, 'version'], { stdio: 'pipe', timeout: 10_000 });
    return undefined;
  } catch {
    return `no libvirtd answers at ${DAEMON} (sudo scripts/setup-libvirtd.sh)`;
  }
}

/**
 * C, python, the raw binding and the object API take turns, ROUNDS times, each doing iterations / ROUNDS
 * cycles; each figure is the median of its per-round medians. The machine is shared and its load drifts
 * within seconds, so measuring one after the other would compare them under different loads.
 */
const ROUNDS = 3;

async function compareLookups(uri: string, domain: string, iterations: number): Promise<void> {
  const perRound = Math.max(1, Math.round(iterations / ROUNDS));
  const rounds = { c: [] as number[], py: [] as number[], raw: [] as number[], api: [] as number[] };
  let hasPython = true;
  for (let round = 0; round < ROUNDS; round++) {
    rounds.c.push(runC(uri, domain, perRound).lookupInfoFreeNs);
    const py = hasPython ? runPython(uri, domain, perRound) : undefined;
    if (py) rounds.py.push(py.lookupInfoFreeNs);
    else hasPython = false;
    rounds.raw.push(measureRawCalls(uri, domain, perRound).lookupInfoFreeNs);
    rounds.api.push((await measureApiCalls(uri, domain, perRound)).lookupInfoFreeNs);
  }
  const c = median(rounds.c);
  const raw = median(rounds.raw);
  const api = median(rounds.api);
  const py = hasPython ? median(rounds.py) : undefined;
  const each = (values: number[]) => values.map((v) => (v / 1000).toFixed(1)).join(' / ');
  console.log(`  (${ROUNDS} alternating rounds of ${perRound} cycles, load ${loadavg()[0]!.toFixed(2)})`);
  console.log(`  C                      ${us(c)}   rounds ${each(rounds.c)}`);
  console.log(
    py !== undefined
      ? `  libvirt-python         ${us(py)}   C/python ${x(c / py)}   rounds ${each(rounds.py)}`
      : '  libvirt-python         (not installed: apt-get install python3-libvirt)',
  );
  console.log(`  libvirt-ts raw (sync)  ${us(raw)}   C/raw ${x(c / raw)}   rounds ${each(rounds.raw)}`);
  console.log(
    `  libvirt-ts object API  ${us(api)}   C/API ${x(c / api)}` +
      (py !== undefined ? `   python/API ${x(py / api)}` : '') +
      `   rounds ${each(rounds.api)}`,
  );
}

async function withBenchDomain<T>(body: (name: string) => Promise<T>): Promise<T> {
  const name = 'lvts-bench-lookup';
  const conn = await call('virConnectOpen', DAEMON);
  let dom: Handle | undefined;
  try {
    dom = await call(
      'virDomainDefineXML',
      conn,
      `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
    );
    return await body(name);
  } finally {
    if (dom) await call('virDomainUndefine', dom).catch(() => {});
    await dom?.free();
    await conn.free();
  }
}

async function main(): Promise<void> {
  const version = execFileSync('virsh', ['-c', 'test:///default', 'version'], { encoding: 'utf8' })
    .split('\n')
    .find((l) => l.includes('library'));
  console.log(
    `libvirt-ts benchmark — node ${process.version}, ${version?.trim()}, load ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    'All figures are medians of the same run; ratios > 1 mean libvirt-ts is faster than the baseline.\n',
  );

  console.log('1. Raw call rate, virConnectIsAlive on test:///default (no thread hop)');
  const c = runC('test:///default', 'test', 20_000);
  const raw = measureRawCalls('test:///default', 'test', 20_000);
  console.log(
    `  C ${us(c.isAliveNs)}   koffi ${us(raw.isAliveNs)}   C/koffi ${x(c.isAliveNs / raw.isAliveNs)}\n`,
  );

  console.log('2. Executor round trip main → worker → main, virConnectIsAlive on test:///default');
  const rt = await measureRoundTrip('test:///default', 20_000);
  console.log(
    `  unbatched: median ${rt.medianUs.toFixed(1)} µs (goal ≤ 15 µs), p99 ${rt.p99Us.toFixed(1)} µs`,
  );
  console.log(`  vs C's direct call: ${x(rt.medianUs / (c.isAliveNs / 1000))} the cost`);
  console.log(
    `  ${rt.inFlight} in flight: ${rt.inFlightPerCallUs.toFixed(2)} µs per call; event-loop delay p99 ${rt.eventLoopDelayP99Ms.toFixed(2)} ms\n`,
  );

  console.log('3. hv.domains.get(name) + info() + free, sequential, on test:///default');
  await compareLookups('test:///default', 'test', 20_000);
  console.log();

  const reason = daemonReason();
  if (reason) {
    console.log(`4–5. skipped: ${reason}\n`);
  } else {
    console.log(`4. hv.domains.get(name) + info() + free, sequential, on ${DAEMON} (goal: C/API ≥ 0.9)`);
    await withBenchDomain((name) => compareLookups(DAEMON, name, 2_000));
    console.log();
    console.log(
      `5. Event-loop delay while a TCG guest starts and is destroyed, 64 calls in flight (goal p99 < 10 ms)`,
    );
    const churn = await measureGuestChurn(DAEMON, 5);
    console.log(
      `  p50 ${churn.eventLoopDelayP50Ms.toFixed(2)} ms   p99 ${churn.eventLoopDelayP99Ms.toFixed(2)} ms   max ${churn.eventLoopDelayMaxMs.toFixed(2)} ms` +
        `   (${churn.cycles} start+destroy cycles, median ${churn.startDestroyMedianMs.toFixed(0)} ms; ${churn.callsCompleted} other calls completed)\n`,
    );
  }

  console.log(
    '6. XML model: parseDomainXml + buildDomainXml vs fast-xml-parser bare parse + build (goal ≥ 0.5)',
  );
  const xml = measureXml();
  console.log(
    `  ${xml.lines}-line domain: model ${xml.modelUs.toFixed(1)} µs, floor ${xml.floorUs.toFixed(1)} µs, ratio ${x(xml.ratio)}`,
  );
}

await main();
