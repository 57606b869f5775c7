import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDomainSnapshotXml,
  type DomainSnapshotDef,
  listUnknown,
  parseDomainSnapshotXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/snapshot/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// Trimmed from `virsh snapshot-dumpxml` of libvirt 9.0 on this machine (external disk snapshot, running guest).
const EXTERNAL = `<domainsnapshot>
  <name>s3-external</name>
  <state>shutoff</state>
  <parent>
    <name>s2</name>
  </parent>
  <creationTime>1795945686</creationTime>
  <memory snapshot='no'/>
  <disks>
    <disk name='vda' snapshot='external' type='file'>
      <driver type='qcow2'/>
      <source file='/var/lib/libvirt/images/lvts-corpus/snapshots.s3.qcow2'/>
    </disk>
  </disks>
  <domain type='qemu'>
    <name>lvts-corpus-snapshots</name>
    <uuid>f79f06d9-ec47-4161-a085-4a8d072f450b</uuid>
    <memory unit='KiB'>65536</memory>
    <vcpu placement='static'>1</vcpu>
    <os>
      <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
    </os>
  </domain>
</domainsnapshot>`;

const RUNNING = `<domainsnapshot>
  <name>s4-running</name>
  <description>taken while running</description>
  <state>running</state>
  <creationTime>1795946139</creationTime>
  <memory snapshot='internal'/>
  <disks>
    <disk name='vda' snapshot='internal'/>
  </disks>
  <domain type='qemu' id='3'>
    <name>lvts-corpus-snapshots</name>
  </domain>
  <inactiveDomain type='qemu'>
    <name>lvts-corpus-snapshots</name>
  </inactiveDomain>
  <cookie>
    <cpu mode='custom' match='exact' check='full'>
      <model fallback='forbid'>qemu64</model>
    </cpu>
    <slirpHelper/>
  </cookie>
</domainsnapshot>`;

describe('domain snapshot', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const snap = parseDomainSnapshotXml(xml);
    expect(listUnknown(snap)).toEqual([]);
    const rebuilt = buildDomainSnapshotXml(snap);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseDomainSnapshotXml(rebuilt)).toEqual(snap);
  });

  it('types an external disk snapshot and its domain', () => {
    const snap = parseDomainSnapshotXml(EXTERNAL);
    expect(listUnknown(snap)).toEqual([]);
    expect(snap).toMatchObject({
      name: 's3-external',
      state: 'shutoff',
      parent: { name: 's2' },
      creationTime: 1795945686,
      memory: { snapshot: 'no' },
    });
    expect(snap.disks?.disks).toEqual([
      {
        name: 'vda',
        snapshot: 'external',
        type: 'file',
        driver: { type: 'qcow2' },
        source: { file: '/var/lib/libvirt/images/lvts-corpus/snapshots.s3.qcow2' },
      },
    ]);
    expect(snap.domain?.type).toBe('qemu');
    expect(snap.domain?.memory).toEqual({ value: 65536, unit: 'KiB' });
    expect(snap.domain?.os?.type?.arch).toBe('x86_64');
  });

  it('types a running snapshot: inactive domain typed, cookie kept raw', () => {
    const snap = parseDomainSnapshotXml(RUNNING);
    expect(listUnknown(snap)).toEqual([]);
    expect(snap.domain).toEqual({ type: 'qemu', id: 3, name: 'lvts-corpus-snapshots' });
    expect(snap.inactiveDomain).toEqual({ type: 'qemu', name: 'lvts-corpus-snapshots' });
    expect(snap.cookie?.filter((n) => 'name' in n).map((n) => ('name' in n ? n.name : ''))).toEqual([
      'cpu',
      'slirpHelper',
    ]);
    expect(xmlDifferences(RUNNING, buildDomainSnapshotXml(snap))).toEqual([]);
  });

  it('builds the input of an external snapshot (snapshot-create --disk-only)', () => {
    const def: DomainSnapshotDef = {
      disks: {
        disks: [
          {
            source: { file: '/var/lib/libvirt/images/vm.overlay.qcow2' },
            driver: { type: 'qcow2' },
            name: 'vda',
            snapshot: 'external',
            type: 'file',
          },
          { name: 'vdb', snapshot: 'no' },
        ],
      },
      memory: { snapshot: 'no' },
      description: 'before upgrade',
      name: 'pre-upgrade',
    };
    expect(buildDomainSnapshotXml(def)).toBe(
      [
        '<domainsnapshot>',
        '  <name>pre-upgrade</name>',
        '  <description>before upgrade</description>',
        '  <memory snapshot="no"/>',
        '  <disks>',
        '    <disk name="vda" snapshot="external" type="file">',
        '      <driver type="qcow2"/>',
        '      <source file="/var/lib/libvirt/images/vm.overlay.qcow2"/>',
        '    </disk>',
        '    <disk name="vdb" snapshot="no"/>',
        '  </disks>',
        '</domainsnapshot>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseDomainSnapshotXml('<domain/>')).toThrow(XmlWrongKindError);
    expect(() => buildDomainSnapshotXml({ state: 'asleep' as 'running' })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/domainsnapshot/state/text()' }),
    );
  });
});
