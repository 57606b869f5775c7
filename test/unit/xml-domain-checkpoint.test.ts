import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDomainCheckpointXml,
  type DomainCheckpointDef,
  listUnknown,
  parseDomainCheckpointXml,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/checkpoint/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

// Trimmed from `virsh checkpoint-dumpxml --size` of libvirt 9.0 on this machine.
const REAL = `<domaincheckpoint>
  <name>c2</name>
  <description>after the first backup</description>
  <parent>
    <name>c1</name>
  </parent>
  <creationTime>1795946139</creationTime>
  <disks>
    <disk name='vda' checkpoint='bitmap' bitmap='c2' size='1048576'/>
    <disk name='vdb' checkpoint='no'/>
  </disks>
  <domain type='qemu'>
    <name>lvts-corpus-snapshots</name>
    <uuid>09a88fc6-7b72-41ca-b9d9-5c57d7f8780f</uuid>
  </domain>
</domaincheckpoint>`;

describe('domain checkpoint', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const cp = parseDomainCheckpointXml(xml);
    expect(listUnknown(cp)).toEqual([]);
    const rebuilt = buildDomainCheckpointXml(cp);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseDomainCheckpointXml(rebuilt)).toEqual(cp);
  });

  it('types a real checkpoint', () => {
    const cp = parseDomainCheckpointXml(REAL);
    expect(listUnknown(cp)).toEqual([]);
    expect(cp).toEqual({
      name: 'c2',
      description: 'after the first backup',
      parent: { name: 'c1' },
      creationTime: 1795946139,
      disks: {
        disks: [
          { name: 'vda', checkpoint: 'bitmap', bitmap: 'c2', size: 1048576 },
          { name: 'vdb', checkpoint: 'no' },
        ],
      },
      domain: { type: 'qemu', name: 'lvts-corpus-snapshots', uuid: '09a88fc6-7b72-41ca-b9d9-5c57d7f8780f' },
    });
  });

  it('builds the input of checkpoint-create in libvirt order', () => {
    const def: DomainCheckpointDef = {
      disks: { disks: [{ name: 'vda', checkpoint: 'bitmap' }] },
      description: 'nightly',
      name: 'n1',
    };
    expect(buildDomainCheckpointXml(def)).toBe(
      [
        '<domaincheckpoint>',
        '  <name>n1</name>',
        '  <description>nightly</description>',
        '  <disks>',
        '    <disk name="vda" checkpoint="bitmap"/>',
        '  </disks>',
        '</domaincheckpoint>',
        '',
      ].join('\n'),
    );
  });

  it('refuses other documents and bad values', () => {
    expect(() => parseDomainCheckpointXml('<domainsnapshot/>')).toThrow(XmlWrongKindError);
    expect(() => buildDomainCheckpointXml({ disks: { disks: [{ name: 'vda', size: -1 }] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', path: '/domaincheckpoint/disks/disk[1]/@size' }),
    );
  });
});
