// A second libvirtd (scripts/second-libvirtd.sh: private mount namespace, own config/run/state directories and host
// UUID, loopback TCP port 16510) for migration between two daemons on one machine.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SECOND_URI = process.env.LIBVIRT_TS_SECOND_URI ?? 'qemu+tcp://127.0.0.1:16510/system';
const SCRIPT = fileURLToPath(new URL('../../scripts/second-libvirtd.sh', import.meta.url));

function script(command: 'start' | 'stop'): string {
  return execFileSync('bash', [SCRIPT, command], { encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
}

/** Starts the second daemon; returns why it cannot run here (not root, no unshare), or undefined when it runs. */
export function startSecondDaemon(): string | undefined {
  try {
    script('start');
    return undefined;
  } catch (err) {
    const e = err as { stderr?: string };
    return `second libvirtd did not start: ${String(e.stderr ?? err).trim()}`;
  }
}

/** Destroys what is left on the second daemon, stops it and removes its directories. */
export function stopSecondDaemon(): void {
  script('stop');
}

/** virsh against the second daemon: the independent check of what happened there. */
export function virshSecond(...args: string[]): string {
  return execFileSync('virsh', ['-c', SECOND_URI, ...args], { encoding: 'utf8', timeout: 60_000 });
}
