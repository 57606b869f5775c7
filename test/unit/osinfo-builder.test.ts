// DomainBuilder.os(): the OS's profile drives the defaults, explicit choices win. The comparison with
// virt-install for every OS of osinfo-db is test/daemon/osinfo-virt-install.test.ts.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOsinfo } from '../../src/osinfo/index.js';
import { DomainBuilder, type GuestOsProfile } from '../../src/xml/index.js';

const OLD_WINDOWS: GuestOsProfile = {
  id: 'http://example.org/oldwin',
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
  requiresEfi: false,
  netModels: ['rtl8139'],
  memoryBytes: 2 * 1024 ** 3,
  vcpus: 2,
};

describe('DomainBuilder.os()', () => {
  it('an OS without virtio: i440fx, IDE disk, an OS-known NIC, VGA, USB 2, no RNG/balloon/agent, Windows clock', () => {
    const d = new DomainBuilder('w', { type: 'qemu' })
      .os(OLD_WINDOWS)
      .disk({ source: { file: '/var/lib/libvirt/images/w.qcow2' } })
      .network('default')
      .build();
    expect(d.os?.type?.machine).toBe('pc');
    expect(d.currentMemory).toEqual(d.memory);
    expect(d.vcpu?.value).toBe(2);
    expect(d.devices?.disks?.[0]?.target).toEqual({ dev: 'hda', bus: 'ide' });
    expect(d.devices?.interfaces?.[0]?.model).toEqual({ type: 'rtl8139' });
    expect(d.devices?.videos?.[0]?.model).toEqual({ type: 'vga' });
    expect(d.devices?.controllers?.filter((c) => c.type === 'usb').map((c) => c.model)).toEqual([
      'ich9-ehci1',
      'ich9-uhci1',
      'ich9-uhci2',
      'ich9-uhci3',
    ]);
    expect(d.devices?.rngs).toBeUndefined();
    expect(d.devices?.memballoon).toBeUndefined();
    expect(d.devices?.channels).toBeUndefined();
    expect(d.clock?.offset).toBe('localtime');
    expect(d.clock?.timers?.some((t) => t.name === 'hypervclock' && t.present === true)).toBe(true);
    expect(d.features?.hyperv).toEqual({
      relaxed: { state: true },
      vapic: { state: true },
      spinlocks: { state: true, retries: 8191 },
    });
  });

  it('explicit memory, vCPUs, machine and NIC model win over the OS', () => {
    const d = new DomainBuilder('w', { type: 'qemu', machine: 'q35' })
      .os(OLD_WINDOWS)
      .memory('512 MiB')
      .vcpus(1)
      .disk({ source: { file: '/var/lib/libvirt/images/w.qcow2' } })
      .network('default', { model: 'virtio' })
      .network('default')
      .build();
    expect(d.vcpu?.value).toBe(1);
    expect(JSON.stringify(d.memory)).toContain('524288');
    expect(d.os?.type?.machine).toBe('q35');
    expect(d.devices?.disks?.[0]?.target?.bus).toBe('sata');
    expect(d.devices?.interfaces?.map((n) => n.model?.type)).toEqual(['virtio', 'e1000e']);
  });

  it('takes an osinfo entry: UEFI-only brings firmware efi and an emulated TPM', () => {
    const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'osinfo');
    const db = loadOsinfo({
      dirs: [path.join(fixture, 'base'), path.join(fixture, 'override')],
      cacheDir: false,
    });
    const acme2 = db.get('acme2');
    if (!acme2) throw new Error('fixture acme2 missing');
    const d = new DomainBuilder('a', { type: 'qemu' }).os(acme2).network('default').build();
    expect(d.os?.firmware).toBe('efi');
    expect(d.devices?.tpms).toEqual([{ model: 'tpm-crb', backend: { type: 'emulator' } }]);
    expect(d.devices?.interfaces?.[0]?.model).toEqual({ type: 'virtio' });
    // acme2 inherits 1 GiB recommended memory from acme1 ('all'), and twice acme1's one minimum vCPU.
    expect(JSON.stringify(d.currentMemory)).toContain('1048576');
    expect(d.vcpu?.value).toBe(2);
  });

  it('refuses what is not an entry or a profile', () => {
    expect(() => new DomainBuilder('x').os(null as unknown as GuestOsProfile)).toThrow(/osinfo entry/);
    expect(() => new DomainBuilder('x').os({ guest: {} } as unknown as GuestOsProfile)).toThrow(
      /osinfo entry/,
    );
  });
});
