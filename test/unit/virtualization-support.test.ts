// summarizeVirtualization: the "can this host run KVM, and with what?" answer, from real and edited documents.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeVirtualization } from '../../src/host/virtualization-support.js';
import { parseCapabilitiesXml, parseDomainCapabilitiesXml } from '../../src/xml/index.js';

const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/xml/${path}`, import.meta.url), 'utf8');

/** The `<value>`s of `<enum name=…>` inside the first `<section …>` of a document, read with a regex. */
function enumInText(xml: string, section: string, name: string): string[] {
  const block = new RegExp(`<${section}[ >][\\s\\S]*?</${section}>`).exec(xml)?.[0] ?? '';
  const values = new RegExp(`<enum name='${name}'>([\\s\\S]*?)</enum>`).exec(block)?.[1] ?? '';
  return [...values.matchAll(/<value>([^<]*)<\/value>/g)].map((m) => m[1]!);
}

/** A host whose CPU has `features` and whose x86_64 hvm guest offers `types`. */
function caps(features: string[], types: string[]): string {
  return `<capabilities><host><cpu><arch>x86_64</arch>${features
    .map((f) => `<feature name='${f}'/>`)
    .join('')}</cpu></host>
  <guest><os_type>hvm</os_type><arch name='x86_64'><wordsize>64</wordsize>
  <emulator>/usr/bin/qemu-system-x86_64</emulator><machine>pc</machine><machine>q35</machine>
  ${types.map((t) => `<domain type='${t}'/>`).join('')}</arch></guest></capabilities>`;
}

describe('summarizeVirtualization', () => {
  it('recommends kvm only with hardware extensions AND a kvm domain type', () => {
    const vmx = summarizeVirtualization(
      parseCapabilitiesXml(caps(['vmx', 'sse2'], ['qemu', 'kvm'])),
      undefined,
      [],
    );
    expect(vmx).toMatchObject({ hardwareExtensions: 'vmx', kvm: true, recommendedVirtType: 'kvm' });
    const svm = summarizeVirtualization(parseCapabilitiesXml(caps(['svm'], ['qemu', 'kvm'])), undefined, []);
    expect(svm).toMatchObject({ hardwareExtensions: 'svm', kvm: true, recommendedVirtType: 'kvm' });

    const noKvmType = summarizeVirtualization(parseCapabilitiesXml(caps(['vmx'], ['qemu'])), undefined, []);
    expect(noKvmType).toMatchObject({ hardwareExtensions: 'vmx', kvm: false, recommendedVirtType: 'qemu' });
    // /dev/kvm present (libvirt offers 'kvm') but the CPU reports no extensions, as on this machine.
    const noExtensions = summarizeVirtualization(
      parseCapabilitiesXml(caps(['sse2'], ['qemu', 'kvm'])),
      undefined,
      [],
    );
    expect(noExtensions).toMatchObject({ hardwareExtensions: null, kvm: false, recommendedVirtType: 'qemu' });
    expect(noExtensions.virtTypes).toEqual(['qemu', 'kvm']);
    expect(noExtensions.machines).toEqual(['pc', 'q35']);
    expect(noExtensions.emulator).toBe('/usr/bin/qemu-system-x86_64');

    // Offered types without 'qemu' or a usable 'kvm': the first one offered, never one that is not.
    const xenOnly = summarizeVirtualization(parseCapabilitiesXml(caps([], ['xen'])), undefined, []);
    expect(xenOnly).toMatchObject({ kvm: false, recommendedVirtType: 'xen', virtTypes: ['xen'] });
    const kvmOnlyNoExtensions = summarizeVirtualization(
      parseCapabilitiesXml(caps([], ['kvm'])),
      undefined,
      [],
    );
    expect(kvmOnlyNoExtensions).toMatchObject({ kvm: false, recommendedVirtType: 'kvm' });
  });

  it('refuses an arch whose guests offer no domain type', () => {
    const none = parseCapabilitiesXml(caps(['vmx'], []));
    expect(() => summarizeVirtualization(none, undefined, [])).toThrow(
      new RangeError("the host capabilities offer no domain type for arch 'x86_64'"),
    );
  });

  it('reads a real libvirtd host and its domain capabilities', () => {
    const capsXml = fixture('capabilities/libvirtd-host.xml');
    const domcapsXml = fixture('domaincapabilities/libvirtd-qemu-x86_64-q35.xml');
    const domcaps = parseDomainCapabilitiesXml(domcapsXml);
    const s = summarizeVirtualization(parseCapabilitiesXml(capsXml), domcaps, ['ignored'], 'x86_64');

    const hostFeatures = /<host>[\s\S]*?<\/cpu>/.exec(capsXml)![0];
    const ext = /name='(vmx|svm)'/.exec(hostFeatures)?.[1] ?? null;
    expect(s.hardwareExtensions).toBe(ext);
    expect(s.arch).toBe('x86_64');
    expect(s.virtTypes).toContain('qemu');
    expect(s.machine).toBe(/<machine>([^<]+)<\/machine>/.exec(domcapsXml)![1]);
    expect(s.maxVcpus).toBe(Number(/<vcpu max='(\d+)'/.exec(domcapsXml)![1]));
    expect(s.emulator).toBe(/<path>([^<]+)<\/path>/.exec(domcapsXml)![1]);
    expect(s.diskBuses).toEqual(enumInText(domcapsXml, 'disk', 'bus'));
    expect(s.diskDevices).toEqual(enumInText(domcapsXml, 'disk', 'diskDevice'));
    expect(s.videoModels).toEqual(enumInText(domcapsXml, 'video', 'modelType'));
    expect(s.graphicsTypes).toEqual(enumInText(domcapsXml, 'graphics', 'type'));
    expect(s.firmware).toEqual(enumInText(domcapsXml, 'os', 'firmware'));
    expect(s.tpmModels).toEqual(enumInText(domcapsXml, 'tpm', 'model'));
    expect(s.tpmBackendModels).toEqual(enumInText(domcapsXml, 'tpm', 'backendModel'));
    expect(s.tpmBackendModels).toContain('emulator'); // swtpm is installed on the host that wrote the fixture
    expect(s.diskBuses).toContain('virtio');
    expect(s.graphicsTypes).toContain('vnc');

    const custom = /<mode name='custom' supported='yes'>([\s\S]*?)<\/mode>/.exec(domcapsXml)![1]!;
    const models = [...custom.matchAll(/<model usable='(\w+)'[^>]*>([^<]+)<\/model>/g)].map((m) => ({
      name: m[2],
      usable: m[1],
    }));
    expect(models.length).toBeGreaterThan(0);
    expect(s.cpuModels).toEqual(models);
    const supportedModes = [...domcapsXml.matchAll(/<mode name='([\w-]+)' supported='yes'>/g)].map(
      (m) => m[1],
    );
    expect(s.cpuModes).toEqual(supportedModes);
    expect(s.domainCapabilities).toBe(domcaps);
  });

  it('answers for the test driver, which has no domain capabilities, from the CPU model names', () => {
    const s = summarizeVirtualization(
      parseCapabilitiesXml(fixture('capabilities/test-driver-default.xml')),
      undefined,
      ['486', 'pentium'],
    );
    // The recommendation is always one of the types offered: 'test' is the test driver's only one.
    expect(s).toMatchObject({
      arch: 'i686',
      hardwareExtensions: null,
      kvm: false,
      recommendedVirtType: 'test',
      virtTypes: ['test'],
      machines: [],
      tpmModels: [],
      tpmBackendModels: [],
      emulator: '/usr/bin/test-hv',
      cpuModels: [
        { name: '486', usable: 'unknown' },
        { name: 'pentium', usable: 'unknown' },
      ],
      diskBuses: [],
      videoModels: [],
      graphicsTypes: [],
      firmware: [],
      firmwareImages: [],
      domainCapabilities: undefined,
    });
  });

  it('lists nothing for a device kind the domain capabilities mark unsupported', () => {
    const domcaps = parseDomainCapabilitiesXml(`<domainCapabilities><path>/x</path><domain>qemu</domain>
      <arch>x86_64</arch><devices><video supported='no'><enum name='modelType'><value>vga</value></enum></video>
      <disk supported='yes'><enum name='bus'><value>sata</value></enum></disk></devices></domainCapabilities>`);
    const s = summarizeVirtualization(parseCapabilitiesXml(caps([], ['qemu'])), domcaps, []);
    expect(s.videoModels).toEqual([]);
    expect(s.diskBuses).toEqual(['sata']);
    expect(s.cpuModels).toEqual([]);
  });

  it('refuses an arch the host offers no guest for, naming the ones it does', () => {
    const parsed = parseCapabilitiesXml(caps([], ['qemu']));
    expect(() => summarizeVirtualization(parsed, undefined, [], 'aarch64')).toThrow(
      new RangeError("this host offers no guests for arch 'aarch64' (it offers: x86_64)"),
    );
  });
});
