import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDomainCapabilitiesXml,
  type DomainCapabilities,
  listUnknown,
  parseDomainCapabilitiesXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/domaincapabilities/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// Trimmed from `virsh domcapabilities --virttype kvm --machine q35` of libvirt 9.0 on this machine.
const REAL = `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>kvm</domain>
  <machine>pc-q35-7.2</machine>
  <arch>x86_64</arch>
  <vcpu max='288'/>
  <iothreads supported='yes'/>
  <os supported='yes'>
    <enum name='firmware'>
      <value>efi</value>
    </enum>
    <loader supported='yes'>
      <value>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</value>
      <enum name='type'>
        <value>rom</value>
        <value>pflash</value>
      </enum>
    </loader>
  </os>
  <cpu>
    <mode name='host-passthrough' supported='yes'>
      <enum name='hostPassthroughMigratable'>
        <value>on</value>
        <value>off</value>
      </enum>
    </mode>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>kvm64</model>
      <vendor>Intel</vendor>
      <feature policy='require' name='vme'/>
    </mode>
    <mode name='custom' supported='yes'>
      <model usable='yes' vendor='unknown'>qemu64</model>
      <model usable='no' vendor='AMD'>EPYC</model>
    </mode>
  </cpu>
  <memoryBacking supported='yes'>
    <enum name='sourceType'>
      <value>file</value>
    </enum>
  </memoryBacking>
  <devices>
    <disk supported='yes'>
      <enum name='bus'>
        <value>virtio</value>
        <value>sata</value>
      </enum>
    </disk>
    <hostdev supported='yes'>
      <enum name='capsType'/>
    </hostdev>
  </devices>
  <features>
    <gic supported='no'/>
    <genid supported='yes'/>
    <sev supported='no'/>
    <hyperv supported='yes'>
      <enum name='features'>
        <value>spinlocks</value>
      </enum>
    </hyperv>
  </features>
</domainCapabilities>`;

describe('domain capabilities', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const caps = parseDomainCapabilitiesXml(xml);
    expect(listUnknown(caps)).toEqual([]);
    const rebuilt = buildDomainCapabilitiesXml(caps);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseDomainCapabilitiesXml(rebuilt)).toEqual(caps);
  });

  it('types a real document', () => {
    const caps = parseDomainCapabilitiesXml(REAL);
    expect(listUnknown(caps)).toEqual([]);
    expect(caps).toMatchObject({
      path: '/usr/bin/qemu-system-x86_64',
      domain: 'kvm',
      machine: 'pc-q35-7.2',
      arch: 'x86_64',
      vcpu: { max: 288 },
      iothreads: { supported: true },
    });
    expect(caps.os?.enums).toEqual([{ name: 'firmware', values: ['efi'] }]);
    expect(caps.os?.loader?.values).toEqual(['/usr/share/OVMF/OVMF_CODE_4M.ms.fd']);
    const [passthrough, hostModel, custom] = caps.cpu?.modes ?? [];
    expect(passthrough?.enums?.[0]?.values).toEqual(['on', 'off']);
    expect(hostModel).toMatchObject({
      name: 'host-model',
      supported: true,
      models: [{ fallback: 'forbid', value: 'kvm64' }],
      vendor: 'Intel',
      features: [{ policy: 'require', name: 'vme' }],
    });
    expect(custom?.models).toEqual([
      { usable: 'yes', vendor: 'unknown', value: 'qemu64' },
      { usable: 'no', vendor: 'AMD', value: 'EPYC' },
    ]);
    expect(caps.devices?.disk?.enums).toEqual([{ name: 'bus', values: ['virtio', 'sata'] }]);
    expect(caps.devices?.hostdev?.enums).toEqual([{ name: 'capsType' }]);
    expect(caps.features?.gic?.supported).toBe(false);
    expect(caps.features?.hyperv?.enums?.[0]?.values).toEqual(['spinlocks']);
  });

  it('types what newer libvirt releases add (blockers, canonical models, Hyper-V defaults, launch security)', () => {
    const caps = parseDomainCapabilitiesXml(`<domainCapabilities>
  <os supported='yes'>
    <firmwareFeatures supported='yes'>
      <enum name='secureBoot'>
        <value>yes</value>
      </enum>
    </firmwareFeatures>
    <varstore supported='yes'/>
  </os>
  <cpu>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>EPYC-Genoa</model>
      <maxphysaddr mode='passthrough' limit='64'/>
      <feature policy='disable' name='la57'/>
    </mode>
    <mode name='custom' supported='yes'>
      <model usable='no' vendor='Intel' canonical='Haswell-v1'>Haswell</model>
      <blockers model='Haswell'>
        <feature name='hle'/>
      </blockers>
    </mode>
  </cpu>
  <devices>
    <panic supported='yes'/>
  </devices>
  <features>
    <tdx supported='no'/>
    <hyperv supported='yes'>
      <defaults>
        <spinlocks>8191</spinlocks>
        <stimer_direct>on</stimer_direct>
      </defaults>
    </hyperv>
    <launchSecurity supported='yes'>
      <enum name='sectype'>
        <value>sev</value>
      </enum>
    </launchSecurity>
  </features>
</domainCapabilities>`);
    expect(listUnknown(caps)).toEqual([]);
    expect(caps.os?.firmwareFeatures?.enums?.[0]?.name).toBe('secureBoot');
    expect(caps.os?.varstore?.supported).toBe(true);
    const [hostModel, custom] = caps.cpu?.modes ?? [];
    expect(hostModel?.maxphysaddr).toEqual({ mode: 'passthrough', limit: 64 });
    expect(custom?.models?.[0]?.canonical).toBe('Haswell-v1');
    expect(custom?.blockers).toEqual([{ model: 'Haswell', features: [{ name: 'hle' }] }]);
    expect(caps.devices?.panic?.supported).toBe(true);
    expect(caps.features?.hyperv?.defaults).toEqual({ spinlocks: 8191, stimerDirect: true });
    expect(caps.features?.launchSecurity?.enums?.[0]?.values).toEqual(['sev']);
  });

  it('builds a hand-made document in libvirt order', () => {
    const caps: DomainCapabilities = {
      features: { sgx: { supported: true, flc: true, sectionSize: { unit: 'KiB', value: 16384 } } },
      devices: { tpm: { enums: [{ name: 'model', values: ['tpm-crb'] }], supported: true } },
      os: {
        loader: { enums: [{ name: 'type', values: ['pflash'] }], values: ['/ovmf.fd'], supported: true },
      },
      arch: 'aarch64',
      path: '/usr/bin/qemu-system-aarch64',
    };
    expect(buildDomainCapabilitiesXml(caps)).toBe(
      [
        '<domainCapabilities>',
        '  <path>/usr/bin/qemu-system-aarch64</path>',
        '  <arch>aarch64</arch>',
        '  <os>',
        '    <loader supported="yes">',
        '      <value>/ovmf.fd</value>',
        '      <enum name="type">',
        '        <value>pflash</value>',
        '      </enum>',
        '    </loader>',
        '  </os>',
        '  <devices>',
        '    <tpm supported="yes">',
        '      <enum name="model">',
        '        <value>tpm-crb</value>',
        '      </enum>',
        '    </tpm>',
        '  </devices>',
        '  <features>',
        '    <sgx supported="yes">',
        '      <flc>yes</flc>',
        '      <section_size unit="KiB">16384</section_size>',
        '    </sgx>',
        '  </features>',
        '</domainCapabilities>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseDomainCapabilitiesXml('<capabilities/>')).toThrow(XmlWrongKindError);
    expect(() => buildDomainCapabilitiesXml({ cpu: { modes: [{ name: 'host' as 'custom' }] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/domainCapabilities/cpu/mode[1]/@name' }),
    );
  });
});
