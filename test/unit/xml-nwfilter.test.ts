/**
 * The nwfilter and nwfilterbinding kinds (nwfilter.rng, nwfilterbinding.rng) and NWFilterBuilder: libvirtd's
 * documents, the shapes of libvirt's nwfilterxml2xml tests (ipset, variables, hex values), typed values, and the
 * builder's output and input checks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildNWFilterBindingXml,
  buildNWFilterXml,
  listUnknown,
  NWFilterBuilder,
  type NWFilterDef,
  parseNWFilterBindingXml,
  parseNWFilterXml,
  XmlError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const FILTERS = new URL('../fixtures/xml/nwfilter/', import.meta.url);
const BINDINGS = new URL('../fixtures/xml/nwfilterbinding/', import.meta.url);
const xmlFiles = (dir: URL) => readdirSync(dir).filter((f) => f.endsWith('.xml'));

// The shapes of libvirt's tests/nwfilterxml2xmlin (ipset-test, conntrack, hex data, stp), other values.
const MIXED = `<filter name='testcase' chain='ipv4-web' priority='-650'>
  <uuid>5c6d49af-b071-6127-b4ec-6f8ed4b55335</uuid>
  <filterref filter='clean-traffic'>
    <parameter name='IP' value='203.0.113.5'/>
    <parameter name='IP' value='203.0.113.6'/>
  </filterref>
  <rule action='accept' direction='out' priority='-100' statematch='false'>
    <all ipset='test:_.-+' ipsetflags='src,dst' state='NONE' comment='out+NONE'/>
  </rule>
  <rule action='drop' direction='in'>
    <mac protocolid='0x0806' srcmacaddr='$MAC' srcmacmask='ff:ff:ff:ff:ff:ff'/>
  </rule>
  <rule action='continue' direction='inout'>
    <tcp srcipaddr='$IP[@1]' srcipmask='255.255.255.0' dstportstart='0x50' dstportend='$PORTS' flags='SYN,ACK/ACK' connlimit-above='2'/>
  </rule>
  <rule action='return' direction='in'>
    <icmpv6 srcipaddr='2001:db8::' srcipmask='32' type='135' code='0'/>
  </rule>
  <rule action='reject' direction='out'>
    <ipv6 protocol='58' typeend='255'/>
  </rule>
</filter>`;

describe('nwfilter kind', () => {
  it.each(xmlFiles(FILTERS))('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, FILTERS), 'utf8');
    const def = parseNWFilterXml(xml);
    expect(listUnknown(def)).toEqual([]);
    const rebuilt = buildNWFilterXml(def);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseNWFilterXml(rebuilt)).toEqual(def);
  });

  it('types rules: actions, priorities, protocol matches, variables and hex values', () => {
    const def = parseNWFilterXml(MIXED);
    expect(listUnknown(def)).toEqual([]);
    expect(def).toMatchObject({ name: 'testcase', chain: 'ipv4-web', priority: -650 });
    expect(def.filterrefs).toEqual([
      {
        filter: 'clean-traffic',
        parameters: [
          { name: 'IP', value: '203.0.113.5' },
          { name: 'IP', value: '203.0.113.6' },
        ],
      },
    ]);
    const [all, mac, tcp, icmpv6, ipv6] = def.rules ?? [];
    expect(all).toMatchObject({ action: 'accept', direction: 'out', priority: -100, statematch: false });
    expect(all?.all).toEqual({
      ipset: 'test:_.-+',
      ipsetflags: 'src,dst',
      state: 'NONE',
      comment: 'out+NONE',
    });
    expect(mac?.mac).toMatchObject({
      protocolid: 0x806,
      srcmacaddr: '$MAC',
      srcmacmask: 'ff:ff:ff:ff:ff:ff',
    });
    expect(tcp?.tcp).toMatchObject({
      srcipaddr: '$IP[@1]',
      srcipmask: '255.255.255.0',
      dstportstart: 80,
      dstportend: '$PORTS',
      flags: 'SYN,ACK/ACK',
      connlimitAbove: 2,
    });
    expect(icmpv6?.icmpv6).toEqual({ srcipaddr: '2001:db8::', srcipmask: 32, type: 135, code: 0 });
    expect(ipv6?.ipv6).toEqual({ protocol: 58, typeend: 255 });
    // Hex spellings are kept while the value is unchanged.
    const rebuilt = buildNWFilterXml(def);
    expect(rebuilt).toContain('protocolid="0x0806"');
    expect(rebuilt).toContain('dstportstart="0x50"');
    expect(xmlDifferences(MIXED, rebuilt)).toEqual([]);
  });

  it('types the protocol names libvirt writes as names', () => {
    const def = parseNWFilterXml(readFileSync(new URL('libvirtd-l2.xml', FILTERS), 'utf8'));
    const rules = def.rules ?? [];
    expect(rules[0]?.mac?.protocolid).toBe('ipv4');
    expect(rules[2]?.vlan).toMatchObject({ vlanid: 42, encapProtocol: 'ipv4' });
    expect(rules[4]?.ip).toMatchObject({ srcipaddr: '$IP', protocol: 'udp', srcportstart: 68, dscp: 8 });
  });

  it('refuses values outside the grammar when building, naming the path', () => {
    const def: NWFilterDef = {
      name: 'f',
      rules: [{ action: 'accept', direction: 'in', tcp: { dstportstart: 70000 } }],
    };
    expect(() => buildNWFilterXml(def)).toThrow(XmlError);
    expect(() => buildNWFilterXml(def)).toThrow(/dstportstart/);
    expect(() =>
      buildNWFilterXml({ name: 'f', rules: [{ action: 'accept', direction: 'in', priority: 1001 }] }),
    ).toThrow(/priority/);
  });

  it('keeps a chain outside the grammar losslessly and lists it', () => {
    const xml = `<filter name='f' chain='bogus'><rule action='accept' direction='in'><tcp dstportstart='$P'/></rule></filter>`;
    const def = parseNWFilterXml(xml);
    expect(listUnknown(def)).toEqual(['/filter/@chain']);
    expect(def.rules?.[0]?.tcp?.dstportstart).toBe('$P');
    expect(xmlDifferences(xml, buildNWFilterXml(def))).toEqual([]);
  });
});

describe('nwfilterbinding kind', () => {
  it.each(xmlFiles(BINDINGS))('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, BINDINGS), 'utf8');
    const def = parseNWFilterBindingXml(xml);
    expect(listUnknown(def)).toEqual([]);
    const rebuilt = buildNWFilterBindingXml(def);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseNWFilterBindingXml(rebuilt)).toEqual(def);
  });

  it('types a binding made by hand on a port device nobody has', () => {
    const def = parseNWFilterBindingXml(readFileSync(new URL('libvirtd-top.xml', BINDINGS), 'utf8'));
    expect(def).toMatchObject({
      owner: { name: 'lvts-corpus-owner', uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a12' },
      portdev: { name: 'lvtscorp0' },
      linkdev: { name: 'lvtscorplink0' },
      mac: { address: '52:54:00:aa:bb:02' },
      filterref: { filter: 'lvts-corpus-f-top' },
    });
    expect(def.filterref?.parameters).toHaveLength(2);
  });

  it("types the binding libvirt made for a guest NIC's filterref, MAC parameter added", () => {
    const def = parseNWFilterBindingXml(readFileSync(new URL('libvirtd-guest-port.xml', BINDINGS), 'utf8'));
    expect(def.owner?.name).toBe('lvts-corpus-backup');
    expect(def.portdev?.name).toMatch(/^vnet\d+$/);
    expect(def.filterref).toEqual({
      filter: 'lvts-corpus-f-top',
      parameters: [
        { name: 'IP', value: '203.0.113.12' },
        { name: 'MAC', value: '52:54:00:aa:bb:03' },
      ],
    });
  });

  it('builds a plain object', () => {
    expect(
      buildNWFilterBindingXml({
        owner: { name: 'vm', uuid: 'd217f2d7-5a04-4e01-8b98-6b1ae6ed6a6a' },
        portdev: { name: 'vnet0' },
        mac: { address: '52:54:00:00:00:01' },
        filterref: { filter: 'clean-traffic', parameters: [{ name: 'IP', value: '203.0.113.5' }] },
      }),
    ).toBe(`<filterbinding>
  <owner>
    <name>vm</name>
    <uuid>d217f2d7-5a04-4e01-8b98-6b1ae6ed6a6a</uuid>
  </owner>
  <portdev name="vnet0"/>
  <mac address="52:54:00:00:00:01"/>
  <filterref filter="clean-traffic">
    <parameter name="IP" value="203.0.113.5"/>
  </filterref>
</filterbinding>
`);
  });
});

describe('NWFilterBuilder', () => {
  it('builds a rule set with a filterref, protocol matches, priorities and directions', () => {
    const def = new NWFilterBuilder('web-in', { chain: 'ipv4', priority: -700 })
      .filterref('clean-traffic', { IP: ['203.0.113.5', '203.0.113.6'], MAC: '52:54:00:00:00:01' })
      .rule('accept', 'in', 'tcp', { dstportstart: 443, state: 'NEW,ESTABLISHED' }, { priority: 100 })
      .rule('accept', 'out', 'udp', { dstipaddr: '$DNS', dstportstart: 53 })
      .rule('accept', 'inout', 'icmp', { type: 8 }, { statematch: false })
      .rule('accept', 'out', 'arp', { opcode: 'Request', arpsrcipaddr: '$IP' })
      .rule('drop', 'in', 'mac', { protocolid: 'ipv6' })
      .rule('drop', 'inout', 'all', {}, { priority: 1000 })
      .build();
    expect(listUnknown(def)).toEqual([]);
    expect(buildNWFilterXml(def)).toBe(`<filter name="web-in" chain="ipv4" priority="-700">
  <filterref filter="clean-traffic">
    <parameter name="IP" value="203.0.113.5"/>
    <parameter name="IP" value="203.0.113.6"/>
    <parameter name="MAC" value="52:54:00:00:00:01"/>
  </filterref>
  <rule action="accept" direction="in" priority="100">
    <tcp state="NEW,ESTABLISHED" dstportstart="443"/>
  </rule>
  <rule action="accept" direction="out">
    <udp dstipaddr="$DNS" dstportstart="53"/>
  </rule>
  <rule action="accept" direction="inout" statematch="false">
    <icmp type="8"/>
  </rule>
  <rule action="accept" direction="out">
    <arp opcode="Request" arpsrcipaddr="$IP"/>
  </rule>
  <rule action="drop" direction="in">
    <mac protocolid="ipv6"/>
  </rule>
  <rule action="drop" direction="inout" priority="1000">
    <all/>
  </rule>
</filter>
`);
  });

  it('a rule without a protocol matches every frame', () => {
    expect(new NWFilterBuilder('drop-all').rule('drop', 'inout').build().rules).toEqual([
      { action: 'drop', direction: 'inout' },
    ]);
  });

  it('refuses bad input with XmlError naming it', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(XmlError);
        return `${(e as XmlError).code}: ${(e as Error).message}`;
      }
      return undefined;
    };
    expect(code(() => new NWFilterBuilder('bad name'))).toMatch(/BAD_INPUT: filter name/);
    expect(code(() => new NWFilterBuilder('f', { chain: 'ipx' as never }))).toMatch(
      /BAD_INPUT: filter chain/,
    );
    expect(code(() => new NWFilterBuilder('f', { chain: 'ipv4-much-too-long' }))).toMatch(/filter chain/);
    expect(code(() => new NWFilterBuilder('f', { priority: 2000 }))).toMatch(/BAD_INPUT: filter priority/);
    expect(code(() => new NWFilterBuilder('f').rule('allow' as never, 'in'))).toMatch(/rule action/);
    expect(code(() => new NWFilterBuilder('f').rule('accept', 'up' as never))).toMatch(/rule direction/);
    expect(code(() => new NWFilterBuilder('f').rule('accept', 'in', 'http' as never))).toMatch(
      /rule protocol/,
    );
    expect(code(() => new NWFilterBuilder('f').filterref('g', { 'a-b': '1' }))).toMatch(/parameter name/);
    expect(code(() => new NWFilterBuilder('f').filterref('g', { IP: 'a b' }))).toMatch(/value/);
    expect(
      code(() => new NWFilterBuilder('f').rule('accept', 'in', 'tcp', { dstportstart: -1 }).build()),
    ).toMatch(/dstportstart/);
    expect(
      code(() =>
        new NWFilterBuilder('f').rule('accept', 'in', 'tcp', { srcipaddr: 'not an ip' as string }).build(),
      ),
    ).toMatch(/srcipaddr/);
  });
});
