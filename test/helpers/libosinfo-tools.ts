/**
 * libosinfo's own tools, which the osinfo comparison tests run: osinfo-detect (Debian libosinfo-bin), xorriso,
 * and /usr/bin/python3 with libosinfo's introspection data (python3-gi, gir1.2-libosinfo-1.0).
 * scripts/setup-libvirtd.sh installs them. Locally a missing tool skips those tests with the reason printed;
 * with CI=true it fails them, so the comparison never passes empty.
 */
import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';

function missing(): string | undefined {
  const which = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  };
  if (!which('osinfo-detect')) return 'osinfo-detect is not installed (apt-get install libosinfo-bin)';
  if (!which('xorriso')) return 'xorriso is not installed (apt-get install xorriso)';
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import gi; gi.require_version("Libosinfo", "1.0")'], {
      stdio: 'pipe',
    });
  } catch {
    return "libosinfo's introspection data is missing (apt-get install python3-gi gir1.2-libosinfo-1.0)";
  }
  return undefined;
}

const reason = missing();
const inCI = process.env.CI === 'true';
if (reason && !inCI) console.warn(`[osinfo vs libosinfo] skipped: ${reason}`);

/** `describe` for tests that run libosinfo's tools: skips locally without them, fails under CI=true. */
export const describeWithLibosinfo: typeof describe = (
  reason && !inCI ? describe.skip : describe
) as typeof describe;

/** Throws under CI=true when a tool is missing. */
export function requireLibosinfoTools(): void {
  if (reason) throw new Error(`CI=true but the libosinfo tools are missing: ${reason}`);
}
