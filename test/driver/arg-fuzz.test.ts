// Object-API argument fuzz (issue 11): fast-check drives random wrong types, out-of-range numbers, NUL strings and
// hostile options into a representative set of methods on test:///default, in a child process
// (fixtures/arg-fuzz-child.ts) so that a crash shows as a crash. Every call must resolve or reject with a
// TypeError, RangeError or LibvirtError (XmlError for XML), none may hang, and the child must exit by itself.
//
// The seed is random unless LVTS_FUZZ_SEED is set, and always printed: `LVTS_FUZZ_SEED=<seed> npx vitest run
// test/driver/arg-fuzz.test.ts` replays a run. LVTS_FUZZ_RUNS=<factor> scales the inputs per target (default 1),
// LVTS_FUZZ_ONLY=<part of a target name> limits the run to the matching targets (same inputs as in a full run).
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runChild } from './fixtures/run-child.js';

interface Report {
  target: string;
  tried: number;
  interrupted?: boolean;
  outcomes: Record<string, number>;
  failure?: { counterexample: string; error: string; seed: number; path?: string };
}

const seed = process.env.LVTS_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.LVTS_FUZZ_RUNS ?? '1';
const log = join(tmpdir(), `lvts-arg-fuzz-${seed}.log`);

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

describe('object-API argument fuzz on test:///default', () => {
  it('answers every input with a value or a typed error: 0 crashes, 0 hangs, 0 untyped errors', {
    timeout: 300_000,
  }, async () => {
    console.log(
      `arg fuzz: LVTS_FUZZ_SEED=${seed} LVTS_FUZZ_RUNS=${runs}, inputs logged to ${log} (kept on failure)`,
    );
    const result = await runChild('arg-fuzz-child.ts', [], [], 240_000, {
      LVTS_FUZZ_SEED: seed,
      LVTS_FUZZ_RUNS: runs,
      LVTS_FUZZ_LOG: log,
      LVTS_FUZZ_ONLY: process.env.LVTS_FUZZ_ONLY ?? '',
      // A fuzzed URI of null or '' must not reach the host's real daemon.
      LIBVIRT_DEFAULT_URI: 'test:///default',
    });
    // Each target's report, as the child printed it (also when it crashed or hung afterwards).
    const reports = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('REPORT '))
      .map((line) => JSON.parse(line.slice('REPORT '.length)) as Report);
    const rows = reports.map((r) => {
      const counts = Object.entries(r.outcomes)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      const failed = r.failure
        ? `  FAILED: ${r.target}(${r.failure.counterexample}) → ${r.failure.error}`
        : '';
      const cut = r.interrupted ? '  (time limit: fewer runs)' : '';
      return `${r.target.padEnd(28)} ${String(r.tried).padStart(4)}  ${counts}${cut}${failed}`;
    });
    const total = reports.reduce((n, r) => n + r.tried, 0);
    console.log(`arg fuzz, seed ${seed}: ${total} inputs over ${reports.length} targets\n${rows.join('\n')}`);

    const replay = `replay: LVTS_FUZZ_SEED=${seed} LVTS_FUZZ_RUNS=${runs} [LVTS_FUZZ_ONLY=<target>] npx vitest run test/driver/arg-fuzz.test.ts`;
    const ended = `child ended: code ${result.code}, signal ${result.signal}, timed out ${result.timedOut}`;
    const context = `${ended}\n${replay}\nlast inputs tried:\n${tail(log, 5)}\nstderr:\n${result.stderr.slice(-3000)}`;
    expect(result.timedOut, `the fuzz process hung or did not exit by itself\n${context}`).toBe(false);
    expect(result.signal, `the fuzz process crashed\n${context}`).toBeNull();
    expect(result.code, `the fuzz process failed\n${context}`).toBe(0);

    // The last line: the child got through its clean-up.
    expect(lastJson<{ targets: number }>(result).targets).toBe(reports.length);
    const failures = reports.filter((r) => r.failure);
    expect(
      failures.map(
        (r) =>
          `${r.target}(${r.failure!.counterexample}) → ${r.failure!.error} [fast-check seed ${r.failure!.seed}, path ${r.failure!.path}]`,
      ),
      replay,
    ).toEqual([]);
    for (const r of reports) {
      expect(r.tried, r.target).toBeGreaterThan(0);
      expect(r.outcomes.untyped ?? 0, r.target).toBe(0);
      expect(r.outcomes.hang ?? 0, r.target).toBe(0);
    }
    // Kept only when something failed (the inputs tried, each with its outcome).
    rmSync(log, { force: true });
  });
});
