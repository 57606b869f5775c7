// Host queries on test:///default, each compared with what virsh reports for the same driver.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainBuilder, ErrorCode, Hypervisor, LibvirtError, parseCapabilitiesXml } from '../../src/index.js';

const URI = 'test:///default';
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });

describe('host queries on test:///default', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    await hv.close();
  });

  it('returns the capabilities typed, and as the XML virsh prints', async () => {
    const xml = virsh('capabilities');
    expect((await hv.capabilitiesXml()).trim()).toBe(xml.trim());
    const caps = await hv.capabilities();
    expect(caps).toEqual(parseCapabilitiesXml(xml));
    expect(caps.host?.cpu?.arch).toBe(/<arch>(\w+)<\/arch>/.exec(xml)![1]);
  });

  it('lists the CPU model names virsh cpu-models lists', async () => {
    const expected = virsh('cpu-models', 'x86_64').trim().split('\n');
    expect(expected.length).toBeGreaterThan(0);
    expect(await hv.cpuModelNames('x86_64')).toEqual(expected);
  });

  it('reports free memory in bytes, as virsh freecell does in KiB', async () => {
    const kib = Number(/Total:\s+(\d+) KiB/.exec(virsh('freecell'))![1]);
    expect(await hv.freeMemory()).toBe(kib * 1024);
  });

  it('rejects domain capabilities with NO_SUPPORT, as the test driver has none', async () => {
    const err = await hv.domainCapabilities().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
  });

  it('answers the virtualization question without domain capabilities', async () => {
    const support = await hv.virtualizationSupport();
    const models = virsh('cpu-models', 'i686').trim().split('\n');
    expect(support).toMatchObject({
      arch: 'i686',
      hardwareExtensions: null,
      kvm: false,
      // The recommendation is one of the offered types: the test driver offers only its own.
      recommendedVirtType: 'test',
      virtTypes: ['test'],
      domainCapabilities: undefined,
      diskBuses: [],
    });
    expect(support.cpuModels).toEqual(models.map((name) => ({ name, usable: 'unknown' })));
  });

  it('builds a guest for itself with DomainBuilder.forHost(), which the driver defines and runs', async () => {
    const def = new DomainBuilder('lvts-for-host')
      .forHost(await hv.virtualizationSupport())
      .memory('64 MiB')
      .network('default')
      .build();
    expect(def.type).toBe('test');
    expect(def.os?.type).toEqual({ arch: 'i686', value: 'hvm' });
    const dom = await hv.domains.define(def);
    try {
      await dom.start();
      expect((await dom.state()).state).toBe('running');
      const dumped = await dom.xml(); // virsh would open its own test driver, without this domain
      expect(dumped).toMatch(/<domain type='test'/);
      expect(dumped).toMatch(/<type arch='i686'>hvm<\/type>/);
      await dom.destroy();
    } finally {
      await dom.undefine();
    }
  });

  it('checks arguments before libvirt sees them', async () => {
    await expect(hv.cpuModelNames('')).rejects.toThrow(TypeError);
    await expect(hv.cpuModelNames(5 as unknown as string)).rejects.toThrow(/must be a string, got number 5/);
    await expect(hv.domainCapabilities({ virttype: 'kvm' } as never)).rejects.toThrow(
      /unknown option 'virttype'/,
    );
    await expect(hv.domainCapabilities({ arch: 64 } as never)).rejects.toThrow(TypeError);
    await expect(hv.domainCapabilities('x86_64' as never)).rejects.toThrow(/must be an object/);
    await expect(hv.virtualizationSupport({ arch: 'aarch64' })).rejects.toThrow(RangeError);
  });
});
