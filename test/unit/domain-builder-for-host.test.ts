// DomainBuilder.forHost(): the choices a host description drives, from the recorded host of this machine
// (test/fixtures/xml: its capabilities, /dev/kvm present but no vmx, and its domain capabilities) and edited
// copies of it (a KVM-capable CPU; no virtio video, no swtpm, no UEFI). The comparison with virt-install on the
// same descriptions is test/driver/osinfo-for-host-virt-install.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  summarizeVirtualization,
  type VirtualizationSupport,
} from '../../src/host/virtualization-support.js';
import {
  DomainBuilder,
  type GuestOsProfile,
  parseCapabilitiesXml,
  parseDomainCapabilitiesXml,
  XmlError,
} from '../../src/xml/index.js';

const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/xml/${path}`, import.meta.url), 'utf8');

const CAPS = fixture('capabilities/libvirtd-host.xml');
/** The recorded host with a CPU that has vmx: libvirt's capabilities list the feature among the host's. */
const CAPS_VMX = CAPS.replace(/(<host>[\s\S]*?<cpu>[\s\S]*?)(<\/cpu>)/, "$1<feature name='vmx'/>$2");

function host(capsXml: string, domcapsXml: string | undefined): VirtualizationSupport {
  const domcaps = domcapsXml === undefined ? undefined : parseDomainCapabilitiesXml(domcapsXml);
  return summarizeVirtualization(parseCapabilitiesXml(capsXml), domcaps, [], 'x86_64');
}

/**
 * The domain capabilities without virtio video, without swtpm (no 'emulator' TPM backend) and without firmware
 * auto-selection (libvirt before 5.2: UEFI images only); with `noImages`, without UEFI at all.
 */
function reduced(domcapsXml: string, noImages = false): string {
  const poorer = domcapsXml
    .replace(/(<video supported='yes'>[\s\S]*?)\s*<value>virtio<\/value>/, '$1')
    .replace(/(<tpm supported='yes'>[\s\S]*?)\s*<value>emulator<\/value>/, '$1')
    .replace(/<enum name='firmware'>[\s\S]*?<\/enum>/, "<enum name='firmware'/>");
  return noImages ? poorer.replace(/(<loader supported='yes'>)(?:\s*<value>[^<]*<\/value>)+/, '$1') : poorer;
}

const QEMU_PC = fixture('domaincapabilities/libvirtd-qemu-x86_64-pc.xml');
const KVM_PC = fixture('domaincapabilities/libvirtd-kvm-x86_64-pc.xml');
const THIS_HOST = host(CAPS, QEMU_PC);
const KVM_HOST = host(CAPS_VMX, KVM_PC);
const POOR_HOST = host(CAPS, reduced(QEMU_PC));
const NO_UEFI_HOST = host(CAPS, reduced(QEMU_PC, true));

const LINUX: GuestOsProfile = {
  id: 'http://example.org/linux',
  windows: false,
  localtimeClock: false,
  q35: true,
  virtioDisk: true,
  virtioNet: true,
  virtioGpu: true,
  virtioRng: true,
  virtioBalloon: true,
  virtioSerial: true,
  usb3: true,
  requiresEfi: false,
  netModels: [],
};
const WIN11: GuestOsProfile = {
  ...LINUX,
  id: 'http://example.org/win11',
  windows: true,
  localtimeClock: true,
  virtioDisk: false,
  virtioNet: false,
  virtioGpu: false,
  virtioRng: false,
  virtioBalloon: false,
  virtioSerial: false,
  requiresEfi: true,
};
const OLD_LINUX: GuestOsProfile = { ...LINUX, id: 'http://example.org/old', q35: false, virtioGpu: false };

const build = (support: VirtualizationSupport, os?: GuestOsProfile, options = {}) => {
  const b = new DomainBuilder('h', options).forHost(support);
  if (os) b.os(os);
  return b.network('default').build();
};

describe('DomainBuilder.forHost()', () => {
  it('the recorded host (kvm offered, no vmx): qemu, never kvm; no <cpu>; the host arch', () => {
    expect(THIS_HOST).toMatchObject({ kvm: false, recommendedVirtType: 'qemu', virtTypes: ['qemu', 'kvm'] });
    const d = build(THIS_HOST, LINUX);
    expect(d.type).toBe('qemu');
    expect(d.cpu).toBeUndefined();
    expect(d.os?.type).toEqual({ arch: 'x86_64', machine: 'q35', value: 'hvm' });
    expect(d.devices?.videos).toEqual([{ model: { type: 'virtio' } }]);
  });

  it("an OS without q35 gets the host's default machine by its canonical name, as virt-install writes it", () => {
    const first = /<arch name='x86_64'>[\s\S]*?<machine[^>]*>([^<]+)</.exec(CAPS)![1];
    expect(first).toMatch(/^pc-i440fx-/);
    expect(build(THIS_HOST, OLD_LINUX).os?.type?.machine).toBe(first);
    expect(build(THIS_HOST, OLD_LINUX).devices?.videos).toEqual([{ model: { type: 'vga' } }]);
    // No OS: the builder's own default, q35, which the host offers.
    expect(build(THIS_HOST).os?.type?.machine).toBe('q35');
  });

  it('a KVM-capable host: kvm, and the CPU mode its domain capabilities offer', () => {
    expect(KVM_HOST).toMatchObject({ kvm: true, recommendedVirtType: 'kvm', hardwareExtensions: 'vmx' });
    const d = build(KVM_HOST, LINUX);
    expect(d.type).toBe('kvm');
    expect(d.cpu).toEqual({ mode: 'host-passthrough' });
  });

  it('a UEFI-only OS on a host with UEFI and swtpm: firmware efi, tpm-crb, bochs', () => {
    const d = build(THIS_HOST, WIN11);
    expect(d.os?.firmware).toBe('efi');
    expect(d.devices?.tpms).toEqual([{ model: 'tpm-crb', backend: { type: 'emulator' } }]);
    expect(d.devices?.videos).toEqual([{ model: { type: 'bochs' } }]);
  });

  it('drops what the host cannot do: virtio video, the emulated TPM, UEFI', () => {
    expect(POOR_HOST).toMatchObject({ firmware: [], firmwareImages: ['/usr/share/OVMF/OVMF_CODE_4M.fd'] });
    expect(POOR_HOST.videoModels).not.toContain('virtio');
    expect(POOR_HOST.tpmBackendModels).not.toContain('emulator');
    expect(build(POOR_HOST, LINUX).devices?.videos).toEqual([{ model: { type: 'vga' } }]);
    // No firmware auto-selection but a UEFI image: a read-only pflash loader, as virt-install falls back to.
    const loader = build(POOR_HOST, WIN11);
    expect(loader.os?.firmware).toBeUndefined();
    expect(loader.os?.loader).toEqual({
      readonly: true,
      type: 'pflash',
      value: '/usr/share/OVMF/OVMF_CODE_4M.fd',
    });
    expect(loader.features?.smm).toBeUndefined();
    expect(loader.devices?.tpms).toBeUndefined();
    expect(loader.devices?.videos).toEqual([{ model: { type: 'bochs' } }]);
    // A secure-boot image needs SMM and a secure loader.
    const secboot = build(
      { ...POOR_HOST, firmwareImages: ['/usr/share/OVMF/OVMF_CODE_4M.secboot.fd'] },
      WIN11,
    );
    expect(secboot.os?.loader).toMatchObject({
      secure: true,
      value: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd',
    });
    expect(secboot.features?.smm).toEqual({ state: true });

    const win = build(NO_UEFI_HOST, WIN11);
    expect(NO_UEFI_HOST.firmwareImages).toEqual([]);
    expect(win.os?.firmware).toBeUndefined();
    expect(win.os?.loader).toBeUndefined();
    expect(win.devices?.tpms).toBeUndefined();
    expect(win.devices?.videos).toEqual([{ model: { type: 'vga' } }]); // bochs is virt-install's for UEFI only

    // UEFI present but no swtpm: UEFI without a TPM.
    const noSwtpm = host(
      CAPS,
      QEMU_PC.replace(/(<tpm supported='yes'>[\s\S]*?)\s*<value>emulator<\/value>/, '$1'),
    );
    const efiOnly = build(noSwtpm, WIN11);
    expect(efiOnly.os?.firmware).toBe('efi');
    expect(efiOnly.devices?.tpms).toBeUndefined();
  });

  it('firmware(): UEFI and secure boot asked for, by auto-selection or a matching loader image', () => {
    const withHost = (support: VirtualizationSupport, choice: Parameters<DomainBuilder['firmware']>[0]) =>
      new DomainBuilder('fw').os(LINUX).forHost(support).firmware(choice).build();
    // Auto-selection: <os firmware='efi'> and the secure-boot feature for libvirt to match.
    expect(withHost(THIS_HOST, 'efi').os).toMatchObject({ firmware: 'efi' });
    expect(withHost(THIS_HOST, 'efi').os?.firmwareFeatures).toBeUndefined();
    expect(withHost(THIS_HOST, { secureBoot: true }).os?.firmwareFeatures).toEqual({
      features: [{ enabled: true, name: 'secure-boot' }],
    });
    expect(withHost(THIS_HOST, { secureBoot: false }).os?.firmwareFeatures).toEqual({
      features: [{ enabled: false, name: 'secure-boot' }],
    });
    // Images only: the one whose name says secboot (with SMM and a secure loader), or the one that does not.
    const images = {
      ...POOR_HOST,
      firmwareImages: ['/usr/share/OVMF/OVMF_CODE_4M.fd', '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd'],
    };
    const on = withHost(images, { secureBoot: true });
    expect(on.os?.loader).toMatchObject({ secure: true, value: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd' });
    expect(on.features?.smm).toEqual({ state: true });
    expect(withHost(images, { secureBoot: false }).os?.loader?.value).toBe('/usr/share/OVMF/OVMF_CODE_4M.fd');
    expect(() => withHost(POOR_HOST, { secureBoot: true })).toThrow(
      /the host offers no UEFI firmware with secure boot on/,
    );
    expect(() => withHost(NO_UEFI_HOST, 'efi')).toThrow(/the host offers no UEFI firmware/);
    // Without a host description: firmware='efi' for libvirt to choose.
    expect(new DomainBuilder('fw', { type: 'qemu' }).firmware({ secureBoot: true }).build().os).toMatchObject(
      {
        firmware: 'efi',
        firmwareFeatures: { features: [{ enabled: true, name: 'secure-boot' }] },
      },
    );
  });

  it('gives the same domain whichever of os() and forHost() comes first', () => {
    for (const support of [THIS_HOST, KVM_HOST, POOR_HOST, NO_UEFI_HOST]) {
      for (const os of [LINUX, WIN11, OLD_LINUX]) {
        const a = new DomainBuilder('o').os(os).forHost(support).network('default').build();
        const b = new DomainBuilder('o').forHost(support).os(os).network('default').build();
        expect(a).toEqual(b);
      }
    }
  });

  it('the test driver: its only type, its arch, no machine (it lists none)', () => {
    const test = summarizeVirtualization(
      parseCapabilitiesXml(fixture('capabilities/test-driver-default.xml')),
      undefined,
      [],
    );
    const d = new DomainBuilder('t').forHost(test).build();
    expect(d.type).toBe('test');
    expect(d.os?.type).toEqual({ arch: 'i686', value: 'hvm' });
    expect(d.cpu).toBeUndefined();
    // It lists no video models: VGA, as virt-install picks without domain capabilities.
    expect(d.devices?.videos).toEqual([{ model: { type: 'vga' } }]);
  });

  it('keeps explicit choices the host can do', () => {
    const d = build(KVM_HOST, OLD_LINUX, { type: 'qemu', machine: 'pc-q35-7.2' });
    expect(d.type).toBe('qemu');
    expect(d.os?.type?.machine).toBe('pc-q35-7.2');
    expect(d.devices?.controllers?.filter((c) => c.model === 'pcie-root-port')).toHaveLength(14);
  });

  const refusals: [string, () => unknown, string | RegExp][] = [
    [
      'kvm on a CPU without vmx/svm',
      () => build(THIS_HOST, LINUX, { type: 'kvm' }),
      "this host cannot run kvm guests: the CPU reports no virtualization extensions (vmx/svm); use 'qemu', or " +
        'leave the type to forHost()',
    ],
    [
      'a type the host does not offer',
      () => build(THIS_HOST, LINUX, { type: 'test' }),
      "this host offers no 'test' guests for x86_64 (it offers: qemu, kvm)",
    ],
    [
      'a machine the host does not offer',
      () => build(THIS_HOST, LINUX, { machine: 'virt' }),
      /^this host offers no machine 'virt' for x86_64 \(it offers: pc-i440fx-7\.2, pc, /,
    ],
    [
      'another arch',
      () => build(THIS_HOST, LINUX, { arch: 'aarch64' }),
      "arch 'aarch64' is not the host description's ('x86_64'): ask hv.virtualizationSupport({ arch: 'aarch64' })",
    ],
    [
      'a host description for another architecture than x86',
      () => build({ ...THIS_HOST, arch: 'aarch64', machines: ['virt'] }, LINUX),
      'forHost(): DomainBuilder chooses for x86 guests (x86_64, i686), not aarch64',
    ],
    [
      'something that is no host description',
      () => new DomainBuilder('x').forHost({ arch: 'x86_64' } as unknown as VirtualizationSupport),
      'forHost(): virtTypes must be a list of strings (pass what hv.virtualizationSupport() returns)',
    ],
    [
      'null',
      () => new DomainBuilder('x').forHost(null as unknown as VirtualizationSupport),
      'forHost() takes what hv.virtualizationSupport() returns',
    ],
    [
      'a host whose only type cannot run (kvm without extensions)',
      () => build({ ...THIS_HOST, virtTypes: ['kvm'], recommendedVirtType: 'kvm' }, LINUX),
      'this host cannot run kvm guests and offers no other type for x86_64',
    ],
    [
      'a host of another hypervisor',
      () => build({ ...THIS_HOST, virtTypes: ['xen'], recommendedVirtType: 'xen' }, LINUX),
      "this host's guests are of type 'xen'; DomainBuilder makes kvm, qemu, test guests",
    ],
  ];
  for (const [what, call, message] of refusals) {
    it(`refuses ${what} with a BAD_INPUT XmlError`, () => {
      const thrown = (() => {
        try {
          call();
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(thrown).toBeInstanceOf(XmlError);
      expect((thrown as XmlError).code).toBe('BAD_INPUT');
      expect(call).toThrow(message);
    });
  }
});
