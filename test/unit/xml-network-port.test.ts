import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildNetworkPortXml,
  listUnknown,
  type NetworkPortDef,
  parseNetworkPortXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/networkport/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// `virsh net-port-dumpxml` of libvirt 9.0 on this machine, and an SR-IOV port as libvirt's formatnetworkport shows.
const BRIDGE = `<networkport>
  <uuid>290a707d-22fe-4b07-86db-ca8066039780</uuid>
  <owner>
    <name>lvts-corpus-owner</name>
    <uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11</uuid>
  </owner>
  <mac address='52:54:00:aa:bb:01'/>
  <bandwidth>
    <inbound average='1000' peak='2000' burst='512'/>
    <outbound average='500'/>
  </bandwidth>
  <plug type='network' bridge='lvtsc0'/>
</networkport>`;

const HOSTDEV = `<networkport>
  <uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a12</uuid>
  <owner>
    <name>myguest</name>
    <uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11</uuid>
  </owner>
  <group>webfront</group>
  <mac address='52:54:00:7b:35:93'/>
  <vlan>
    <tag id='42'/>
  </vlan>
  <rxfilters trustGuest='yes'/>
  <plug type='hostdev-pci' managed='yes'>
    <driver name='vfio'/>
    <address domain='0x0001' bus='0x02' slot='0x10' function='0x3'/>
  </plug>
</networkport>`;

describe('network port', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const port = parseNetworkPortXml(xml);
    expect(listUnknown(port)).toEqual([]);
    const rebuilt = buildNetworkPortXml(port);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseNetworkPortXml(rebuilt)).toEqual(port);
  });

  it('types a bridged port', () => {
    const port = parseNetworkPortXml(BRIDGE);
    expect(listUnknown(port)).toEqual([]);
    expect(port).toEqual({
      uuid: '290a707d-22fe-4b07-86db-ca8066039780',
      owner: { name: 'lvts-corpus-owner', uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11' },
      mac: { address: '52:54:00:aa:bb:01' },
      bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 }, outbound: { average: 500 } },
      plug: { type: 'network', bridge: 'lvtsc0' },
    });
  });

  it('types an SR-IOV port', () => {
    const port = parseNetworkPortXml(HOSTDEV);
    expect(listUnknown(port)).toEqual([]);
    expect(port.group).toBe('webfront');
    expect(port.vlan?.tags).toEqual([{ id: 42 }]);
    expect(port.rxfilters?.trustGuest).toBe(true);
    expect(port.plug).toEqual({
      type: 'hostdev-pci',
      managed: true,
      driver: { name: 'vfio' },
      address: { domain: 1, bus: 2, slot: 0x10, function: 3 },
    });
    expect(xmlDifferences(HOSTDEV, buildNetworkPortXml(port))).toEqual([]);
  });

  it('builds a hand-made port in libvirt order', () => {
    const def: NetworkPortDef = {
      plug: { type: 'direct', dev: 'eth0', mode: 'vepa' },
      mac: { address: '52:54:00:00:00:01' },
      owner: { uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11', name: 'vm1' },
      uuid: '290a707d-22fe-4b07-86db-ca8066039780',
    };
    expect(buildNetworkPortXml(def)).toBe(
      [
        '<networkport>',
        '  <uuid>290a707d-22fe-4b07-86db-ca8066039780</uuid>',
        '  <owner>',
        '    <name>vm1</name>',
        '    <uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11</uuid>',
        '  </owner>',
        '  <mac address="52:54:00:00:00:01"/>',
        '  <plug type="direct" dev="eth0" mode="vepa"/>',
        '</networkport>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseNetworkPortXml('<network/>')).toThrow(XmlWrongKindError);
    expect(() => buildNetworkPortXml({ plug: { type: 'tap' as 'network' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/networkport/plug/@type' }),
    );
  });
});
