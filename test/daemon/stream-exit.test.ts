// A process with an open console and open connections ends on its own after hv.close(), and at once on
// process.exit(); either way the guest keeps running and its console can be opened again.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { openConsole } from '../../src/domain/console.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { type StreamGuest, startStreamGuest } from '../helpers/stream-guest.js';

const CHILD = fileURLToPath(new URL('./fixtures/stream-exit-child.ts', import.meta.url));
/** Generous: this bounds a hang, it does not measure speed. */
const EXIT_BOUND_MS = 30_000;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(guest: string, mode: 'close' | 'exit'): Promise<Outcome> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, DAEMON_URI, guest, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_BOUND_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describeDaemon('process exit with open consoles and connections', () => {
  let conn: Handle;
  let guest: StreamGuest;

  beforeAll(async () => {
    requireDaemon();
    conn = await call('virConnectOpen', DAEMON_URI);
    guest = await startStreamGuest(conn, `lvts-h14-exit-${process.pid}`, DAEMON_URI);
    await call('virDomainResume', guest.domain);
  });

  afterAll(async () => {
    await guest?.remove();
    await conn?.free();
  });

  it('ends by itself after hv.close()', async () => {
    const outcome = await runChild(guest.name, 'close');
    expect(outcome.stderr).toBe('');
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(0);
    // hv.close() destroyed the console before closing the connection.
    expect(outcome.stdout).toBe('open\nclosed true\n');
  });

  it('ends on process.exit() with everything open', async () => {
    const outcome = await runChild(guest.name, 'exit');
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe('open\n');
  });

  it('leaves the guest running and its console free for the next client', async () => {
    expect(virsh('domstate', guest.name).trim()).toBe('running');
    const console = await openConsole(guest.domain);
    console.destroy();
    await new Promise((resolve) => console.once('close', resolve));
  });
});
