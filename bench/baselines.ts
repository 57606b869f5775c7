// The C and libvirt-python baselines: the same calls the SDK makes, timed the same way, in the same run.
// The C program is compiled here with the system compiler (bench-time only; nothing compiles at install time).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface CallTimings {
  /** Median ns of one virConnectIsAlive (the raw call rate). */
  isAliveNs: number;
  /** Median ns of lookup-by-name + get-info + free. */
  lookupInfoFreeNs: number;
}

function cProgram(): string {
  const out = join(here, 'c', 'build', 'calls');
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    execFileSync('cc', ['-O2', '-o', out, join(here, 'c', 'calls.c'), '-lvirt'], { stdio: 'inherit' });
  }
  return out;
}

export function runC(uri: string, domain: string, iterations: number): CallTimings {
  return JSON.parse(execFileSync(cProgram(), [uri, domain, String(iterations)], { encoding: 'utf8' }));
}

/** libvirt-python from Debian's python3-libvirt, run by the system python; undefined when it is not installed. */
export function runPython(uri: string, domain: string, iterations: number): CallTimings | undefined {
  try {
    const script = join(here, 'python_calls.py');
    return JSON.parse(
      execFileSync('/usr/bin/python3', [script, uri, domain, String(iterations)], { encoding: 'utf8' }),
    );
  } catch {
    return undefined;
  }
}
