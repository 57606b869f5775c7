/**
 * Parts of the domain grammar typed for issue 10 (deliverable 2) that the recorded corpus does not show: each
 * document reads into typed fields (listUnknown empty), builds back to the same document, and the driver
 * namespaces other than QEMU's are declared when a plain object uses them.
 */
import { describe, expect, it } from 'vitest';
import { buildDomainXml, type DomainDef, listUnknown, parseDomainXml } from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const LXC = `<domain type='lxc' xmlns:lxc='http://libvirt.org/schemas/domain/lxc/1.0'>
  <name>ct</name>
  <memory unit='KiB'>524288</memory>
  <os>
    <type arch='x86_64'>exe</type>
    <init>/sbin/init</init>
    <initenv name='LANG'>C.UTF-8</initenv>
  </os>
  <features>
    <capabilities policy='default'>
      <sys_admin state='off'/>
      <net_raw state='on'/>
    </capabilities>
  </features>
  <devices>
    <hostdev mode='capabilities' type='net'>
      <source>
        <interface>eth1</interface>
      </source>
      <ip address='192.168.122.5' prefix='24'/>
      <route gateway='192.168.122.1'/>
    </hostdev>
  </devices>
  <lxc:namespace>
    <lxc:sharenet type='netns' value='red'/>
    <lxc:shareuts type='name' value='other'/>
  </lxc:namespace>
</domain>`;

const PSERIES = `<domain type='kvm'>
  <name>p</name>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='ppc64' machine='pseries'>hvm</type>
    <bios useserial='yes' rebootTimeout='-1'/>
  </os>
  <cpu>
    <numa>
      <cell id='0' cpus='0-1' memory='1048576' unit='KiB'>
        <cache level='1' associativity='direct' policy='writeback'>
          <size value='10' unit='KiB'/>
          <line value='8' unit='B'/>
        </cache>
      </cell>
    </numa>
  </cpu>
  <devices>
    <controller type='pci' index='1' model='pci-expander-bus'>
      <model name='pxb'/>
      <target busNr='254'>
        <node>0</node>
      </target>
    </controller>
    <interface type='bridge'>
      <source bridge='br0'/>
      <rom bar='off' enabled='no'/>
    </interface>
    <nvram>
      <address type='spapr-vio' reg='0x3000'/>
    </nvram>
  </devices>
</domain>`;

describe('domain grammar parts typed for the schema coverage', () => {
  it('LXC: capabilities, initenv, hostdev ip/route, lxc:namespace', () => {
    const d = parseDomainXml(LXC);
    expect(listUnknown(d)).toEqual([]);
    expect(xmlDifferences(LXC, buildDomainXml(d))).toEqual([]);
    expect(d.features?.capabilities).toMatchObject({
      policy: 'default',
      sysAdmin: { state: false },
      netRaw: { state: true },
    });
    expect(d.os?.initenvs).toEqual([{ name: 'LANG', value: 'C.UTF-8' }]);
    expect(d.devices?.hostdevs?.[0]).toMatchObject({
      ips: [{ address: '192.168.122.5', prefix: 24 }],
      routes: [{ gateway: '192.168.122.1' }],
    });
    expect(d.lxcNamespace?.sharenet).toEqual({ type: 'netns', value: 'red' });
  });

  it('pSeries/NUMA: bios rebootTimeout, cell caches, PCI expander node, rom booleans, the nvram device', () => {
    const d = parseDomainXml(PSERIES);
    expect(listUnknown(d)).toEqual([]);
    expect(xmlDifferences(PSERIES, buildDomainXml(d))).toEqual([]);
    expect(d.os?.type?.arch).toBe('ppc64');
    expect(d.os?.bios?.rebootTimeout).toBe(-1);
    expect(d.cpu?.numa?.cells?.[0]?.caches?.[0]).toMatchObject({
      size: { value: 10, unit: 'KiB' },
      line: { value: 8, unit: 'B' },
    });
    expect(d.devices?.controllers?.[0]?.target?.node).toBe(0);
    expect(d.devices?.interfaces?.[0]?.rom).toEqual({ bar: false, enabled: false });
    expect(d.devices?.nvram?.address).toMatchObject({ type: 'spapr-vio', reg: 0x3000 });
  });

  it('build declares the lxc, bhyve, xen and vmware namespaces a plain object uses', () => {
    const def: DomainDef = {
      type: 'lxc',
      name: 'n',
      lxcNamespace: { shareipc: { type: 'pid', value: '1234' } },
      bhyveCommandline: { args: [{ value: '-s 0,hostbridge' }] },
      xenCommandline: { args: [{ value: '-no-shutdown' }] },
      vmwareDatacenterpath: 'dc1/folder',
    };
    const xml = buildDomainXml(def);
    for (const [prefix, uri] of [
      ['lxc', 'http://libvirt.org/schemas/domain/lxc/1.0'],
      ['bhyve', 'http://libvirt.org/schemas/domain/bhyve/1.0'],
      ['xen', 'http://libvirt.org/schemas/domain/xen/1.0'],
      ['vmware', 'http://libvirt.org/schemas/domain/vmware/1.0'],
    ]) {
      expect(xml).toContain(`xmlns:${prefix}="${uri}"`);
    }
    const back = parseDomainXml(xml);
    expect(listUnknown(back)).toEqual([]);
    expect(back.vmwareDatacenterpath).toBe('dc1/folder');
    expect(back.xenCommandline?.args).toEqual([{ value: '-no-shutdown' }]);
  });
});
