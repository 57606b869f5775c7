// DomainBuilder.os() must produce documents libvirt's own schema accepts (virt-xml-validate), for the profiles
// that change the most: an old Windows without virtio on i440fx, a UEFI-only Windows on q35, a virtio Linux.
import { describe, expect, it } from 'vitest';
import { buildDomainXml, DomainBuilder, type GuestOsProfile } from '../../src/xml/index.js';
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

describe('DomainBuilder.os(): documents libvirt accepts', () => {
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
