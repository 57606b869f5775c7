// The fault suite, second half: a private libvirtd (scripts/second-libvirtd.sh, its own port and directory,
// never the system daemon) is killed (SIGKILL) or frozen (SIGSTOP) while something longer than a call is under
// way: a console read, a volume download or upload, a migration to the system daemon (source killed, so the
// system daemon is never the one faulted), an event subscription with calls in flight; and a daemon restart
// under a reconnecting Hypervisor. Each scenario runs in a child process and must show: everything under way
// settled (a typed LibvirtError, or the end of a stream), in bounded time; 'close' fired once; hv.close()
// returned at once; no reference left behind; the process exited on its own.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChild } from '../driver/fixtures/run-child.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';

const DIR = '/var/tmp/lvts-fault-activity-libvirtd';
const PORT = '16525';
const ENV = {
  LVTS_SECOND_DIR: DIR,
  LVTS_SECOND_PORT: PORT,
  LVTS_SECOND_HOST_UUID: '5ec0dd00-1b7a-4c3e-9d2f-1e2d3c4b5a71',
};
const SCRIPT = fileURLToPath(new URL('../../scripts/second-libvirtd.sh', import.meta.url));
const TCP = `qemu+tcp://127.0.0.1:${PORT}/system`;
const UNIX = `qemu+unix:///system?socket=${DIR}/run/libvirt-sock`;
const DOMAIN = 'lvts-fault-activity';
const POOL = 'lvts-fault-pool';
const VOLUME = 'transfer.img';
/** Keepalive 1 s × 2 notices a frozen peer in about 3 s; the bounds leave room for a loaded machine. */
const FROZEN_BOUND_MS = 15_000;
const DEAD_BOUND_MS = 5_000;

function daemon(command: 'start' | 'stop'): void {
  execFileSync('bash', [SCRIPT, command], {
    env: { ...process.env, ...ENV },
    stdio: 'pipe',
    timeout: 120_000,
  });
}

function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', TCP, ...args], { encoding: 'utf8', stdio: 'pipe' });
}

function pid(): number {
  return Number(readFileSync(`${DIR}/libvirtd.pid`, 'utf8'));
}

function quietly(action: () => unknown): void {
  try {
    action();
  } catch {
    // Not there.
  }
}

/** QEMU processes of this suite's guest left behind by a killed daemon (named for this suite only). */
function killOrphanGuests(): void {
  quietly(() => execFileSync('pkill', ['-KILL', '-f', `guest=${DOMAIN}`], { stdio: 'pipe' }));
}

/** A fresh, answering daemon with the probe guest defined (a serial console, no disk) and a volume to move. */
function freshDaemon(): number {
  quietly(() => process.kill(pid(), 'SIGCONT'));
  daemon('stop');
  killOrphanGuests();
  daemon('start');
  const xml = join(DIR, 'probe.xml');
  writeFileSync(
    xml,
    `<domain type='qemu'><name>${DOMAIN}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices><serial type='pty'/><console type='pty'/></devices></domain>`,
  );
  virsh('define', xml);
  virsh('pool-define-as', POOL, 'dir', '--target', join(DIR, 'pool'));
  virsh('pool-build', POOL);
  virsh('pool-start', POOL);
  virsh('vol-create-as', POOL, VOLUME, '64M', '--format', 'raw');
  return pid();
}

/** The migration's destination is the system daemon: whatever the cancelled migration left there goes. */
function cleanSystemDaemon(): void {
  for (const command of ['destroy', 'undefine']) {
    quietly(() => execFileSync('virsh', ['-c', DAEMON_URI, command, DOMAIN], { stdio: 'pipe' }));
  }
}

interface Outcome {
  activity: string;
  outcomes: string[];
  untyped: number;
  errors: Record<string, number>;
  closes: string[];
  reconnects: number[];
  afterReconnect: string[];
  allSettledMs: number;
  closeMs: number;
  warnings: string[];
}

const SCENARIOS: [activity: string, signal: 'SIGKILL' | 'SIGSTOP', transport: 'tcp' | 'unix'][] = [
  ['console', 'SIGKILL', 'tcp'],
  ['console', 'SIGSTOP', 'tcp'],
  ['console', 'SIGKILL', 'unix'],
  ['download', 'SIGKILL', 'tcp'],
  ['download', 'SIGSTOP', 'tcp'],
  ['upload', 'SIGKILL', 'tcp'],
  ['upload', 'SIGSTOP', 'tcp'],
  ['migration', 'SIGKILL', 'tcp'],
  ['migration', 'SIGSTOP', 'tcp'],
  ['events', 'SIGKILL', 'tcp'],
  ['events', 'SIGSTOP', 'tcp'],
  ['events', 'SIGKILL', 'unix'],
  ['reconnect', 'SIGKILL', 'tcp'],
  ['reconnect', 'SIGKILL', 'unix'],
];

const rows: string[] = [];

describeDaemon('faults of a private libvirtd during longer work', () => {
  beforeAll(() => {
    requireDaemon();
    if (process.getuid?.() !== 0) throw new Error('the fault suite starts its own libvirtd: run as root');
  });

  afterAll(() => {
    quietly(() => process.kill(pid(), 'SIGCONT'));
    quietly(() => daemon('stop'));
    killOrphanGuests();
    cleanSystemDaemon();
    console.log(
      [
        'fault suite (activities): activity signal transport → outcomes / close events / all settled ms / hv.close() ms / exit',
        ...rows,
      ].join('\n'),
    );
  });

  for (const [activity, signal, transport] of SCENARIOS) {
    it(`${activity}: ${signal} over ${transport} settles everything typed, close fires once, the process exits`, async () => {
      const daemonPid = freshDaemon();
      const started = performance.now();
      const child = await runChild(
        '../../daemon/fixtures/fault-activity-child.ts',
        [
          activity,
          signal,
          transport === 'tcp' ? TCP : UNIX,
          String(daemonPid),
          DOMAIN,
          `${POOL}/${VOLUME}`,
          DAEMON_URI,
        ],
        [],
        90_000,
        ENV,
      );
      const exitMs = Math.round(performance.now() - started);
      quietly(() => process.kill(daemonPid, 'SIGCONT'));
      if (activity === 'migration') cleanSystemDaemon();
      expect(child.timedOut, child.stderr).toBe(false);
      expect(child.code, `signal ${child.signal}: ${child.stderr}`).toBe(0);
      const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Outcome;
      rows.push(
        `  ${activity} ${signal} ${transport}: ${result.outcomes.join(' ')} / ${result.closes.length} (${result.closes.join(',')})` +
          `${result.reconnects.length ? ` reconnect ${result.reconnects.join(',')}` : ''} / ${result.allSettledMs} / ` +
          `${result.closeMs} / exit ${exitMs} ms`,
      );
      expect(result.untyped, child.stderr).toBe(0);
      expect(result.outcomes.length).toBeGreaterThan(0);
      // Streams may end (a console read sees the end of its stream) but calls and transfers fail typed.
      for (const outcome of result.outcomes) {
        if (!outcome.startsWith('console:') && !outcome.startsWith('iterator:'))
          expect(outcome).not.toMatch(/:ok$/);
      }
      // The fault closes the connection once; a reconnected one is closed again by hv.close() ('client').
      expect(result.closes).toHaveLength(activity === 'reconnect' ? 2 : 1);
      expect(result.closes[0]).not.toBe('client');
      expect(result.allSettledMs).toBeLessThan(signal === 'SIGKILL' ? DEAD_BOUND_MS : FROZEN_BOUND_MS);
      expect(result.closeMs).toBeLessThan(DEAD_BOUND_MS);
      expect(result.warnings).toEqual([]);
      if (activity === 'reconnect') {
        expect(result.reconnects.length).toBeGreaterThan(0);
        expect(result.afterReconnect).toContain('started');
        expect(result.afterReconnect).toContain('it:started');
      }
    });
  }
});
