import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCapabilitiesXml,
  type Capabilities,
  listUnknown,
  parseCapabilitiesXml,
  XmlError,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/capabilities/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');

// Trimmed from `virsh capabilities` of libvirt 9.0 on this machine (the fixtures are regenerated, so values move).
const REAL_HOST = `<capabilities>
  <host>
    <uuid>90dc9d10-6982-457d-bdcd-15bc5015369d</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>Broadwell-noTSX-IBRS</model>
      <vendor>Intel</vendor>
      <microcode version='1'/>
      <signature family='6' model='207' stepping='2'/>
      <counter name='tsc' frequency='2100000000' scaling='no'/>
      <topology sockets='1' dies='1' cores='2' threads='1'/>
      <maxphysaddr mode='emulate' bits='46'/>
      <feature name='vme'/>
      <feature name='ss'/>
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='2048'/>
      <pages unit='KiB' size='1048576'/>
    </cpu>
    <power_management/>
    <iommu support='no'/>
    <migration_features>
      <live/>
      <uri_transports>
        <uri_transport>tcp</uri_transport>
        <uri_transport>rdma</uri_transport>
      </uri_transports>
    </migration_features>
    <topology>
      <cells num='1'>
        <cell id='0'>
          <memory unit='KiB'>5859540</memory>
          <pages unit='KiB' size='4'>1464885</pages>
          <pages unit='KiB' size='2048'>0</pages>
          <distances>
            <sibling id='0' value='10'/>
          </distances>
          <cpus num='2'>
            <cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/>
            <cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/>
          </cpus>
        </cell>
      </cells>
    </topology>
    <cache>
      <bank id='0' level='3' type='both' size='300' unit='MiB' cpus='0-1'/>
    </cache>
    <secmodel>
      <model>none</model>
      <doi>0</doi>
    </secmodel>
    <secmodel>
      <model>dac</model>
      <doi>0</doi>
      <baselabel type='kvm'>+0:+0</baselabel>
      <baselabel type='qemu'>+0:+0</baselabel>
    </secmodel>
  </host>
  <guest>
    <os_type>hvm</os_type>
    <arch name='i686'>
      <wordsize>32</wordsize>
      <emulator>/usr/bin/qemu-system-i386</emulator>
      <machine maxCpus='255'>pc-i440fx-7.2</machine>
      <machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>
      <machine maxCpus='255' deprecated='yes'>pc-i440fx-1.5</machine>
      <domain type='qemu'/>
      <domain type='kvm'/>
    </arch>
    <features>
      <acpi default='on' toggle='yes'/>
      <apic default='on' toggle='no'/>
      <cpuselection/>
      <deviceboot/>
      <disksnapshot default='on' toggle='no'/>
    </features>
  </guest>
</capabilities>`;

describe('capabilities', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = fixture(name);
    const caps = parseCapabilitiesXml(xml);
    expect(listUnknown(caps)).toEqual([]);
    const rebuilt = buildCapabilitiesXml(caps);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseCapabilitiesXml(rebuilt)).toEqual(caps);
  });

  it('types the host of a real libvirtd', () => {
    const { host, guests } = parseCapabilitiesXml(REAL_HOST);
    expect(host?.uuid).toBe('90dc9d10-6982-457d-bdcd-15bc5015369d');
    expect(host?.cpu).toMatchObject({
      arch: 'x86_64',
      model: 'Broadwell-noTSX-IBRS',
      vendor: 'Intel',
      microcode: { version: 1 },
      signature: { family: 6, model: 207, stepping: 2 },
      counter: { name: 'tsc', frequency: 2100000000, scaling: false },
      topology: { sockets: 1, dies: 1, cores: 2, threads: 1 },
      maxphysaddr: { mode: 'emulate', bits: 46 },
    });
    expect(host?.cpu?.features).toEqual([{ name: 'vme' }, { name: 'ss' }]);
    expect(host?.cpu?.pages?.map((p) => p.size)).toEqual([4, 2048, 1048576]);
    expect(host?.iommu?.support).toBe(false);
    expect(host?.migrationFeatures).toEqual({ live: true, uriTransports: { transports: ['tcp', 'rdma'] } });
    const cell = host?.topology?.cells?.cells?.[0];
    expect(cell?.memory).toEqual({ value: 5859540, unit: 'KiB' });
    expect(cell?.pages?.[0]).toEqual({ unit: 'KiB', size: 4, value: 1464885 });
    expect(cell?.distances?.siblings).toEqual([{ id: 0, value: 10 }]);
    expect(cell?.cpus?.cpus?.[1]).toEqual({ id: 1, socketId: 0, dieId: 0, coreId: 1, siblings: '1' });
    expect(host?.cache?.banks?.[0]).toEqual({
      id: 0,
      level: 3,
      type: 'both',
      size: 300,
      unit: 'MiB',
      cpus: '0-1',
    });
    expect(host?.secmodels?.[1]?.baselabels?.[0]).toEqual({ type: 'kvm', value: '+0:+0' });
    const arch = guests?.[0]?.arch;
    expect(guests?.[0]?.osType).toBe('hvm');
    expect(arch?.name).toBe('i686');
    expect(arch?.wordsize).toBe(32);
    expect(arch?.machines?.[1]).toEqual({ canonical: 'pc-i440fx-7.2', maxCpus: 255, value: 'pc' });
    expect(arch?.machines?.[2]?.deprecated).toBe(true);
    expect(arch?.domains?.map((d) => d.type)).toEqual(['qemu', 'kvm']);
    expect(guests?.[0]?.features).toMatchObject({
      acpi: { default: true, toggle: true },
      cpuselection: true,
      disksnapshot: { default: true, toggle: false },
    });
    expect(listUnknown(parseCapabilitiesXml(REAL_HOST))).toEqual([]);
  });

  it('types NUMA memory-side caches, interconnects and resctrl', () => {
    const caps = parseCapabilitiesXml(`<capabilities>
  <host>
    <topology>
      <cells num='1'>
        <cell id='0'>
          <memory unit='KiB'>1048576</memory>
          <cache level='1' associativity='direct' policy='writeback'>
            <size value='10' unit='KiB'/>
            <line value='8' unit='B'/>
          </cache>
          <cpus num='1'>
            <cpu id='0' socket_id='0' die_id='0' cluster_id='0' core_id='0' siblings='0'/>
          </cpus>
        </cell>
      </cells>
      <interconnects>
        <latency initiator='0' target='0' type='read' value='6'/>
        <bandwidth initiator='0' target='0' type='write' value='206848' unit='KiB'/>
      </interconnects>
    </topology>
    <cache>
      <bank id='0' level='3' type='both' size='15360' unit='KiB' cpus='0-5'>
        <control min='768' unit='KiB' type='code' maxAllocs='8'/>
      </bank>
      <monitor level='3' reuseThreshold='4096' maxMonitors='256'>
        <feature name='llc_occupancy'/>
      </monitor>
    </cache>
    <memory_bandwidth>
      <node id='0' cpus='0-5'>
        <control granularity='10' min='10' maxAllocs='8'/>
      </node>
      <monitor maxMonitors='256'>
        <feature name='mbm_total_bytes'/>
      </monitor>
    </memory_bandwidth>
  </host>
  <guest>
    <os_type>hvm</os_type>
    <arch name='aarch64'>
      <wordsize>64</wordsize>
      <domain type='qemu'/>
    </arch>
    <features>
      <externalSnapshot/>
    </features>
  </guest>
</capabilities>`);
    expect(listUnknown(caps)).toEqual([]);
    const cell = caps.host?.topology?.cells?.cells?.[0];
    expect(cell?.caches?.[0]).toEqual({
      level: 1,
      associativity: 'direct',
      policy: 'writeback',
      size: { value: 10, unit: 'KiB' },
      line: { value: 8, unit: 'B' },
    });
    expect(cell?.cpus?.cpus?.[0]?.clusterId).toBe(0);
    expect(caps.host?.topology?.interconnects?.bandwidths?.[0]).toEqual({
      initiator: 0,
      target: 0,
      type: 'write',
      value: 206848,
      unit: 'KiB',
    });
    expect(caps.host?.cache?.banks?.[0]?.controls?.[0]).toEqual({
      min: 768,
      unit: 'KiB',
      type: 'code',
      maxAllocs: 8,
    });
    expect(caps.host?.cache?.monitor?.features).toEqual([{ name: 'llc_occupancy' }]);
    expect(caps.host?.memoryBandwidth?.nodes?.[0]?.controls?.[0]?.granularity).toBe(10);
    expect(caps.guests?.[0]?.features?.externalSnapshot).toBe(true);
  });

  it('builds a hand-made document in libvirt order', () => {
    const caps: Capabilities = {
      guests: [
        {
          features: { apic: { default: true, toggle: false }, pae: true },
          arch: {
            domains: [{ type: 'kvm' }],
            machines: [{ value: 'q35', canonical: 'pc-q35-7.2', maxCpus: 288 }],
            name: 'x86_64',
            wordsize: 64,
          },
          osType: 'hvm',
        },
      ],
      host: {
        secmodels: [{ model: 'dac', doi: '0', baselabels: [{ type: 'kvm', value: '+64:+64' }] }],
        cpu: {
          pages: [{ unit: 'KiB', size: 4 }],
          arch: 'x86_64',
          topology: { sockets: 1, cores: 2, threads: 1 },
        },
        powerManagement: { suspendMem: true },
      },
    };
    expect(buildCapabilitiesXml(caps)).toBe(
      [
        '<capabilities>',
        '  <host>',
        '    <cpu>',
        '      <arch>x86_64</arch>',
        '      <topology sockets="1" cores="2" threads="1"/>',
        '      <pages unit="KiB" size="4"/>',
        '    </cpu>',
        '    <power_management>',
        '      <suspend_mem/>',
        '    </power_management>',
        '    <secmodel>',
        '      <model>dac</model>',
        '      <doi>0</doi>',
        '      <baselabel type="kvm">+64:+64</baselabel>',
        '    </secmodel>',
        '  </host>',
        '  <guest>',
        '    <os_type>hvm</os_type>',
        '    <arch name="x86_64">',
        '      <wordsize>64</wordsize>',
        '      <machine canonical="pc-q35-7.2" maxCpus="288">q35</machine>',
        '      <domain type="kvm"/>',
        '    </arch>',
        '    <features>',
        '      <pae/>',
        '      <apic default="on" toggle="no"/>',
        '    </features>',
        '  </guest>',
        '</capabilities>',
        '',
      ].join('\n'),
    );
  });

  it('keeps what it does not know and lists it', () => {
    const caps = parseCapabilitiesXml(
      '<capabilities><host><cpu><arch>x86_64</arch><newthing a="1"/></cpu></host></capabilities>',
    );
    expect(listUnknown(caps)).toEqual([
      '/capabilities/host/cpu/newthing[1]',
      '/capabilities/host/cpu/newthing[1]/@a',
    ]);
    expect(buildCapabilitiesXml(caps)).toContain('<newthing a="1"/>');
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseCapabilitiesXml('<domainCapabilities/>')).toThrow(XmlWrongKindError);
    expect(() => buildCapabilitiesXml({ guests: [{ osType: 'windows' as 'hvm' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/capabilities/guest[1]/os_type/text()' }),
    );
    expect(() => buildCapabilitiesXml({ host: { uuid: 'not-a-uuid' } })).toThrow(XmlError);
  });
});
