import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildNodeDeviceXml,
  listUnknown,
  type NodeDeviceDef,
  parseNodeDeviceXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/nodedev/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// `virsh nodedev-dumpxml` of libvirt 9.0 on this machine, and libvirt's own formatnode documentation examples.
const PCI = `<device>
  <name>pci_0000_00_03_0</name>
  <path>/sys/devices/pci0000:00/0000:00:03.0</path>
  <parent>computer</parent>
  <driver>
    <name>virtio-pci</name>
  </driver>
  <capability type='pci'>
    <class>0x020000</class>
    <domain>0</domain>
    <bus>0</bus>
    <slot>3</slot>
    <function>0</function>
    <product id='0x1041'>Virtio 1.0 network device</product>
    <vendor id='0x1af4'>Red Hat, Inc.</vendor>
  </capability>
</device>`;

const SRIOV = `<device>
  <name>pci_0000_02_00_0</name>
  <path>/sys/devices/pci0000:00/0000:00:04.0/0000:02:00.0</path>
  <parent>pci_0000_00_04_0</parent>
  <driver>
    <name>igb</name>
  </driver>
  <capability type='pci'>
    <class>0x020000</class>
    <domain>0</domain>
    <bus>2</bus>
    <slot>0</slot>
    <function>0</function>
    <product id='0x10c9'>82576 Gigabit Network Connection</product>
    <vendor id='0x8086'>Intel Corporation</vendor>
    <capability type='virt_functions' maxCount='7'>
      <address domain='0x0000' bus='0x02' slot='0x10' function='0x0'/>
      <address domain='0x0000' bus='0x02' slot='0x10' function='0x2'/>
    </capability>
    <iommuGroup number='12'>
      <address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
    </iommuGroup>
    <numa node='0'/>
    <pci-express>
      <link validity='cap' port='1' speed='2.5' width='1'/>
      <link validity='sta' speed='2.5' width='1'/>
    </pci-express>
  </capability>
</device>`;

const STORAGE = `<device>
  <name>block_sr0</name>
  <path>/sys/devices/pci0000:00/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0/block/sr0</path>
  <devnode type='dev'>/dev/sr0</devnode>
  <devnode type='link'>/dev/disk/by-id/ata-QEMU_DVD-ROM_QM00003</devnode>
  <parent>scsi_1_0_0_0</parent>
  <capability type='storage'>
    <block>/dev/sr0</block>
    <bus>ata</bus>
    <drive_type>cdrom</drive_type>
    <model>QEMU DVD-ROM</model>
    <vendor>QEMU</vendor>
    <capability type='removable'>
      <media_available>1</media_available>
      <media_size>2048</media_size>
      <media_label>Debian 12</media_label>
      <logical_block_size>2048</logical_block_size>
      <num_blocks>1</num_blocks>
    </capability>
  </capability>
</device>`;

describe('node device', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const dev = parseNodeDeviceXml(xml);
    expect(listUnknown(dev)).toEqual([]);
    const rebuilt = buildNodeDeviceXml(dev);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseNodeDeviceXml(rebuilt)).toEqual(dev);
  });

  it.each([
    ['PCI', PCI],
    ['SR-IOV', SRIOV],
    ['storage', STORAGE],
  ])('%s device reads with nothing unknown and round-trips', (_, xml) => {
    const dev = parseNodeDeviceXml(xml);
    expect(listUnknown(dev)).toEqual([]);
    expect(xmlDifferences(xml, buildNodeDeviceXml(dev))).toEqual([]);
  });

  it('types a PCI device', () => {
    const dev = parseNodeDeviceXml(PCI);
    expect(dev.parent).toEqual({ value: 'computer' });
    expect(dev.driver).toEqual({ name: 'virtio-pci' });
    expect(dev.capabilities?.[0]).toEqual({
      type: 'pci',
      class: '0x020000',
      domain: 0,
      bus: 0,
      slot: 3,
      function: 0,
      product: { id: 0x1041, value: 'Virtio 1.0 network device' },
      vendor: { id: 0x1af4, value: 'Red Hat, Inc.' },
    });
  });

  it('types SR-IOV functions, IOMMU group and PCIe links', () => {
    const pci = parseNodeDeviceXml(SRIOV).capabilities?.[0];
    expect(pci?.capabilities?.[0]?.type).toBe('virt_functions');
    expect(pci?.capabilities?.[0]?.maxCount).toBe(7);
    expect(pci?.capabilities?.[0]?.addresses?.[1]).toEqual({ domain: 0, bus: 2, slot: 0x10, function: 2 });
    expect(pci?.iommuGroup?.number).toBe(12);
    expect(pci?.numa?.node).toBe(0);
    expect(pci?.pciExpress?.links?.[0]).toEqual({ validity: 'cap', port: 1, speed: '2.5', width: 1 });
  });

  it('types storage with removable media; a named bus stays text', () => {
    const dev = parseNodeDeviceXml(STORAGE);
    expect(dev.devnodes).toEqual([
      { type: 'dev', value: '/dev/sr0' },
      { type: 'link', value: '/dev/disk/by-id/ata-QEMU_DVD-ROM_QM00003' },
    ]);
    const storage = dev.capabilities?.[0];
    expect(storage?.bus).toBe('ata');
    expect(storage?.vendor).toEqual({ value: 'QEMU' });
    expect(storage?.capabilities?.[0]).toMatchObject({
      type: 'removable',
      mediaAvailable: true,
      mediaSize: 2048,
      mediaLabel: 'Debian 12',
    });
  });

  it('types mediated devices and their parent types', () => {
    const mdev = parseNodeDeviceXml(`<device>
  <name>mdev_4b20d080_1b54_4048_85b3_a6a62d165c01</name>
  <parent>pci_0000_00_02_0</parent>
  <capability type='mdev'>
    <type id='i915-GVTg_V5_4'/>
    <uuid>4b20d080-1b54-4048-85b3-a6a62d165c01</uuid>
    <iommuGroup number='3'/>
    <attr name='assign_memory' value='1'/>
    <start type='auto'/>
  </capability>
</device>`);
    expect(listUnknown(mdev)).toEqual([]);
    expect(mdev.capabilities?.[0]).toEqual({
      type: 'mdev',
      deviceType: { id: 'i915-GVTg_V5_4' },
      uuid: '4b20d080-1b54-4048-85b3-a6a62d165c01',
      iommuGroup: { number: 3 },
      attrs: [{ name: 'assign_memory', value: '1' }],
      start: { type: 'auto' },
    });
    const parent = parseNodeDeviceXml(`<device>
  <name>css_0_0_0052</name>
  <capability type='css'>
    <cssid>0x0</cssid>
    <ssid>0x0</ssid>
    <devno>0x0052</devno>
    <capability type='mdev_types'>
      <type id='vfio_ccw-io'>
        <name>I/O subchannel (Non-QDIO)</name>
        <deviceAPI>vfio-ccw</deviceAPI>
        <availableInstances>1</availableInstances>
      </type>
    </capability>
  </capability>
</device>`);
    expect(listUnknown(parent)).toEqual([]);
    const css = parent.capabilities?.[0];
    expect(css).toMatchObject({ cssid: 0, ssid: 0, devno: 0x52 });
    expect(css?.capabilities?.[0]?.types).toEqual([
      { id: 'vfio_ccw-io', name: 'I/O subchannel (Non-QDIO)', deviceAPI: 'vfio-ccw', availableInstances: 1 },
    ]);
    expect(buildNodeDeviceXml(parent)).toContain('<devno>0x0052</devno>');
  });

  it('builds a hand-made vHBA definition', () => {
    const def: NodeDeviceDef = {
      capabilities: [
        {
          type: 'scsi_host',
          capabilities: [{ type: 'fc_host', wwnn: '20000000c9831b4b', wwpn: '10000000c9831b4b' }],
        },
      ],
      parent: { fabricWwn: '2000000043214321' },
    };
    expect(buildNodeDeviceXml(def)).toBe(
      [
        '<device>',
        '  <parent fabric_wwn="2000000043214321"/>',
        '  <capability type="scsi_host">',
        '    <capability type="fc_host">',
        '      <wwnn>20000000c9831b4b</wwnn>',
        '      <wwpn>10000000c9831b4b</wwpn>',
        '    </capability>',
        '  </capability>',
        '</device>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseNodeDeviceXml('<domain/>')).toThrow(XmlWrongKindError);
    expect(() => buildNodeDeviceXml({ capabilities: [{ type: 'pci', bus: -1 }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/device/capability[1]/bus/text()' }),
    );
  });
});
