// RSS stays flat over 100k lookup + info + free cycles (issue 2, "Must show"). Runs in a child process so the
// numbers are this workload's alone and gc() is available; the child prints them, and so does this test.
import { expect, it } from 'vitest';
import { lastJson, runChild } from './fixtures/run-child.js';

interface Report {
  warmUpCycles: number;
  measuredCycles: number;
  cyclesPerPhase: number;
  rssStartMiB: number;
  rssAfterWarmUpMiB: number;
  workersAfterWarmUp: number;
  phases: { rssMiB: number; workersSpawned: number }[];
  heapUsedMiB: number;
  cyclesPerSecond: number;
}

const WARM_UP = 10_000;
const MEASURED = 90_000;
const PHASES = 9;
const IN_FLIGHT = 64;
/** Generous on purpose: the runs seen grew 0.5–16 MiB; a 200-byte leak per cycle alone would add ~17 MiB. */
const MAX_GROWTH_MIB = 30;

it('keeps RSS flat over 100k hv.domains.get + info() + free() cycles on test:///default', async () => {
  const result = await runChild(
    'memory-cycles-child.ts',
    [WARM_UP, MEASURED, PHASES, IN_FLIGHT].map(String),
    ['--expose-gc'],
    240_000,
  );
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.timedOut).toBe(false);
  expect(result.code).toBe(0);
  const report = lastJson<Report>(result);
  const rss = report.phases.map((p) => p.rssMiB);
  const growth = rss.at(-1)! - report.rssAfterWarmUpMiB;
  console.log(
    `memory: ${report.warmUpCycles} warm-up + ${report.measuredCycles} measured cycles, ` +
      `${report.cyclesPerSecond} cycles/s; RSS start ${report.rssStartMiB} MiB, after warm-up ` +
      `${report.rssAfterWarmUpMiB} MiB, per ${report.cyclesPerPhase}-cycle phase [${rss.join(', ')}] MiB, ` +
      `growth ${growth.toFixed(1)} MiB (max ${(Math.max(...rss) - report.rssAfterWarmUpMiB).toFixed(1)}); ` +
      `heap used ${report.heapUsedMiB} MiB; executor workers spawned ${report.phases.at(-1)!.workersSpawned}`,
  );
  expect(report.warmUpCycles + report.measuredCycles).toBeGreaterThanOrEqual(100_000);
  expect(report.phases).toHaveLength(PHASES);
  expect(growth).toBeLessThan(MAX_GROWTH_MIB);
  // JS objects do not pile up either: the heap after gc holds no per-cycle Domains or handles.
  expect(report.heapUsedMiB).toBeLessThan(64);
}, 300_000);
