import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildStoragePoolXml,
  listUnknown,
  parseStoragePoolXml,
  type StoragePoolDef,
  XmlError,
  XmlWrongKindError,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = fileURLToPath(new URL('../fixtures/xml/pool/', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
const fixture = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');

describe('storage pool: the corpus', () => {
  it.each(fixtures)('%s reads fully typed and round-trips', (file) => {
    const xml = fixture(file);
    const pool = parseStoragePoolXml(xml);
    expect(listUnknown(pool)).toEqual([]);
    expect(xmlDifferences(xml, buildStoragePoolXml(pool))).toEqual([]);
    expect(parseStoragePoolXml(buildStoragePoolXml(pool))).toEqual(pool);
  });
});

describe('storage pool: typed fields', () => {
  it('reads an iscsi pool with CHAP auth', () => {
    const pool = parseStoragePoolXml(fixture('libvirtd-iscsi-chap.xml'));
    expect(pool.type).toBe('iscsi');
    expect(pool.capacity).toEqual({ value: 0, unit: 'bytes' });
    expect(pool.source).toEqual({
      hosts: [{ name: '203.0.113.23' }],
      devices: [{ path: 'iqn.2013-06.com.example:chap' }],
      auth: { type: 'chap', username: 'lvts', secret: { usage: 'lvts-corpus-chap' } },
    });
    expect(pool.target).toEqual({ path: '/dev/disk/by-path' });
  });

  it('reads an iscsi initiator, a host port and nfs protocol version', () => {
    const iscsi = parseStoragePoolXml(fixture('libvirtd-iscsi.xml'));
    expect(iscsi.source?.hosts).toEqual([{ name: '203.0.113.22', port: 3260 }]);
    expect(iscsi.source?.initiator).toEqual({ iqn: { name: 'iqn.2013-06.com.example:client' } });
    const nfs = parseStoragePoolXml(fixture('libvirtd-netfs-nfs.xml'));
    expect(nfs.source).toMatchObject({
      dir: { path: '/export/images' },
      format: { type: 'nfs' },
      protocol: { ver: 4 },
    });
  });

  it('reads scsi adapters: by parent PCI address and as an fc_host vHBA', () => {
    const byAddr = parseStoragePoolXml(fixture('libvirtd-scsi-parentaddr.xml'));
    expect(byAddr.source?.adapter).toMatchObject({
      type: 'scsi_host',
      parentaddr: { uniqueId: 1, address: { domain: 0, bus: 0, slot: 0x1f, function: 2 } },
    });
    const fc = parseStoragePoolXml(fixture('libvirtd-scsi-fchost.xml'));
    expect(fc.source?.adapter).toEqual({
      type: 'fc_host',
      parent: 'scsi_host5',
      managed: true,
      wwnn: '20000000c9831b4b',
      wwpn: '10000000c9831b4b',
    });
  });

  it('reads permissions with the mode as a number', () => {
    const pool = parseStoragePoolXml(fixture('libvirtd-dir.xml'));
    expect(pool.target?.permissions).toEqual({ mode: 0o755, owner: 0, group: 0 });
  });

  it('reads the fs and rbd namespaces and libvirt documentation extras typed', () => {
    // formatstorage.html: an rbd pool with config options, a refresh policy and a disk-pool freeExtent.
    const rbd =
      parseStoragePoolXml(`<pool type="rbd" xmlns:rbd="http://libvirt.org/schemas/storagepool/rbd/1.0">
  <name>myrbdpool</name>
  <source>
    <name>rbdpool</name>
    <host name='1.2.3.4'/>
    <host name='my.ceph.monitor'/>
    <host name='third.ceph.monitor' port='6789'/>
    <auth username='admin' type='ceph'>
      <secret uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/>
    </auth>
  </source>
  <refresh><volume allocation='capacity'/></refresh>
  <rbd:config_opts>
    <rbd:option name='client_mount_timeout' value='45'/>
  </rbd:config_opts>
</pool>`);
    expect(listUnknown(rbd)).toEqual([]);
    expect(rbd.refresh).toEqual({ volume: { allocation: 'capacity' } });
    expect(rbd.rbdConfigOpts).toEqual({ options: [{ name: 'client_mount_timeout', value: '45' }] });
    const fs =
      parseStoragePoolXml(`<pool type="netfs" xmlns:fs="http://libvirt.org/schemas/storagepool/fs/1.0">
  <name>nfs</name>
  <features><cow state='no'/></features>
  <source><host name='h'/><dir path='/e'/><vendor name='Acme'/><product name='NAS'/></source>
  <target><path>/mnt/e</path><permissions><mode>0700</mode><owner>-1</owner><group>-1</group><label>system_u:object_r:nfs_t:s0</label></permissions></target>
  <fs:mount_opts><fs:option name='sync'/><fs:option name='lazytime'/></fs:mount_opts>
</pool>`);
    expect(listUnknown(fs)).toEqual([]);
    expect(fs.features).toEqual({ cow: { state: false } });
    expect(fs.source).toMatchObject({ vendor: { name: 'Acme' }, product: { name: 'NAS' } });
    expect(fs.target?.permissions).toEqual({
      mode: 0o700,
      owner: -1,
      group: -1,
      label: 'system_u:object_r:nfs_t:s0',
    });
    expect(fs.fsMountOpts?.options).toEqual([{ name: 'sync' }, { name: 'lazytime' }]);
    const disk = parseStoragePoolXml(`<pool type='disk'><name>d</name><source>
  <device path='/dev/sdb' part_separator='no'><freeExtent start='32256' end='8587192320'/></device>
  <format type='dos'/></source><target><path>/dev</path></target></pool>`);
    expect(listUnknown(disk)).toEqual([]);
    expect(disk.source?.devices).toEqual([
      { path: '/dev/sdb', partSeparator: false, freeExtents: [{ start: 32256, end: 8587192320 }] },
    ]);
  });
});

describe('storage pool: build', () => {
  it('writes a plain object in libvirt order, declaring the namespaces it uses', () => {
    const def: StoragePoolDef = {
      type: 'fs',
      name: 'images',
      fsMountOpts: { options: [{ name: 'noatime' }] },
      target: { path: '/srv/images', permissions: { mode: 0o711 } },
      source: { format: { type: 'ext4' }, devices: [{ path: '/dev/vdb1' }] },
    };
    expect(buildStoragePoolXml(def)).toBe(
      `<pool xmlns:fs="http://libvirt.org/schemas/storagepool/fs/1.0" type="fs">
  <name>images</name>
  <source>
    <device path="/dev/vdb1"/>
    <format type="ext4"/>
  </source>
  <target>
    <path>/srv/images</path>
    <permissions>
      <mode>0711</mode>
    </permissions>
  </target>
  <fs:mount_opts>
    <fs:option name="noatime"/>
  </fs:mount_opts>
</pool>
`,
    );
  });

  it('refuses values that do not fit, naming where', () => {
    expect(() => buildStoragePoolXml({ name: 'x', type: 'nope' as 'dir' })).toThrow(XmlError);
    expect(() => buildStoragePoolXml({ name: 'x', target: { permissions: { mode: 0o17777 } } })).toThrow(
      /\/pool\/target\/permissions\/mode/,
    );
  });

  it('refuses other documents', () => {
    expect(() => parseStoragePoolXml('<volume><name>v</name></volume>')).toThrow(XmlWrongKindError);
  });
});
