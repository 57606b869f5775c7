import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildStorageVolumeXml,
  listUnknown,
  parseStorageVolumeXml,
  type StorageVolumeDef,
  sizeInBytes,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = fileURLToPath(new URL('../fixtures/xml/volume/', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
const fixture = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');

describe('storage volume: the corpus', () => {
  it.each(fixtures)('%s reads fully typed and round-trips', (file) => {
    const xml = fixture(file);
    const vol = parseStorageVolumeXml(xml);
    expect(listUnknown(vol)).toEqual([]);
    expect(xmlDifferences(xml, buildStorageVolumeXml(vol))).toEqual([]);
    expect(parseStorageVolumeXml(buildStorageVolumeXml(vol))).toEqual(vol);
  });
});

describe('storage volume: typed fields', () => {
  it('reads a qcow2 overlay: sizes with units, target, timestamps, backing store', () => {
    const vol = parseStorageVolumeXml(fixture('libvirtd-overlay-qcow2.xml'));
    expect(vol.type).toBe('file');
    expect(vol.name).toBe('overlay.qcow2');
    expect(vol.capacity).toEqual({ value: 33554432, unit: 'bytes' });
    expect(sizeInBytes(vol.physical!, 'bytes')).toBe(196616);
    expect(vol.target).toMatchObject({
      path: '/var/lib/libvirt/images/lvts-corpus/volumes/overlay.qcow2',
      format: { type: 'qcow2' },
      permissions: { mode: 0o600, owner: 0, group: 0 },
      timestamps: { atime: expect.stringMatching(/^\d+\.\d{9}$/), btime: '0' },
      clusterSize: { value: 65536, unit: 'B' },
    });
    expect(vol.backingStore).toMatchObject({
      path: '/var/lib/libvirt/images/lvts-corpus/volumes/disk.qcow2',
      format: { type: 'qcow2' },
    });
  });

  it('reads compat and qcow2 features', () => {
    const vol = parseStorageVolumeXml(fixture('libvirtd-compat-qcow2.xml'));
    expect(vol.target?.compat).toBe('1.1');
    expect(vol.target?.features).toEqual({ lazyRefcounts: true });
  });

  it('reads encryption, nocow and source extents (libvirt documentation examples)', () => {
    const vol = parseStorageVolumeXml(`<volume type='block'>
  <name>lv1</name>
  <source>
    <device path='/dev/sdb1'><extent start='0' end='1073741824'/></device>
  </source>
  <capacity unit='G'>5</capacity>
  <target>
    <path>/dev/vg/lv1</path>
    <format type='luks'/>
    <encryption format='luks'>
      <secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/>
      <cipher name='aes' size='256' mode='xts' hash='sha256'/>
      <ivgen name='plain64' hash='sha256'/>
    </encryption>
    <nocow/>
    <features><lazy_refcounts/><extended_l2/></features>
  </target>
</volume>`);
    expect(listUnknown(vol)).toEqual([]);
    expect(vol.source).toEqual({
      devices: [{ path: '/dev/sdb1', extents: [{ start: 0, end: 1073741824 }] }],
    });
    expect(sizeInBytes(vol.capacity!, 'bytes')).toBe(5 * 1024 ** 3);
    expect(vol.target?.encryption).toEqual({
      format: 'luks',
      secrets: [{ type: 'passphrase', uuid: 'f52a81b2-424e-490c-823d-6bd4235bc572' }],
      cipher: { name: 'aes', size: 256, mode: 'xts', hash: 'sha256' },
      ivgen: { name: 'plain64', hash: 'sha256' },
    });
    expect(vol.target?.nocow).toBe(true);
    expect(vol.target?.features).toEqual({ lazyRefcounts: true, extendedL2: true });
  });
});

describe('storage volume: build', () => {
  it('writes a plain object in libvirt order', () => {
    const def: StorageVolumeDef = {
      backingStore: { format: { type: 'raw' }, path: '/images/base.img' },
      target: { permissions: { owner: 107, group: 107, mode: 0o644 }, format: { type: 'qcow2' } },
      allocation: { value: 0 },
      capacity: { value: 10, unit: 'GiB' },
      name: 'disk.qcow2',
    };
    expect(buildStorageVolumeXml(def)).toBe(`<volume>
  <name>disk.qcow2</name>
  <capacity unit="GiB">10</capacity>
  <allocation>0</allocation>
  <target>
    <format type="qcow2"/>
    <permissions>
      <mode>0644</mode>
      <owner>107</owner>
      <group>107</group>
    </permissions>
  </target>
  <backingStore>
    <path>/images/base.img</path>
    <format type="raw"/>
  </backingStore>
</volume>
`);
  });

  it('keeps a mode spelled without the leading zero while unchanged', () => {
    const vol = parseStorageVolumeXml(
      '<volume><name>v</name><target><permissions><mode>644</mode></permissions></target></volume>',
    );
    expect(vol.target?.permissions?.mode).toBe(0o644);
    expect(buildStorageVolumeXml(vol)).toContain('<mode>644</mode>');
    vol.target!.permissions!.mode = 0o600;
    expect(buildStorageVolumeXml(vol)).toContain('<mode>0600</mode>');
  });

  it('refuses other documents', () => {
    expect(() => parseStorageVolumeXml('<pool type="dir"><name>p</name></pool>')).toThrow(XmlWrongKindError);
  });
});
