// Host queries on qemu:///system, compared with what virsh reports from the same daemon.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hypervisor, parseCapabilitiesXml, parseDomainCapabilitiesXml } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

describeDaemon('host queries on qemu:///system', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
  });

  it('returns the capabilities and the domain capabilities virsh returns, typed', async () => {
    expect(await hv.capabilities()).toEqual(parseCapabilitiesXml(virsh('capabilities')));
    const options = { arch: 'x86_64', machine: 'pc', virtType: 'qemu' };
    const expected = virsh('domcapabilities', '--arch', 'x86_64', '--machine', 'pc', '--virttype', 'qemu');
    expect((await hv.domainCapabilitiesXml(options)).trim()).toBe(expected.trim());
    const domcaps = await hv.domainCapabilities(options);
    expect(domcaps).toEqual(parseDomainCapabilitiesXml(expected));
    expect(domcaps.domain).toBe('qemu');
  });

  it('lists the CPU models virsh cpu-models lists', async () => {
    expect(await hv.cpuModelNames('x86_64')).toEqual(virsh('cpu-models', 'x86_64').trim().split('\n'));
  });

  it('reports free memory in bytes, no more than the host has', async () => {
    const free = await hv.freeMemory();
    const totalKiB = Number(/Memory size:\s+(\d+) KiB/.exec(virsh('nodeinfo'))![1]);
    expect(Number.isSafeInteger(free)).toBe(true);
    expect(free).toBeGreaterThan(0);
    expect(free).toBeLessThanOrEqual(totalKiB * 1024);
  });

  it('answers the virtualization question from the host CPU and the offered domain types', async () => {
    const support = await hv.virtualizationSupport();
    const capsXml = virsh('capabilities');
    const hostCpu = /<host>[\s\S]*?<\/cpu>/.exec(capsXml)![0];
    const extensions = /<feature name='(vmx|svm)'\/>/.exec(hostCpu)?.[1] ?? null;
    const x86Guest = /<arch name='x86_64'>[\s\S]*?<\/arch>/.exec(capsXml)![0];
    const kvmOffered = x86Guest.includes("<domain type='kvm'");
    expect(support.hardwareExtensions).toBe(extensions);
    expect(support.kvm).toBe(extensions !== null && kvmOffered);
    expect(support.recommendedVirtType).toBe(support.kvm ? 'kvm' : 'qemu');
    // The kernel's view agrees with libvirt's on whether the CPU exposes the extensions.
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    expect(/\b(vmx|svm)\b/.test(cpuinfo)).toBe(extensions !== null);

    const domcaps = virsh('domcapabilities', '--arch', 'x86_64', '--virttype', support.recommendedVirtType);
    const parsed = parseDomainCapabilitiesXml(domcaps);
    expect(support.domainCapabilities).toEqual(parsed);
    expect(support.arch).toBe('x86_64');
    expect(support.diskBuses).toContain('virtio');
    expect(support.videoModels).toContain('vga');
    expect(support.graphicsTypes).toContain('vnc');
    const customModels = parsed.cpu?.modes?.find((m) => m.name === 'custom')?.models ?? [];
    expect(support.cpuModels.map((m) => m.name)).toEqual(customModels.map((m) => m.value));
    expect(support.cpuModels.some((m) => m.usable === 'yes')).toBe(true);
  });
});
