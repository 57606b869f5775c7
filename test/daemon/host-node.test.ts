// hv.host on qemu:///system, each answer compared with what virsh reports from the same daemon.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const CPU = "<cpu mode='custom'><model>qemu64</model></cpu>";
const QEMU_X86 = { virtType: 'qemu', arch: 'x86_64' } as const;

describeDaemon('hv.host on qemu:///system', () => {
  let hv: Hypervisor;
  let work: string;
  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
    work = mkdtempSync(join(tmpdir(), 'lvts-h12-host-'));
  });
  afterAll(async () => {
    await hv?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads the limits, memory counters and KSM tunables virsh reads', async () => {
    expect(await hv.host.hypervisorType()).toBe('QEMU');
    // virsh maxvcpus answers from the domain capabilities (per machine), not virConnectGetMaxVcpus: the driver's
    // limit is at least the machine's.
    const machineMax = Number(/<vcpu max='(\d+)'/.exec(virsh('domcapabilities', '--virttype', 'kvm'))![1]);
    expect(await hv.host.maxVcpus('kvm')).toBeGreaterThanOrEqual(machineMax);
    const stats = await hv.host.memoryStats();
    expect(stats.total).toBe(Number(/total\s*:\s*(\d+) KiB/.exec(virsh('nodememstats'))![1]));
    expect(Object.keys(stats).sort()).toEqual(['buffers', 'cached', 'free', 'total']);
    const tune = virsh('node-memory-tune');
    const params = await hv.host.memoryParameters();
    expect(params.shm_pages_to_scan).toBe(Number(/shm_pages_to_scan\s+(\d+)/.exec(tune)![1]));
    expect(params.shm_merge_across_nodes).toBe(Number(/shm_merge_across_nodes\s+(\d+)/.exec(tune)![1]));
    // Writing back the value the host already has changes nothing on this shared machine, yet goes through C.
    await hv.host.setMemoryParameters({ shm_pages_to_scan: params.shm_pages_to_scan as number });
    expect(virsh('node-memory-tune')).toMatch(
      new RegExp(`shm_pages_to_scan\\s+${params.shm_pages_to_scan}\\b`),
    );
    const cpu = await hv.host.cpuStats();
    expect(Object.keys(cpu).sort()).toEqual(['idle', 'iowait', 'kernel', 'user']);
    expect(typeof cpu.user).toBe('bigint');
  });

  it('returns the storage pool capabilities virsh pool-capabilities returns', async () => {
    expect((await hv.host.storagePoolCapabilitiesXml()).trim()).toBe(virsh('pool-capabilities').trim());
  });

  it('compares and baselines CPUs against the hypervisor as virsh hypervisor-cpu-* does', async () => {
    const file = join(work, 'cpu.xml');
    writeFileSync(file, CPU);
    const compared = virsh('hypervisor-cpu-compare', file, '--virttype', 'qemu', '--arch', 'x86_64');
    const answer = await hv.host.compareHypervisorCpu(CPU, QEMU_X86);
    expect(compared).toContain(
      { superset: 'superset', identical: 'identical', incompatible: 'incompatible' }[answer],
    );
    const baseline = virsh('hypervisor-cpu-baseline', file, '--virttype', 'qemu', '--arch', 'x86_64');
    expect((await hv.host.baselineHypervisorCpu([CPU], QEMU_X86)).trim()).toBe(baseline.trim());
  });

  it("converts a domain to QEMU's command line as virsh domxml-to-native does", async () => {
    const xml =
      "<domain type='qemu'><name>lvts-h12-native</name><uuid>4d3b166a-d89d-4f9b-90a2-c3d7c8eadf00</uuid>" +
      "<memory unit='MiB'>64</memory>" +
      "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
    const file = join(work, 'domain.xml');
    writeFileSync(file, xml);
    const ours = await hv.host.domainXmlToNative('qemu-argv', xml);
    expect(ours).toContain('-name guest=lvts-h12-native');
    // The environment part names this process's PATH; compare from the emulator on.
    const fromEmulator = (text: string) => text.slice(text.indexOf('/usr/bin/qemu-system-x86_64')).trim();
    expect(fromEmulator(ours)).toBe(fromEmulator(virsh('domxml-to-native', 'qemu-argv', file)));
  });
});
