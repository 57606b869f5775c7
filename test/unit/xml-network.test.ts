import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildNetworkXml,
  listUnknown,
  type NetworkDef,
  parseNetworkXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = fileURLToPath(new URL('../fixtures/xml/network/', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
const fixture = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');

describe('network: the corpus', () => {
  it.each(fixtures)('%s reads fully typed and round-trips', (file) => {
    const xml = fixture(file);
    const net = parseNetworkXml(xml);
    expect(listUnknown(net)).toEqual([]);
    expect(xmlDifferences(xml, buildNetworkXml(net))).toEqual([]);
    expect(parseNetworkXml(buildNetworkXml(net))).toEqual(net);
  });
});

describe('network: typed fields', () => {
  it('reads bridge, dns records, ip with dhcp ranges, hosts, bootp, tftp and routes', () => {
    const net = parseNetworkXml(fixture('libvirtd-isolated-ipv4-dhcp.xml'));
    expect(net.forward).toBeUndefined();
    expect(net.bridge).toEqual({ name: 'lvtsc1', stp: true, delay: 0 });
    expect(net.domain).toEqual({ name: 'corpus.example' });
    expect(net.dns).toEqual({
      enable: true,
      forwardPlainNames: false,
      forwarders: [{ addr: '192.0.2.53' }, { domain: 'example.com', addr: '198.51.100.53' }],
      txts: [{ name: 'example', value: 'example value' }],
      srvs: [
        {
          service: 'name',
          protocol: 'tcp',
          domain: 'corpus.example',
          target: '.',
          port: 1024,
          priority: 10,
          weight: 10,
        },
      ],
      hosts: [{ ip: '192.0.2.10', hostnames: ['web', 'www'] }],
    });
    const [v4, v6] = net.ips ?? [];
    expect(v4).toMatchObject({
      address: '192.0.2.1',
      netmask: '255.255.255.0',
      localPtr: true,
      tftp: { root: '/srv/tftp' },
    });
    expect(v4?.dhcp).toEqual({
      ranges: [{ start: '192.0.2.100', end: '192.0.2.200', lease: { expiry: 1, unit: 'hours' } }],
      hosts: [{ mac: '52:54:00:00:00:99', name: 'fixed', ip: '192.0.2.99' }],
      bootp: { file: 'pxelinux.0', server: '192.0.2.1' },
    });
    expect(v6).toMatchObject({ family: 'ipv6', prefix: 64 });
    expect(v6?.dhcp?.hosts?.[0]?.id).toBe('0:4:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:63');
    expect(net.routes).toEqual([
      { address: '198.51.100.0', prefix: 24, gateway: '192.0.2.2' },
      { family: 'ipv6', address: '2001:db8:ca2:3::', prefix: 64, gateway: '2001:db8:ca2:2::2', metric: 2 },
    ]);
  });

  it('reads nat ranges and macTableManager', () => {
    const net = parseNetworkXml(fixture('libvirtd-nat.xml'));
    expect(net.forward).toEqual({
      mode: 'nat',
      nat: { address: { start: '203.0.113.1', end: '203.0.113.10' }, port: { start: 1024, end: 65535 } },
    });
    expect(net.bridge?.macTableManager).toBe('libvirt');
  });

  it('reads macvtap and hostdev forwards with their devices', () => {
    expect(parseNetworkXml(fixture('libvirtd-passthrough.xml')).forward).toEqual({
      dev: 'eth0',
      mode: 'passthrough',
      interfaces: [{ dev: 'eth0' }, { dev: 'eth1' }],
    });
    expect(parseNetworkXml(fixture('libvirtd-hostdev-pf.xml')).forward).toEqual({
      mode: 'hostdev',
      managed: true,
      pf: { dev: 'eth3' },
    });
    const vfs = parseNetworkXml(`<network><name>vf</name><forward mode='hostdev' managed='no'>
  <driver name='vfio'/>
  <address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x1' connections='1'/>
</forward></network>`);
    expect(listUnknown(vfs)).toEqual([]);
    expect(vfs.forward?.addresses).toEqual([
      { type: 'pci', domain: 0, bus: 4, slot: 16, function: 1, connections: 1 },
    ]);
    expect(buildNetworkXml(vfs)).toContain(
      `<address type="pci" domain="0x0000" bus="0x04" slot="0x10" function="0x1" connections="1"/>`,
    );
  });

  it('reads portgroups with vlan, virtualport and bandwidth', () => {
    const net = parseNetworkXml(fixture('libvirtd-bridge-ovs.xml'));
    expect(net.vlan).toEqual({ trunk: true, tags: [{ id: 42, nativeMode: 'untagged' }, { id: 47 }] });
    expect(net.virtualport).toEqual({ type: 'openvswitch' });
    expect(net.portgroups).toEqual([
      { name: 'dontpanic', default: true, vlan: { tags: [{ id: 42 }] } },
      {
        name: 'restricted',
        bandwidth: {
          inbound: { average: 1000, peak: 5000, burst: 1024 },
          outbound: { average: 128, peak: 256, burst: 256 },
        },
      },
    ]);
    const qbg = parseNetworkXml(fixture('libvirtd-vepa.xml'));
    expect(qbg.virtualport?.parameters).toEqual({
      managerid: 11,
      typeid: 1193047,
      typeidversion: 2,
      instanceid: '09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f',
    });
  });

  it('keeps metadata raw and reads mtu, zone, domain localOnly', () => {
    const net = parseNetworkXml(fixture('libvirtd-mtu-domain-nat.xml'));
    expect(net.metadata?.[0]).toMatchObject({
      name: 'lvts:info',
      attrs: { 'xmlns:lvts': 'https://example.com/lvts' },
    });
    expect(net.mtu).toEqual({ size: 1400 });
    expect(net.bridge?.zone).toBe('trusted');
    expect(net.domain).toEqual({ name: 'lvts.example', localOnly: false });
  });

  it('reads the live attributes, port isolation and dnsmasq options', () => {
    const net = parseNetworkXml(`<network connections='2' ipv6='yes' trustGuestRxFilters='no'
        xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'>
  <name>live</name>
  <bandwidth classID='2'><inbound average='100' floor='50'/></bandwidth>
  <port isolated='yes'/>
  <dnsmasq:options><dnsmasq:option value='foo=bar'/><dnsmasq:option value='cname=*.foo.example,master.example'/></dnsmasq:options>
</network>`);
    expect(listUnknown(net)).toEqual([]);
    expect(net).toMatchObject({
      connections: 2,
      ipv6: true,
      trustGuestRxFilters: false,
      port: { isolated: true },
    });
    expect(net.bandwidth).toEqual({ classID: 2, inbound: { average: 100, floor: 50 } });
    expect(net.dnsmasqOptions?.options?.map((o) => o.value)).toEqual([
      'foo=bar',
      'cname=*.foo.example,master.example',
    ]);
  });
});

describe('network: build', () => {
  it('writes a plain object in libvirt order, declaring dnsmasq when used', () => {
    const def: NetworkDef = {
      dnsmasqOptions: { options: [{ value: 'log-queries' }] },
      ips: [
        { address: '192.0.2.1', prefix: 24, dhcp: { ranges: [{ start: '192.0.2.10', end: '192.0.2.20' }] } },
      ],
      bridge: { name: 'virbr7', stp: true },
      forward: { mode: 'nat' },
      name: 'lab',
    };
    expect(
      buildNetworkXml(def),
    ).toBe(`<network xmlns:dnsmasq="http://libvirt.org/schemas/network/dnsmasq/1.0">
  <name>lab</name>
  <forward mode="nat"/>
  <bridge name="virbr7" stp="on"/>
  <ip address="192.0.2.1" prefix="24">
    <dhcp>
      <range start="192.0.2.10" end="192.0.2.20"/>
    </dhcp>
  </ip>
  <dnsmasq:options>
    <dnsmasq:option value="log-queries"/>
  </dnsmasq:options>
</network>
`);
  });

  it('escapes values so they cannot change the structure', () => {
    const xml = buildNetworkXml({ name: `a"<b>&c'`, dns: { txts: [{ name: 'x', value: '"><evil/>' }] } });
    const back = parseNetworkXml(xml);
    expect(back.name).toBe(`a"<b>&c'`);
    expect(back.dns?.txts?.[0]?.value).toBe('"><evil/>');
    expect(listUnknown(back)).toEqual([]);
  });

  it('refuses other documents', () => {
    expect(() => parseNetworkXml('<pool type="dir"><name>p</name></pool>')).toThrow(XmlWrongKindError);
  });
});
