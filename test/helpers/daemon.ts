// Gate for the daemon tier (qemu:///system, real TCG guests).
// Locally the tier skips with a printed reason when no daemon answers; with CI=true nothing may skip, so a missing
// daemon fails the tier loudly instead.
import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';

export const DAEMON_URI = process.env.LIBVIRT_TS_DAEMON_URI ?? 'qemu:///system';

function probe(): string | undefined {
  try {
    execFileSync('virsh', ['-c', DAEMON_URI, 'version'], { stdio: 'pipe', timeout: 15_000 });
    return undefined;
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT') return 'virsh is not installed (run: sudo scripts/setup-libvirtd.sh)';
    return `no libvirtd answers at ${DAEMON_URI}: ${
      String(e.stderr ?? err)
        .trim()
        .split('\n')[0]
    }`;
  }
}

const reason = probe();
const inCI = process.env.CI === 'true';
if (reason && !inCI) console.warn(`[daemon tier] skipped: ${reason}`);

/** `describe` for tests that need a real libvirtd: skips locally without one, fails under CI=true. */
export const describeDaemon: typeof describe = (
  reason && !inCI ? describe.skip : describe
) as typeof describe;

/** Throws under CI=true when the daemon is missing, so the tier fails rather than passing empty. */
export function requireDaemon(): void {
  if (reason && inCI) throw new Error(`CI=true but the daemon tier cannot run: ${reason}`);
}

/** Runs virsh against the daemon and returns stdout: the independent check of what the SDK did. */
export function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', DAEMON_URI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
