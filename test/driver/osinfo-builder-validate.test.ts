// DomainBuilder.os() must produce documents libvirt's own schema accepts (virt-xml-validate), for the profiles
// that change the most: an old Windows without virtio on i440fx, a UEFI-only Windows on q35, a virtio Linux.
import { describe, expect, it } from 'vitest';
import {
  buildDomainXml,
  DomainBuilder,
  type DomainHostProfile,
  type GuestOsProfile,
} from '../../src/xml/index.js';
import { validateXml } from '../helpers/validate.js';

const base: GuestOsProfile = {
  id: 'http://example.org/os',
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
const profiles: [string, GuestOsProfile][] = [
  [
    'an old Windows (pc, IDE, rtl8139, VGA, USB 2, Hyper-V)',
    {
      ...base,
      windows: true,
      localtimeClock: true,
      q35: false,
      virtioDisk: false,
      virtioNet: false,
      virtioGpu: false,
      virtioRng: false,
      virtioBalloon: false,
      virtioSerial: false,
      usb3: false,
      netModels: ['rtl8139'],
    },
  ],
  [
    'a UEFI-only Windows (q35, SATA, e1000e, bochs, TPM)',
    {
      ...base,
      windows: true,
      localtimeClock: true,
      virtioDisk: false,
      virtioNet: false,
      virtioGpu: false,
      virtioRng: false,
      virtioBalloon: false,
      virtioSerial: false,
      requiresEfi: true,
      memoryBytes: 8 * 1024 ** 3,
      vcpus: 4,
    },
  ],
  ['a virtio Linux', { ...base, memoryBytes: 2 * 1024 ** 3, vcpus: 2 }],
];

/** A host without firmware auto-selection whose only UEFI image is a secure-boot build: pflash loader + SMM. */
const OLD_LIBVIRT_HOST: DomainHostProfile = {
  arch: 'x86_64',
  hardwareExtensions: 'vmx',
  kvm: true,
  recommendedVirtType: 'kvm',
  virtTypes: ['qemu', 'kvm'],
  machines: ['pc-i440fx-7.2', 'pc', 'q35'],
  cpuModes: ['host-model'],
  videoModels: ['vga', 'bochs'],
  firmware: [],
  firmwareImages: ['/usr/share/OVMF/OVMF_CODE_4M.secboot.fd'],
  tpmModels: ['tpm-tis', 'tpm-crb'],
  tpmBackendModels: ['passthrough', 'emulator'],
};

describe('DomainBuilder.os(): documents libvirt accepts', () => {
  it('a UEFI-only Windows for a host with a secure-boot loader image only (forHost)', async () => {
    const def = new DomainBuilder('lvts-os-host')
      .os(profiles[1]![1])
      .forHost(OLD_LIBVIRT_HOST)
      .disk({ source: { file: '/var/lib/libvirt/images/lvts-os.qcow2' } })
      .build();
    expect(def.os?.loader?.secure).toBe(true);
    expect(def.features?.smm).toEqual({ state: true });
    expect(def.cpu).toEqual({ mode: 'host-model' });
    expect(await validateXml(buildDomainXml(def), 'domain')).toEqual({ ok: true });
  });

  for (const [name, profile] of profiles) {
    it(name, async () => {
      const xml = buildDomainXml(
        new DomainBuilder('lvts-os', { type: 'kvm' })
          .os(profile)
          .cdrom('/var/lib/libvirt/images/install.iso')
          .disk({ source: { file: '/var/lib/libvirt/images/lvts-os.qcow2' } })
          .network('default')
          .build(),
      );
      expect(await validateXml(xml, 'domain')).toEqual({ ok: true });
    });
  }
});
