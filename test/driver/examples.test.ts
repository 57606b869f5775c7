// The README's first command runs examples/demo.ts; these run it the same way (tsx, from the repo root, so the
// 'libvirt-ts' import resolves through tsconfig paths) and check what it prints.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runDemo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'examples/demo.ts', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'lvts-demo-'));
const nodeFile = join(dir, 'node.xml');
// Two domains the demo has never seen: one running, one shut off (test:runstate 5), with their own sizes.
writeFileSync(
  nodeFile,
  `<node>
  <domain type='test'>
    <name>web</name>
    <uuid>11111111-2222-3333-4444-555555555555</uuid>
    <memory unit='MiB'>512</memory>
    <currentMemory unit='MiB'>256</currentMemory>
    <vcpu>2</vcpu>
    <os><type>hvm</type></os>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>db</name>
    <uuid>66666666-7777-8888-9999-000000000000</uuid>
    <memory unit='MiB'>1024</memory>
    <vcpu>4</vcpu>
    <os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
</node>
`,
);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The table rows, cells split on the runs of spaces between columns. */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => line.startsWith(' Name '));
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (line.trim() === '') break;
    rows.push(line.trim().split(/\s{3,}/));
  }
  return rows;
}

describe('examples/demo.ts', () => {
  it('on test:///default prints the host, versions, node, the domain table and a typed error', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const hostname = execFileSync('virsh', ['-c', 'test:///default', 'hostname'], {
      encoding: 'utf8',
    }).trim();
    expect(stdout).toContain('Connected to test:///default\n');
    expect(stdout).toContain(`Host:        ${hostname}\n`);
    expect(stdout).toContain('Hypervisor:  version 0.0.2\n');
    expect(stdout).toMatch(/libvirt: {5}version \d+\.\d+\.\d+\n/);
    expect(stdout).toContain(
      'Node:        i686, 16 CPUs at 1400 MHz (2 sockets x 2 cores x 2 threads, 2 NUMA nodes), 3072 MiB memory\n',
    );
    expect(stdout).toContain('Domains (1):\n');
    expect(tableRows(stdout)).toEqual([
      ['test', 'running', '2048 MiB', '8192 MiB', '2', '6695eb01-f6a4-8304-79aa-97f2502e193f'],
    ]);
    expect(stdout).toContain(
      "LibvirtError NO_DOMAIN (code 42, from TEST): Domain not found: 'no-such-domain'",
    );
  });

  it('takes the URI as its argument and lists what that hypervisor has', async () => {
    const { code, stdout } = await runDemo(`test://${nodeFile}`);
    expect(code).toBe(0);
    expect(stdout).toContain(`Connected to test://${nodeFile}\n`);
    expect(stdout).toContain('Domains (2):\n');
    expect(tableRows(stdout)).toEqual([
      ['db', 'shutoff', '1024 MiB', '1024 MiB', '4', '66666666-7777-8888-9999-000000000000'],
      ['web', 'running', '256 MiB', '512 MiB', '2', '11111111-2222-3333-4444-555555555555'],
    ]);
  });

  it('says why when it cannot connect, and exits 1', async () => {
    const { code, stdout, stderr } = await runDemo('bogus:///nowhere');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'Could not connect to bogus:///nowhere (NO_CONNECT: no connection driver available for bogus:///nowhere)',
    );
  });
});
