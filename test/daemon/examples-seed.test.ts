// The seed's examples against qemu:///system (any URI works): create-vm-step-by-step builds, runs and removes a real TCG
// guest with its pool, volumes and network; the virsh and storage examples agree with virsh.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NAME = 'lvts-h12-exd';

function run(example: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `examples/${example}.ts`, ...args],
      { cwd: ROOT, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** virsh's `--name` lists, each name trimmed (pool-list pads its names). */
const names = (...args: string[]): string[] =>
  virsh(...args)
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean);

describeDaemon('the seed examples on qemu:///system', () => {
  beforeAll(() => requireDaemon());
  afterAll(() => {
    // Only if the example failed half-way: its own cleanup removes all of this.
    for (const args of [
      ['destroy', NAME],
      ['undefine', NAME],
      ['net-destroy', `${NAME}-net`],
      ['net-undefine', `${NAME}-net`],
      ['pool-destroy', `${NAME}-pool`],
      ['pool-delete', `${NAME}-pool`],
      ['pool-undefine', `${NAME}-pool`],
    ]) {
      try {
        virsh(...args);
      } catch {
        // not there: nothing to clean
      }
    }
  });

  it('create-vm-step-by-step runs a guest paused then resumed, prints its VNC display, and leaves nothing behind', async () => {
    const { code, stdout, stderr } = await run('create-vm-step-by-step', DAEMON_URI, '--name', NAME);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Started paused: paused');
    expect(stdout).toContain('Resumed: running');
    expect(stdout).toMatch(/VNC: 127\.0\.0\.1:59\d\d \(display :\d+\)/);
    expect(names('list', '--all', '--name')).not.toContain(NAME);
    expect(names('pool-list', '--all', '--name')).not.toContain(`${NAME}-pool`);
    expect(names('net-list', '--all', '--name')).not.toContain(`${NAME}-net`);
    expect(existsSync(`/var/lib/libvirt/images/${NAME}-pool`)).toBe(false);
  });

  it('virsh.ts list --all and storage.ts pool-list --all show what virsh shows', async () => {
    // Other tests' guests and pools may come and go meanwhile: what existed before and after the run must be
    // listed, and nothing listed may be unknown to virsh at either moment.
    const before = {
      domains: names('list', '--all', '--name'),
      pools: names('pool-list', '--all', '--name'),
    };
    const [list, pools] = await Promise.all([
      run('virsh', '-c', DAEMON_URI, 'list', '--all'),
      run('storage', '-c', DAEMON_URI, 'pool-list', '--all'),
    ]);
    const after = { domains: names('list', '--all', '--name'), pools: names('pool-list', '--all', '--name') };
    expect([list.code, pools.code]).toEqual([0, 0]);
    const column = (text: string, index: number) =>
      text
        .split('\n')
        .slice(2)
        .map((l) => l.trim().split(/\s{2,}/)[index])
        .filter((c): c is string => c !== undefined && c !== '');
    for (const [listed, was, is] of [
      [column(list.stdout, 1), before.domains, after.domains],
      [column(pools.stdout, 0), before.pools, after.pools],
    ] as const) {
      for (const name of was.filter((n) => is.includes(n))) expect(listed).toContain(name);
      for (const name of listed) expect([...was, ...is]).toContain(name);
    }
  });
});
