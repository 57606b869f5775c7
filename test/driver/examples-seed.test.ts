// The seed's examples (create-vm, virsh, storage) run as a user runs them — tsx from the repo root, 'libvirt-ts'
// resolved through tsconfig paths — against test:///default, and print what virsh reports for the same driver.
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URI = 'test:///default';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(example: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `examples/${example}.ts`, ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });

/** "Key:   value" lines as a map. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s+(.*)$/.exec(line);
    if (m) out.set(m[1]!.trim(), m[2]!.trim());
  }
  return out;
}

describe('examples/create-vm-step-by-step.ts', () => {
  it('checks the host, builds pool, volumes, network and VM, starts paused, resumes, prints VNC, cleans up', async () => {
    const { code, stdout, stderr } = await run('create-vm-step-by-step', URI, '--name', 'lvts-h12-seed');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(stdout).toContain('Host: i686, hardware extensions: none, KVM: no');
    expect(stdout).toContain(
      "Pool 'lvts-h12-seed-pool' at /var/lib/libvirt/images/lvts-h12-seed-pool: running",
    );
    expect(stdout).toContain("Volume 'lvts-h12-seed.qcow2'");
    expect(stdout).toContain('ISO: /var/lib/libvirt/images/lvts-h12-seed-pool/lvts-h12-seed-install.iso');
    expect(stdout).toMatch(/Network 'lvts-h12-seed-net': isolated bridge lvbr\d+/);
    expect(stdout).toMatch(/Domain 'lvts-h12-seed' defined \([0-9a-f-]{36}\), CPU model qemu64/);
    // The steps in the seed's order.
    const order = ['Started paused: paused', 'Resumed: running', 'VNC: 127.0.0.1', 'Cleaned up'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('fails with a clear message and status for a URI nobody serves', async () => {
    const { code, stderr } = await run('create-vm-step-by-step', 'nosuchdriver:///x');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: .+\(NO_CONNECT\)/);
  });
});

describe('examples/create-vm.ts', () => {
  it('creates the guest of the OS chosen by hand in one call, paused, on a qcow2 volume, then removes it', async () => {
    const iso = '/var/lib/libvirt/images/lvts-example.iso';
    const { code, stdout, stderr } = await run(
      'create-vm',
      URI,
      '--iso',
      iso,
      '--os',
      'debian11',
      '--remove',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('OS: Debian 11 (debian11)\n');
    expect(stdout).toContain("Domain 'lvts-example-iso': type test");
    expect(stdout).toContain('disk /default-pool/lvts-example-iso.qcow2 (qcow2, bus virtio)');
    expect(stdout).toContain('NIC virtio');
    expect(stdout).toContain('State: paused');
    expect(stdout).toContain('Removed the domain and its volume.');
  });

  it('refuses an OS osinfo-db does not know, and a missing --iso', async () => {
    const unknown = await run('create-vm', URI, '--iso', '/x.iso', '--os', 'debian99');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("unknown OS 'debian99' (osinfo-query os lists the short ids)\n");
    const noIso = await run('create-vm', URI);
    expect(noIso.code).toBe(2);
    expect(noIso.stderr).toMatch(/^--iso PATH is required/);
  });
});

describe('examples/virsh.ts', () => {
  it('lists the domains virsh lists', async () => {
    const { code, stdout } = await run('virsh', '-c', URI, 'list', '--all');
    expect(code).toBe(0);
    const rows = (text: string) =>
      text
        .split('\n')
        .slice(2)
        .map((l) => l.trim().split(/\s{2,}/))
        .filter((r) => r[0] !== '');
    expect(rows(stdout)).toEqual(rows(virsh('list', '--all')));
  });

  it('prints dominfo fields equal to virsh dominfo', async () => {
    const { code, stdout } = await run('virsh', '-c', URI, 'dominfo', 'test');
    expect(code).toBe(0);
    const ours = fields(stdout);
    const theirs = fields(virsh('dominfo', 'test'));
    for (const key of [
      'Id',
      'Name',
      'UUID',
      'CPU(s)',
      'Max memory',
      'Used memory',
      'Persistent',
      'Autostart',
    ]) {
      expect([key, ours.get(key)]).toEqual([key, theirs.get(key)]);
    }
    expect(ours.get('State')).toBe(
      `running (${virsh('domstate', '--reason', 'test').trim().split(' (')[1]!.slice(0, -1)})`,
    );
  });

  it('runs the lifecycle subcommands', async () => {
    // Each process gets a fresh test driver whose 'test' domain runs, so the runs are independent.
    const [suspend, shutdown, destroy, resume, start] = await Promise.all(
      ['suspend', 'shutdown', 'destroy', 'resume', 'start'].map((c) => run('virsh', c, 'test')),
    );
    expect(suspend!.stdout).toBe("Domain 'test' suspended\n");
    expect(shutdown!.stdout).toBe("Domain 'test' is being shutdown\n");
    expect(destroy!.stdout).toBe("Domain 'test' destroyed\n");
    // A running domain cannot be resumed or started: libvirt's refusal, printed and a non-zero status.
    expect([resume!.code, resume!.stderr]).toEqual([
      1,
      "error: internal error: domain 'test' not paused (INTERNAL_ERROR)\n",
    ]);
    expect(start!.code).toBe(1);
    expect(start!.stderr).toContain('already running');
  });

  it('reports a missing domain and an unknown command', async () => {
    const [missing, unknown] = await Promise.all([
      run('virsh', 'dominfo', 'lvts-h12-missing'),
      run('virsh', 'frobnicate'),
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      "error: Domain not found: 'lvts-h12-missing' (NO_DOMAIN)\n",
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('examples/storage.ts', () => {
  it('lists pools and their info as virsh does', async () => {
    const list = await run('storage', 'pool-list', '--all');
    expect(list.code).toBe(0);
    const names = (text: string) =>
      text
        .split('\n')
        .slice(2)
        .map((l) => l.trim().split(/\s+/)[0])
        .filter(Boolean)
        .sort();
    expect(names(list.stdout)).toEqual(names(virsh('pool-list', '--all')));
    const info = fields((await run('storage', 'pool-info', 'default-pool')).stdout);
    const theirs = fields(virsh('pool-info', 'default-pool'));
    expect(info.get('UUID')).toBe(theirs.get('UUID'));
    expect(info.get('Capacity')).toBe(theirs.get('Capacity'));
  });

  it('tours a pool: define, build, start, create, clone, list, delete, stop, undefine', async () => {
    const { code, stdout, stderr } = await run('storage', 'tour', '--name', 'lvts-h12-tour');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const line of [
      'Pool lvts-h12-tour defined, built and started at /tmp/lvts-h12-tour',
      'Vol disk.qcow2 created: /tmp/lvts-h12-tour/disk.qcow2',
      'Vol data.img created: /tmp/lvts-h12-tour/data.img',
      'Vol clone.qcow2 cloned from disk.qcow2',
      'Vol clone.qcow2 deleted',
      'Pool lvts-h12-tour stopped, deleted and undefined',
    ]) {
      expect(stdout).toContain(line);
    }
  });
});
