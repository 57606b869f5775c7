import { describe, expect, it } from 'vitest';
import { DomainBuilder } from '../../src/xml/builders/domain.js';
import { buildDomainXml, listUnknown, parseDomainXml, XmlError } from '../../src/xml/index.js';

describe('DomainBuilder defaults (what virt-install chooses)', () => {
  const def = new DomainBuilder('vm1', { type: 'kvm' }).build();

  it('is a kvm q35 guest with 1 GiB, 1 vCPU and host-passthrough', () => {
    expect(def).toMatchObject({
      type: 'kvm',
      name: 'vm1',
      memory: { value: 1048576, unit: 'KiB' },
      currentMemory: { value: 1048576, unit: 'KiB' },
      vcpu: { value: 1 },
      os: { type: { arch: 'x86_64', machine: 'q35', value: 'hvm' }, bootDevices: [{ dev: 'hd' }] },
      features: { acpi: true, apic: {} },
      cpu: { mode: 'host-passthrough' },
      clock: { offset: 'utc' },
      pm: { suspendToMem: { enabled: false }, suspendToDisk: { enabled: false } },
    });
  });

  it('has the virt-install device set', () => {
    const d = def.devices!;
    expect(d.controllers?.[0]).toEqual({ type: 'usb', model: 'qemu-xhci', ports: 15 });
    expect(d.controllers?.filter((c) => c.model === 'pcie-root-port')).toHaveLength(14);
    expect(d.inputs).toEqual([{ type: 'tablet', bus: 'usb' }]);
    expect(d.consoles).toEqual([{ type: 'pty', target: { type: 'serial' } }]);
    expect(d.channels?.[0]?.target?.name).toBe('org.qemu.guest_agent.0');
    expect(d.graphics).toEqual([{ type: 'vnc', port: -1 }]);
    expect(d.videos).toEqual([{ model: { type: 'virtio' } }]);
    expect(d.memballoon).toEqual({ model: 'virtio' });
    expect(d.rngs?.[0]?.backend).toEqual({ model: 'random', value: '/dev/urandom' });
  });

  it('leaves out <cpu> for TCG guests and PCIe ports for the pc machine', () => {
    const tcg = new DomainBuilder('vm2', { type: 'qemu', machine: 'pc' }).cdrom('/isos/d.iso').build();
    expect(tcg.type).toBe('qemu');
    expect(tcg.cpu).toBeUndefined();
    expect(tcg.devices?.controllers?.map((c) => c.model)).toEqual(['qemu-xhci']);
    expect(tcg.devices?.disks?.[0]?.target).toEqual({ dev: 'hda', bus: 'ide' });
  });

  it('has no default virt type: build() refuses to guess, naming forHost() and the type option', () => {
    const untyped = () => new DomainBuilder('vm3').build();
    expect(untyped).toThrow(XmlError);
    expect(untyped).toThrow(
      "DomainBuilder 'vm3': no virt type. Call .forHost(await hv.virtualizationSupport()) to take the host's " +
        "(kvm only where KVM can run), or pass { type: 'kvm' } or { type: 'qemu' } (TCG)",
    );
    expect(() => new DomainBuilder('vm4', { type: 'xen' as 'kvm' })).toThrow(/virt type must be one of/);
  });

  it('is tagged for listUnknown and round-trips', () => {
    expect(listUnknown(def)).toEqual([]);
    expect(parseDomainXml(buildDomainXml(def))).toEqual(def);
  });
});

describe('DomainBuilder choices', () => {
  const def = new DomainBuilder('web', { type: 'kvm' })
    .memory('2 GiB')
    .vcpus(2)
    .cpu({ model: 'Skylake-Client' })
    .cdrom('/var/lib/libvirt/images/debian.iso')
    .disk({
      source: { file: '/var/lib/libvirt/images/web.qcow2' },
      cache: 'none',
      io: 'native',
      blockSize: 4096,
    })
    .disk({ source: { pool: 'default', volume: 'data' }, bus: 'scsi', format: 'raw' })
    .disk({ source: { dev: '/dev/sdb' }, bus: 'sata' })
    .network('default')
    .bridge('br0', { mac: '52:54:00:12:34:56', model: 'e1000e' })
    .video('qxl')
    .graphics('spice', { listen: '127.0.0.1', port: 5930, password: 'secret' })
    .console('virtio')
    .build();
  const disks = def.devices!.disks!;

  it('sizes memory from a string with a unit', () => {
    expect(def.memory).toEqual({ value: 2097152, unit: 'KiB' });
    expect(def.vcpu).toEqual({ value: 2 });
    expect(def.cpu).toEqual({
      mode: 'custom',
      match: 'exact',
      model: { value: 'Skylake-Client', fallback: 'allow' },
    });
  });

  it('boots the CD-ROM first and names targets per bus', () => {
    expect(def.os?.bootDevices).toEqual([{ dev: 'cdrom' }, { dev: 'hd' }]);
    expect(disks.map((d) => [d.device, d.type, d.target?.dev, d.target?.bus])).toEqual([
      ['disk', 'file', 'vda', 'virtio'],
      ['disk', 'volume', 'sdb', 'scsi'],
      ['disk', 'block', 'sdc', 'sata'],
      ['cdrom', 'file', 'sda', 'sata'],
    ]);
    expect(disks[3]?.readonly).toBe(true);
  });

  it('sets driver options and block sizes; adds a SCSI controller for SCSI disks', () => {
    expect(disks[0]?.driver).toEqual({
      name: 'qemu',
      type: 'qcow2',
      cache: 'none',
      io: 'native',
      discard: 'unmap',
    });
    expect(disks[0]?.blockio).toEqual({ logicalBlockSize: 4096, physicalBlockSize: 4096 });
    expect(disks[1]?.source).toEqual({ pool: 'default', volume: 'data' });
    expect(disks[2]?.driver).toEqual({ name: 'qemu', type: 'raw' });
    expect(def.devices?.controllers?.[0]).toEqual({ type: 'scsi', model: 'virtio-scsi' });
  });

  it('wires NICs, video, SPICE extras and the console', () => {
    expect(def.devices?.interfaces).toEqual([
      { type: 'network', source: { network: 'default' }, model: { type: 'virtio' } },
      {
        type: 'bridge',
        source: { bridge: 'br0' },
        mac: { address: '52:54:00:12:34:56' },
        model: { type: 'e1000e' },
      },
    ]);
    expect(def.devices?.videos).toEqual([{ model: { type: 'qxl' } }]);
    expect(def.devices?.graphics).toEqual([
      {
        type: 'spice',
        port: 5930,
        autoport: false,
        passwd: 'secret',
        listens: [{ type: 'address', address: '127.0.0.1' }],
        image: { compression: 'off' },
      },
    ]);
    expect(def.devices?.channels?.map((c) => c.type)).toEqual(['unix', 'spicevmc']);
    expect(def.devices?.redirdevs).toHaveLength(2);
    expect(def.features?.vmport).toEqual({ state: false });
    expect(def.devices?.consoles).toEqual([{ type: 'pty', target: { type: 'virtio' } }]);
  });

  it('drops display devices with graphics none', () => {
    const headless = new DomainBuilder('h', { type: 'kvm' }).graphics('none').build();
    expect(headless.devices?.graphics).toBeUndefined();
    expect(headless.devices?.videos).toBeUndefined();
    expect(headless.devices?.inputs).toBeUndefined();
    expect(headless.devices?.consoles).toHaveLength(1);
  });
});

describe('DomainBuilder refuses bad input with clear errors', () => {
  const b = () => new DomainBuilder('ok');
  const cases: [string, () => unknown, RegExp][] = [
    ['an empty name', () => new DomainBuilder(''), /name must be a non-empty string/],
    ['a name with /', () => new DomainBuilder('a/b'), /must not contain '\/'/],
    ['a size with a bad unit', () => b().memory('2 GiBs'), /memory "2 GiBs" is not a size/],
    ['a negative size', () => b().memory(-1), /memory must be a whole, non-negative number/],
    ['a size below 1 MiB', () => b().memory('512 KiB'), /at least 1 MiB/],
    ['a size that is not whole KiB', () => b().memory(1024 ** 2 + 1), /whole number of KiB/],
    ['zero vCPUs', () => b().vcpus(0), /vcpus must be an integer from 1/],
    ['an unknown CPU mode', () => b().cpu('fast' as 'host-model'), /cpu mode must be one of/],
    ['a relative ISO path', () => b().cdrom('debian.iso'), /absolute path/],
    ['two disk sources', () => b().disk({ source: { file: '/a', dev: '/b' } as never }), /exactly one of/],
    [
      'an unknown bus',
      () => b().disk({ source: { file: '/a' }, bus: 'nvme' as 'virtio' }),
      /disk bus must be one of/,
    ],
    ['an odd block size', () => b().disk({ source: { file: '/a' }, blockSize: 1000 }), /power of two/],
    ['a bad MAC', () => b().network('default', { mac: 'zz' }), /MAC address/],
    ['an unknown video model', () => b().video('matrox' as 'qxl'), /video model must be one of/],
    [
      'a port below 5900',
      () => b().graphics('vnc', { port: 22 }),
      /graphics port must be an integer from 5900/,
    ],
  ];
  for (const [what, call, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(call).toThrow(XmlError);
      expect(call).toThrow(message);
    });
  }
});
