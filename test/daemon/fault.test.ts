// The fault suite: a private libvirtd (scripts/second-libvirtd.sh on its own port and directory, never the
// system daemon) is killed (SIGKILL) or frozen (SIGSTOP) while 1, 4 or 64 calls are in flight, over TCP and
// over its unix socket. Each scenario runs in a child process and must show: every call settled with a typed
// LibvirtError flagged `connectionClosed` or libvirt's own, 'close' fired once, hv.close() returned at once,
// and the process exited on its own. A frozen peer is bounded by keepalive (1 s × 2 here).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChild } from '../driver/fixtures/run-child.js';
import { describeDaemon, requireDaemon } from '../helpers/daemon.js';

const DIR = '/var/tmp/lvts-fault-libvirtd';
const PORT = '16520';
const ENV = {
  ...process.env,
  LVTS_SECOND_DIR: DIR,
  LVTS_SECOND_PORT: PORT,
  LVTS_SECOND_HOST_UUID: '5ec0dd00-1b7a-4c3e-9d2f-1e2d3c4b5a70',
};
const SCRIPT = fileURLToPath(new URL('../../scripts/second-libvirtd.sh', import.meta.url));
const TCP = `qemu+tcp://127.0.0.1:${PORT}/system`;
const UNIX = `qemu+unix:///system?socket=${DIR}/run/libvirt-sock`;
const DOMAIN = 'lvts-fault-probe';
/** Keepalive 1 s × 2 notices a frozen peer in about 3 s; the bound leaves room for a loaded machine. */
const FROZEN_BOUND_MS = 15_000;
const DEAD_BOUND_MS = 5_000;

function daemon(command: 'start' | 'stop'): void {
  execFileSync('bash', [SCRIPT, command], { env: ENV, stdio: 'pipe', timeout: 120_000 });
}

function pid(): number {
  return Number(readFileSync(`${DIR}/libvirtd.pid`, 'utf8'));
}

/** A fresh, answering daemon with the probe guest defined. */
function freshDaemon(): number {
  try {
    process.kill(pid(), 'SIGCONT');
  } catch {
    // Not running.
  }
  daemon('stop');
  daemon('start');
  const xml = join(DIR, 'probe.xml');
  writeFileSync(
    xml,
    `<domain type='qemu'><name>${DOMAIN}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
  );
  execFileSync('virsh', ['-c', TCP, 'define', xml], { stdio: 'pipe' });
  return pid();
}

const rows: string[] = [];

describeDaemon('faults of a private libvirtd', () => {
  beforeAll(() => {
    requireDaemon();
    if (process.getuid?.() !== 0) throw new Error('the fault suite starts its own libvirtd: run as root');
  });

  afterAll(() => {
    try {
      process.kill(pid(), 'SIGCONT');
    } catch {
      // Already gone.
    }
    daemon('stop');
    console.log(
      [
        'fault suite: signal × transport × in flight → settled / typed / close events / all settled ms / hv.close() ms / exit',
        ...rows,
      ].join('\n'),
    );
  });

  for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
    for (const [transport, uri] of [
      ['tcp', TCP],
      ['unix', UNIX],
    ] as const) {
      for (const inflight of [1, 4, 64]) {
        it(`${signal} with ${inflight} in flight over ${transport}: every call settles typed, close fires once, the process exits`, async () => {
          const daemonPid = freshDaemon();
          const started = performance.now();
          const child = await runChild(
            '../../daemon/fixtures/fault-child.ts',
            [signal, String(inflight), uri, String(daemonPid), DOMAIN],
            [],
            60_000,
          );
          const exitMs = Math.round(performance.now() - started);
          try {
            process.kill(daemonPid, 'SIGCONT');
          } catch {
            // Killed.
          }
          expect(child.timedOut, child.stderr).toBe(false);
          expect(child.code, child.stderr).toBe(0);
          const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
            settled: number;
            untyped: number;
            errors: Record<string, number>;
            closedFlagged: number;
            closes: string[];
            allSettledMs: number;
            closeMs: number;
          };
          const typed = Object.values(result.errors).reduce((a, b) => a + b, 0);
          rows.push(
            `  ${signal} ${transport} ${inflight}: ${result.settled}/${inflight} / ${typed} typed ${JSON.stringify(result.errors)} / ` +
              `${result.closes.length} (${result.closes.join(',')}) / ${result.allSettledMs} / ${result.closeMs} / exit ${exitMs} ms`,
          );
          expect(result.settled).toBe(inflight);
          expect(result.untyped).toBe(0);
          expect(typed).toBe(inflight);
          expect(result.closes).toHaveLength(1);
          expect(result.closes[0]).not.toBe('client');
          expect(result.allSettledMs).toBeLessThan(signal === 'SIGKILL' ? DEAD_BOUND_MS : FROZEN_BOUND_MS);
          expect(result.closeMs).toBeLessThan(DEAD_BOUND_MS);
        });
      }
    }
  }
});
