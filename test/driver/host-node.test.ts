// hv.host on test:///default, each answer compared with what virsh reports for the same driver.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });

/** "key:   value" lines (virsh's nodecpustats, nodecpumap) as a map. */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+?)\s*:\s+(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

async function code(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LibvirtError);
  return (err as LibvirtError).codeName;
}

describe('hv.host on test:///default', () => {
  let hv: Hypervisor;
  let work: string;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    work = mkdtempSync(join(tmpdir(), 'lvts-h12-host-'));
  });
  afterAll(async () => {
    await hv.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('names the driver, its vCPU limit and the host sysinfo as virsh does', async () => {
    expect(await hv.host.hypervisorType()).toBe(/Using API: (\w+)/.exec(virsh('version'))![1]);
    expect(await hv.host.maxVcpus()).toBe(Number(virsh('maxvcpus').trim()));
    expect((await hv.host.sysinfoXml()).trim()).toBe(virsh('sysinfo').trim());
    // An in-process connection: nothing to eavesdrop on, nothing encrypted.
    expect(await hv.host.isSecure()).toBe(true);
    expect(await hv.host.isEncrypted()).toBe(false);
  });

  it('reads the CPU counters virsh nodecpustats reads (its "system" is libvirt\'s "kernel")', async () => {
    for (const cpu of [undefined, 0]) {
      const ours = await hv.host.cpuStats(cpu);
      const theirs = fields(virsh('nodecpustats', ...(cpu === undefined ? [] : ['--cpu', String(cpu)])));
      expect(ours.user).toBe(BigInt(theirs.get('user')!));
      expect(ours.kernel).toBe(BigInt(theirs.get('system')!));
      expect(ours.idle).toBe(BigInt(theirs.get('idle')!));
      expect(ours.iowait).toBe(BigInt(theirs.get('iowait')!));
    }
  });

  it('reads free memory per NUMA cell, the CPU map and the security model', async () => {
    const cells = [...virsh('freecell', '--all').matchAll(/^\s*\d+:\s+(\d+) KiB/gm)].map(
      (m) => Number(m[1]) * 1024,
    );
    expect(cells.length).toBeGreaterThan(1);
    expect(await hv.host.cellsFreeMemory()).toEqual(cells);
    expect(await hv.host.cellsFreeMemory(1)).toEqual(cells.slice(1));

    const map = fields(virsh('nodecpumap'));
    const ours = await hv.host.cpuMap();
    expect(ours.cpus.length).toBe(Number(map.get('CPUs present')));
    expect(ours.online).toBe(Number(map.get('CPUs online')));
    expect(ours.cpus.map((on) => (on ? 'y' : '-')).join('')).toBe(map.get('CPU map'));

    const secmodel = /<secmodel>\s*<model>([^<]*)<\/model>\s*<doi>([^<]*)<\/doi>/.exec(
      virsh('capabilities'),
    )!;
    expect(await hv.host.securityModel()).toEqual({ model: secmodel[1], doi: secmodel[2] });
  });

  it('computes the CPU baseline virsh cpu-baseline computes', async () => {
    const cpus = [
      '<cpu><arch>x86_64</arch><model>qemu64</model></cpu>',
      '<cpu><arch>x86_64</arch><model>pentium3</model></cpu>',
    ];
    const file = join(work, 'cpus.xml');
    writeFileSync(file, cpus.join('\n'));
    expect((await hv.host.baselineCpu(cpus)).trim()).toBe(virsh('cpu-baseline', file).trim());
  });

  it('rejects what the test driver does not implement with NO_SUPPORT', async () => {
    const cpu = '<cpu><arch>x86_64</arch><model>qemu64</model></cpu>';
    for (const pending of [
      hv.host.memoryStats(),
      hv.host.memoryParameters(),
      hv.host.setMemoryParameters({ shm_pages_to_scan: 100 }),
      hv.host.sevInfo(),
      hv.host.storagePoolCapabilitiesXml(),
      hv.host.compareCpu(cpu),
      hv.host.compareHypervisorCpu(cpu),
      hv.host.baselineHypervisorCpu([cpu]),
      hv.host.domainXmlFromNative('qemu-argv', 'qemu-system-x86_64 -m 64'),
      hv.host.domainXmlToNative('qemu-argv', '<domain/>'),
    ]) {
      expect(await code(pending)).toBe('NO_SUPPORT');
    }
  });

  it('checks arguments before libvirt sees them', async () => {
    await expect(hv.host.cpuStats(-1)).rejects.toThrow(RangeError);
    await expect(hv.host.memoryStats(1.5)).rejects.toThrow(RangeError);
    await expect(hv.host.maxVcpus(5 as unknown as string)).rejects.toThrow(TypeError);
    await expect(hv.host.cellsFreeMemory(-2)).rejects.toThrow(RangeError);
    await expect(hv.host.baselineCpu([])).rejects.toThrow(/non-empty array/);
    await expect(hv.host.baselineCpu(['<cpu/>', 7 as unknown as string])).rejects.toThrow(
      /XML #1 must be a string/,
    );
    await expect(hv.host.compareCpu('')).rejects.toThrow(TypeError);
    await expect(hv.host.compareCpu('<cpu/>', { strict: true } as never)).rejects.toThrow(
      /unknown option 'strict'/,
    );
    await expect(hv.host.compareHypervisorCpu('<cpu/>', { virttype: 'kvm' } as never)).rejects.toThrow(
      /unknown option 'virttype'/,
    );
    await expect(hv.host.domainXmlToNative('', '<domain/>')).rejects.toThrow(TypeError);
    await expect(hv.host.setMemoryParameters({})).rejects.toThrow(/at least one parameter/);
  });

  it('is closed with its connection', async () => {
    const other = await Hypervisor.connect(URI);
    await other.close();
    expect(await code(other.host.cpuMap())).toBe('INVALID_CONN');
  });
});
