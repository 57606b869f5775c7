// RSS does not grow per call over 100k lookup + info + free cycles (issue 2, "Must show"). Runs in a child process so
// the numbers are this workload's alone and gc() is available; the child prints them, and so does this test.
//
// What is bounded is the growth per cycle, not the growth in total: RSS also moves in one-time steps that are not
// leaks (a new executor worker thread is tens of MiB — a run once failed a total-growth bound with +64.5 MiB when a
// second worker started mid-measurement —, malloc arenas filling, glibc trimming them, V8 resizing its heap), and
// how many workers the pool runs may change. So after the warm-up the child samples RSS (after gc) at WINDOWS + 1
// points, and the estimate is the median of the slopes between samples LAG windows apart:
// - a one-time step between two samples lies inside at most LAG of the WINDOWS + 1 - LAG spans; with 18 windows and
//   LAG 3 that is 3 of 16, so up to two steps (6 spans) leave at least 10 clean slopes, and the median (the mean
//   of the 8th and 9th) is made of clean ones only, whatever the size or sign of the steps;
// - a steady leak raises every slope by its size: 220 B per cycle (koffi.view's leak, once per cycle; a leak per
//   libvirt call would be 3-5x that) adds 220 B x 15,000 cycles = 3.1 MiB to every 3-window span, i.e. 220 B/cycle
//   to the median, more than twice the 100 B/cycle bound. The samples' 0.1 MiB rounding moves a slope by at most
//   7 B/cycle. The second test injects exactly such a leak (malloc(220), filled, never freed, once per cycle) and
//   expects the bound to catch it, so the bound is shown to work, not only argued.
// Spans next to a worker's start are left out (the child reports the workers spawned at each sample): in a CI
// run under load a third worker's start took two windows to settle (+27, +16 MiB) and another step (+12 MiB)
// came later, three steps, one more than the median absorbs (108 B/cycle with no leak).
// Seen on the 2-core machine, 8 runs (one with both cores loaded by busy loops): clean -3..+35 B/cycle; injected
// 245..280 B/cycle. In the loaded run a third worker started in window 6 (+24 MiB) and the clean run rose 29 MiB in
// its first windows: the median said 3 and 269 B/cycle, a least-squares slope 162 and 1059.
import { describe, expect, it } from 'vitest';
import { lastJson, runChild } from './fixtures/run-child.js';

interface Sample {
  cycles: number;
  rssMiB: number;
  workersSpawned: number;
}

interface Report {
  warmUpCycles: number;
  measuredCycles: number;
  cyclesPerWindow: number;
  leakBytesPerCycle: number;
  rssStartMiB: number;
  samples: Sample[];
  heapUsedMiB: number;
  cyclesPerSecond: number;
}

const WARM_UP = 10_000;
const MEASURED = 90_000;
const WINDOWS = 18;
const LAG = 3;
const IN_FLIGHT = 64;
const MAX_BYTES_PER_CYCLE = 100;
const INJECTED_LEAK_BYTES = 220;
const MiB = 1024 * 1024;

/**
 * RSS growth per cycle in bytes: the median of the slopes between samples `lag` apart (see the header), leaving
 * out the spans during which, or up to `lag` windows before which, the pool started a worker thread (a known
 * one-time step whose memory settles over the next windows) while at least 8 spans remain.
 */
function medianLaggedSlope(
  samples: Pick<Sample, 'cycles' | 'rssMiB' | 'workersSpawned'>[],
  lag: number,
): number {
  const all: { slope: number; newWorker: boolean }[] = [];
  for (let i = lag; i < samples.length; i++) {
    const [a, b] = [samples[i - lag]!, samples[i]!];
    const before = samples[Math.max(0, i - 2 * lag)]!;
    all.push({
      slope: ((b.rssMiB - a.rssMiB) * MiB) / (b.cycles - a.cycles),
      newWorker: before.workersSpawned !== b.workersSpawned,
    });
  }
  const steady = all.filter((s) => !s.newWorker);
  const slopes = (steady.length >= 8 ? steady : all).map((s) => s.slope);
  slopes.sort((x, y) => x - y);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

/** Least-squares slope in bytes per cycle: printed for comparison only (one step skews it). */
function leastSquaresSlope(samples: Sample[]): number {
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.cycles, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMiB, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.cycles - mx) * (p.rssMiB - my);
    den += (p.cycles - mx) ** 2;
  }
  return (num / den) * MiB;
}

async function measure(leakBytesPerCycle: number): Promise<{ report: Report; slope: number }> {
  const result = await runChild(
    'memory-cycles-child.ts',
    [WARM_UP, MEASURED, WINDOWS, IN_FLIGHT, leakBytesPerCycle].map(String),
    ['--expose-gc'],
    240_000,
  );
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.timedOut).toBe(false);
  expect(result.code).toBe(0);
  const report = lastJson<Report>(result);
  expect(report.warmUpCycles + report.measuredCycles).toBeGreaterThanOrEqual(100_000);
  expect(report.samples).toHaveLength(WINDOWS + 1);
  const slope = medianLaggedSlope(report.samples, LAG);
  const rss = report.samples.map((s) => s.rssMiB);
  console.log(
    `memory${leakBytesPerCycle ? ` (injected leak ${leakBytesPerCycle} B/cycle)` : ''}: ` +
      `${report.warmUpCycles} warm-up + ${report.measuredCycles} measured cycles, ${report.cyclesPerSecond} ` +
      `cycles/s; RSS start ${report.rssStartMiB} MiB, then per ${report.cyclesPerWindow}-cycle window ` +
      `[${rss.join(', ')}] MiB (total ${(rss.at(-1)! - rss[0]!).toFixed(1)} MiB); growth per cycle: median ` +
      `${LAG}-window slope ${slope.toFixed(0)} B (bound ${MAX_BYTES_PER_CYCLE}), least squares ` +
      `${leastSquaresSlope(report.samples).toFixed(0)} B; executor workers spawned ` +
      `[${report.samples.map((s) => s.workersSpawned).join(', ')}]; heap used ${report.heapUsedMiB} MiB`,
  );
  return { report, slope };
}

describe('memory over 100k hv.domains.get + info() + free() cycles on test:///default', () => {
  it('does not grow RSS per cycle', async () => {
    const { report, slope } = await measure(0);
    expect(slope).toBeLessThan(MAX_BYTES_PER_CYCLE);
    // JS objects do not pile up either: the heap after gc holds no per-cycle Domains or handles.
    expect(report.heapUsedMiB).toBeLessThan(64);
  }, 300_000);

  it(`catches an injected native leak of ${INJECTED_LEAK_BYTES} B per cycle`, async () => {
    const { slope } = await measure(INJECTED_LEAK_BYTES);
    expect(slope).toBeGreaterThanOrEqual(MAX_BYTES_PER_CYCLE);
  }, 300_000);

  it('ignores one-time steps of either sign and sees a steady leak (synthetic samples)', () => {
    const per = MEASURED / WINDOWS;
    const jitter = [
      0.3, -0.2, 0.1, 0, -0.3, 0.2, 0.1, -0.1, 0.3, 0, -0.2, 0.1, 0.2, -0.1, 0, 0.3, -0.3, 0.1, 0,
    ];
    const series = (step: (i: number) => number, leak: number) =>
      jitter.map((j, i) => ({
        cycles: i * per,
        rssMiB: 300 + j + step(i) + (leak * i * per) / MiB,
        workersSpawned: 2,
      }));
    // A second worker (+64.5 MiB, the failure once seen) mid-way, and glibc trimming 25 MiB later.
    const steps = (i: number) => (i >= 7 ? 64.5 : 0) + (i >= 13 ? -25 : 0);
    expect(Math.abs(medianLaggedSlope(series(steps, 0), LAG))).toBeLessThan(MAX_BYTES_PER_CYCLE / 2);
    expect(medianLaggedSlope(series(steps, INJECTED_LEAK_BYTES), LAG)).toBeGreaterThan(MAX_BYTES_PER_CYCLE);
    expect(
      medianLaggedSlope(
        series(() => 0, INJECTED_LEAK_BYTES),
        LAG,
      ),
    ).toBeGreaterThan(MAX_BYTES_PER_CYCLE);
    // A CI run under load: a third worker (+27 MiB, settling +16 MiB a window later) and a later +12 MiB step,
    // three steps; the spans next to the worker's start are left out, with or without a steady leak.
    const seen = [
      265.4, 263.5, 265.2, 265.4, 265.4, 265.3, 292.7, 309.1, 310, 310.2, 310.3, 310.3, 310.2, 310.2, 310.3,
      322.8, 322.1, 322.8, 322.9,
    ];
    const observed = (leak: number) =>
      seen.map((rssMiB, i) => ({
        cycles: i * 5000,
        rssMiB: rssMiB + (leak * i * 5000) / MiB,
        workersSpawned: i >= 6 ? 3 : 2,
      }));
    expect(medianLaggedSlope(observed(0), LAG)).toBeLessThan(MAX_BYTES_PER_CYCLE);
    expect(medianLaggedSlope(observed(INJECTED_LEAK_BYTES), LAG)).toBeGreaterThan(MAX_BYTES_PER_CYCLE);
  });
});
