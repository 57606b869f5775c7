/**
 * Issue 10, deliverable 2: elements users meet on daemons newer than the installed libvirt (or rarely seen), typed
 * and round-tripped: a disk source's `<dataStore>`, a PCI address's `<zpci>`, a network DHCP `<option>`, and a
 * console/serial `<source mode='connect'>`. Each reads into typed fields (listUnknown empty), builds back to the
 * same document, and a plain object builds into the expected XML.
 */
import { describe, expect, it } from 'vitest';
import {
  buildDomainXml,
  buildNetworkXml,
  type DomainDef,
  listUnknown,
  parseDomainXml,
  parseNetworkXml,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const domainWith = (devices: string): string => `<domain type='kvm'>
  <name>newer</name>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='s390x' machine='s390-ccw-virtio'>hvm</type>
  </os>
  <devices>
${devices}
  </devices>
</domain>`;

const DATA_STORE = domainWith(`    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/vm.qcow2'>
        <dataStore type='file'>
          <format type='raw'/>
          <source file='/var/lib/libvirt/images/vm.data'/>
        </dataStore>
      </source>
      <target dev='vda' bus='virtio'/>
    </disk>`);

const ZPCI = domainWith(`    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source>
        <address domain='0x0000' bus='0x00' slot='0x00' function='0x0'/>
      </source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'>
        <zpci uid='0x0003' fid='0x00000027'/>
      </address>
    </hostdev>`);

const CONNECT = domainWith(`    <serial type='tcp'>
      <source mode='connect' host='127.0.0.1' service='4555'/>
      <protocol type='telnet'/>
      <target port='0'/>
    </serial>
    <console type='unix'>
      <source mode='connect' path='/run/console.sock'/>
      <target type='virtio' port='0'/>
    </console>`);

const DHCP_OPTION = `<network>
  <name>opts</name>
  <bridge name='virbr9'/>
  <ip address='192.168.150.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.150.2' end='192.168.150.254'/>
      <option number='42' value='192.168.150.1'/>
      <option number='119' value='example.org'/>
    </dhcp>
  </ip>
</network>`;

function roundTrip<T extends object>(xml: string, parse: (x: string) => T, build: (d: T) => string): T {
  const def = parse(xml);
  expect(listUnknown(def)).toEqual([]);
  expect(xmlDifferences(xml, build(def))).toEqual([]);
  return def;
}

describe('elements newer than the installed grammar', () => {
  it('disk <source><dataStore>: typed and round-tripped', () => {
    const d = roundTrip(DATA_STORE, parseDomainXml, buildDomainXml);
    const source = d.devices?.disks?.[0]?.source;
    expect(source?.file).toBe('/var/lib/libvirt/images/vm.qcow2');
    expect(source?.dataStore).toMatchObject({
      type: 'file',
      format: { type: 'raw' },
      source: { file: '/var/lib/libvirt/images/vm.data' },
    });
  });

  it('PCI address <zpci uid fid>: typed as numbers, written in hex', () => {
    const d = roundTrip(ZPCI, parseDomainXml, buildDomainXml);
    expect(d.devices?.hostdevs?.[0]?.address?.zpci).toMatchObject({ uid: 3, fid: 0x27 });
    const built: DomainDef = {
      type: 'kvm',
      name: 'z',
      devices: {
        hostdevs: [
          {
            mode: 'subsystem',
            type: 'pci',
            address: { type: 'pci', domain: 0, bus: 0, slot: 1, function: 0, zpci: { uid: 1, fid: 0 } },
          },
        ],
      },
    };
    expect(buildDomainXml(built)).toContain(
      '<address type="pci" domain="0x0000" bus="0" slot="1" function="0x0">\n        <zpci uid="0x0001" fid="0x00000000"/>',
    );
  });

  it("serial/console <source mode='connect'>: typed and round-tripped", () => {
    const d = roundTrip(CONNECT, parseDomainXml, buildDomainXml);
    expect(d.devices?.serials?.[0]?.source).toMatchObject({
      mode: 'connect',
      host: '127.0.0.1',
      service: '4555',
    });
    expect(d.devices?.consoles?.[0]?.source).toMatchObject({ mode: 'connect', path: '/run/console.sock' });
  });

  it('network <dhcp><option number value>: typed and round-tripped', () => {
    const n = roundTrip(DHCP_OPTION, parseNetworkXml, buildNetworkXml);
    expect(n.ips?.[0]?.dhcp?.options).toEqual([
      { number: 42, value: '192.168.150.1' },
      { number: 119, value: 'example.org' },
    ]);
  });
});
