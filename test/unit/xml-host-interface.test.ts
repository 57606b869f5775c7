/**
 * The host interface kind (interface.rng) and HostInterfaceBuilder: libvirtd's and the test driver's documents,
 * the shapes of libvirt's own interface schema tests (bridge over a bond, VLAN, IPv6, ARP-monitored bond), and
 * the builder's output and input checks. virt-xml-validate checks of the builder's output are in
 * test/driver/xml-validate-interface-nwfilter.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildInterfaceXml,
  HostInterfaceBuilder,
  type InterfaceDef,
  listUnknown,
  parseInterfaceXml,
  XmlError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/interface/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// The shapes of libvirt's tests/interfaceschemadata (bridge-bond, vlan, ipv6-*, bond-arp), with other values.
const BRIDGE_BOND = `<interface type='bridge' name='br0'>
  <start mode='onboot'/>
  <mtu size='1500'/>
  <protocol family='ipv4'>
    <dhcp peerdns='no'/>
  </protocol>
  <protocol family='ipv6'>
    <autoconf/>
    <dhcp/>
    <ip address='2001:db8::10' prefix='64'/>
    <route gateway='2001:db8::1'/>
  </protocol>
  <bridge stp='off' delay='0.01'>
    <interface type='ethernet' name='eth2'>
      <mac address='52:54:00:12:34:56'/>
    </interface>
    <interface type='bond' name='bond0'>
      <bond mode='active-backup'>
        <miimon freq='100' updelay='10' carrier='ioctl'/>
        <interface type='ethernet' name='eth1'/>
        <interface type='ethernet' name='eth0'/>
      </bond>
    </interface>
    <interface type='vlan' name='eth3.42'>
      <vlan tag='42'>
        <interface name='eth3'/>
      </vlan>
    </interface>
  </bridge>
</interface>`;

const BOND_ARP = `<interface type='bond' name='bond1'>
  <start mode='hotplug'/>
  <protocol family='ipv4'>
    <ip address='198.51.100.7' prefix='24'/>
    <ip address='198.51.100.8'/>
    <route gateway='198.51.100.1'/>
  </protocol>
  <link speed='1000' state='up'/>
  <bond mode='802.3ad'>
    <arpmon interval='100' target='198.51.100.1' validate='active'/>
    <interface type='ethernet' name='eth4'/>
    <interface type='ethernet' name='eth5'/>
  </bond>
</interface>`;

describe('host interface kind', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const def = parseInterfaceXml(xml);
    expect(listUnknown(def)).toEqual([]);
    const rebuilt = buildInterfaceXml(def);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseInterfaceXml(rebuilt)).toEqual(def);
  });

  it("types libvirtd's report of an ethernet device", () => {
    const def = parseInterfaceXml(readFileSync(new URL('libvirtd-lo.xml', DIR), 'utf8'));
    expect(def).toMatchObject({ type: 'ethernet', name: 'lo', mac: { address: '00:00:00:00:00:00' } });
    expect(typeof def.mtu?.size).toBe('number');
    expect(def.link?.state).toBeTypeOf('string');
  });

  it('types a bridge over an ethernet, a bond and a VLAN, with IPv4 DHCP and IPv6', () => {
    const def = parseInterfaceXml(BRIDGE_BOND);
    expect(listUnknown(def)).toEqual([]);
    expect(def.type).toBe('bridge');
    expect(def.start).toEqual({ mode: 'onboot' });
    expect(def.mtu).toEqual({ size: 1500 });
    expect(def.protocols).toEqual([
      { family: 'ipv4', dhcp: { peerdns: false } },
      {
        family: 'ipv6',
        autoconf: true,
        dhcp: {},
        ips: [{ address: '2001:db8::10', prefix: 64 }],
        route: { gateway: '2001:db8::1' },
      },
    ]);
    expect(def.bridge?.stp).toBe(false);
    expect(def.bridge?.delay).toBe(0.01);
    const [eth, bond, vlan] = def.bridge?.interfaces ?? [];
    expect(eth).toEqual({ type: 'ethernet', name: 'eth2', mac: { address: '52:54:00:12:34:56' } });
    expect(bond?.bond).toEqual({
      mode: 'active-backup',
      miimon: { freq: 100, updelay: 10, carrier: 'ioctl' },
      interfaces: [
        { type: 'ethernet', name: 'eth1' },
        { type: 'ethernet', name: 'eth0' },
      ],
    });
    expect(vlan?.vlan).toEqual({ tag: 42, interface: { name: 'eth3' } });
    expect(xmlDifferences(BRIDGE_BOND, buildInterfaceXml(def))).toEqual([]);
  });

  it('types an ARP-monitored bond with static addresses and its link', () => {
    const def = parseInterfaceXml(BOND_ARP);
    expect(listUnknown(def)).toEqual([]);
    expect(def.link).toEqual({ speed: 1000, state: 'up' });
    expect(def.bond?.arpmon).toEqual({ interval: 100, target: '198.51.100.1', validate: 'active' });
    expect(def.protocols?.[0]?.ips).toEqual([
      { address: '198.51.100.7', prefix: 24 },
      { address: '198.51.100.8' },
    ]);
    expect(xmlDifferences(BOND_ARP, buildInterfaceXml(def))).toEqual([]);
  });

  it('builds a plain object', () => {
    const def: InterfaceDef = {
      type: 'vlan',
      name: 'eth0.7',
      start: { mode: 'none' },
      vlan: { tag: 7, interface: { name: 'eth0' } },
    };
    expect(buildInterfaceXml(def)).toBe(
      '<interface type="vlan" name="eth0.7">\n  <start mode="none"/>\n  <vlan tag="7">\n    <interface name="eth0"/>\n  </vlan>\n</interface>\n',
    );
  });

  it('keeps values outside the grammar losslessly and lists them', () => {
    const xml = `<interface type='ethernet' name='eth0'><start mode='manual'/><link state='sleepy'/></interface>`;
    const def = parseInterfaceXml(xml);
    expect(listUnknown(def).sort()).toEqual(['/interface/link/@state', '/interface/start/@mode']);
    expect(xmlDifferences(xml, buildInterfaceXml(def))).toEqual([]);
  });
});

describe('HostInterfaceBuilder', () => {
  it('builds a bridge over an ethernet device with start mode, MTU and addressing', () => {
    const def = HostInterfaceBuilder.bridge('br0', { stp: false, delay: 0 })
      .member('eth0')
      .startMode('onboot')
      .mtu(1500)
      .dhcp({ peerdns: false })
      .ip('2001:db8::5', 64)
      .gateway('2001:db8::1')
      .autoconf()
      .build();
    expect(listUnknown(def)).toEqual([]);
    expect(buildInterfaceXml(def)).toBe(`<interface type="bridge" name="br0">
  <start mode="onboot"/>
  <mtu size="1500"/>
  <protocol family="ipv4">
    <dhcp peerdns="no"/>
  </protocol>
  <protocol family="ipv6">
    <autoconf/>
    <ip address="2001:db8::5" prefix="64"/>
    <route gateway="2001:db8::1"/>
  </protocol>
  <bridge stp="off" delay="0">
    <interface type="ethernet" name="eth0"/>
  </bridge>
</interface>
`);
  });

  it('builds a bond of two with MII monitoring and a static address', () => {
    const def = HostInterfaceBuilder.bond('bond0', {
      mode: 'active-backup',
      slaves: ['eth1', 'eth2'],
      miimon: { freq: 100, updelay: 200, carrier: 'netif' },
    })
      .startMode('onboot')
      .ip('198.51.100.7', 24)
      .gateway('198.51.100.1')
      .build();
    expect(def).toEqual({
      type: 'bond',
      name: 'bond0',
      start: { mode: 'onboot' },
      protocols: [
        {
          family: 'ipv4',
          ips: [{ address: '198.51.100.7', prefix: 24 }],
          route: { gateway: '198.51.100.1' },
        },
      ],
      bond: {
        mode: 'active-backup',
        miimon: { freq: 100, updelay: 200, carrier: 'netif' },
        interfaces: [
          { type: 'ethernet', name: 'eth1' },
          { type: 'ethernet', name: 'eth2' },
        ],
      },
    });
  });

  it('nests a bond and a VLAN in a bridge, and builds ethernet and VLAN interfaces', () => {
    const br = HostInterfaceBuilder.bridge('br1')
      .member({
        type: 'bond',
        name: 'bond1',
        slaves: ['eth1'],
        arpmon: { interval: 50, target: '192.0.2.1' },
      })
      .member({ type: 'vlan', device: 'eth2', tag: 10 })
      .member({ type: 'ethernet', name: 'eth3', mac: '52:54:00:00:00:03' })
      .build();
    expect(br.bridge?.interfaces?.map((i) => i.name)).toEqual(['bond1', 'eth2.10', 'eth3']);
    expect(HostInterfaceBuilder.vlan('eth0', 42).build()).toEqual({
      type: 'vlan',
      name: 'eth0.42',
      vlan: { tag: 42, interface: { name: 'eth0' } },
    });
    expect(HostInterfaceBuilder.ethernet('eth0', { mac: '52:54:00:00:00:01' }).mtu(9000).build()).toEqual({
      type: 'ethernet',
      name: 'eth0',
      mac: { address: '52:54:00:00:00:01' },
      mtu: { size: 9000 },
    });
  });

  it('refuses bad input with XmlError BAD_INPUT naming the argument', () => {
    const bad = (f: () => unknown, message: RegExp) => {
      const err = (() => {
        try {
          f();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(XmlError);
      expect((err as XmlError).code).toBe('BAD_INPUT');
      expect((err as Error).message).toMatch(message);
    };
    bad(() => HostInterfaceBuilder.bridge('br 0'), /bridge name/);
    bad(() => HostInterfaceBuilder.bond('bond0', { slaves: [] }), /at least one slave/);
    bad(
      () =>
        HostInterfaceBuilder.bond('bond0', {
          slaves: ['eth0'],
          miimon: { freq: 1 },
          arpmon: { interval: 1, target: '192.0.2.1' },
        }),
      /miimon or arpmon/,
    );
    bad(() => HostInterfaceBuilder.bond('b', { slaves: ['e'], mode: 'fast' as never }), /bond mode/);
    bad(() => HostInterfaceBuilder.vlan('eth0', 4096), /vlan tag/);
    bad(() => HostInterfaceBuilder.ethernet('eth0').mtu(0), /mtu/);
    bad(() => HostInterfaceBuilder.ethernet('eth0').ip('192.0.2.1', 33), /ip prefix/);
    bad(() => HostInterfaceBuilder.ethernet('eth0').ip('not-an-ip'), /ip address/);
    bad(() => HostInterfaceBuilder.ethernet('eth0', { mac: 'zz' }), /mac/);
    bad(() => HostInterfaceBuilder.ethernet('eth0').member('eth1'), /for bridges/);
    bad(() => HostInterfaceBuilder.ethernet('eth0').startMode('always' as never), /start mode/);
  });
});
