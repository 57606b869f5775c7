/**
 * The domainbackup kind (domainbackup.rng): libvirtd's backup-dumpxml of running pull jobs, the shapes of
 * libvirt's domainbackupxml2xml tests (push with LUKS targets, pull with seclabels on scratch files), and
 * building a plain object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDomainBackupXml,
  type DomainBackupDef,
  listUnknown,
  parseDomainBackupXml,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DIR = new URL('../fixtures/xml/domainbackup/', import.meta.url);
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

const PUSH_ENCRYPTED = `<domainbackup mode="push">
  <incremental>1525889631</incremental>
  <disks>
    <disk name='vda' type='file'>
      <driver type='qcow2'/>
      <target file='/srv/backup/vda.qcow2'>
        <encryption format='luks'>
          <secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>
        </encryption>
      </target>
    </disk>
    <disk name='vdb' type='block' backupmode='full'>
      <driver type='raw'/>
      <target dev='/dev/mapper/backup'>
        <encryption format='luks' engine='qemu'>
          <secret type='passphrase' usage='/storage/backup/vdb'/>
          <cipher name='aes' size='256' mode='xts' hash='sha256'/>
          <ivgen name='plain64' hash='sha256'/>
        </encryption>
      </target>
    </disk>
    <disk name='vdc' backup='no'/>
  </disks>
</domainbackup>`;

const PULL_SECLABEL = `<domainbackup mode="pull">
  <server transport='tcp' tls='yes' name='localhost' port='10809'/>
  <disks>
    <disk name='vda' type='file' exportname='test-vda' exportbitmap='blah'>
      <driver type='qcow2'/>
      <scratch file='/var/lib/libvirt/images/scratch.qcow2'>
        <seclabel model='dac' relabel='no'/>
      </scratch>
    </disk>
    <disk name='vdb' type='block'>
      <scratch dev='/dev/scratch'>
        <seclabel model='selinux' relabel='yes'>
          <label>system_u:object_r:svirt_image_t:s0:c1,c2</label>
        </seclabel>
      </scratch>
    </disk>
  </disks>
</domainbackup>`;

describe('domain backup kind', () => {
  it.each(fixtures)('%s reads with nothing unknown and round-trips', (name) => {
    const xml = readFileSync(new URL(name, DIR), 'utf8');
    const def = parseDomainBackupXml(xml);
    expect(listUnknown(def)).toEqual([]);
    expect(def.mode).toBe('pull');
    expect(def.disks?.disks?.[0]).toMatchObject({ name: 'vda', backup: true, type: 'file' });
    expect(typeof def.disks?.disks?.[0]?.index).toBe('number');
    const rebuilt = buildDomainBackupXml(def);
    expect(xmlDifferences(xml, rebuilt)).toEqual([]);
    expect(parseDomainBackupXml(rebuilt)).toEqual(def);
  });

  it('types a push backup to encrypted file and block targets', () => {
    const def = parseDomainBackupXml(PUSH_ENCRYPTED);
    expect(listUnknown(def)).toEqual([]);
    expect(def.mode).toBe('push');
    expect(def.incremental).toBe('1525889631');
    const [vda, vdb, vdc] = def.disks?.disks ?? [];
    expect(vda).toEqual({
      name: 'vda',
      type: 'file',
      driver: { type: 'qcow2' },
      target: {
        file: '/srv/backup/vda.qcow2',
        encryption: {
          format: 'luks',
          secrets: [{ type: 'passphrase', uuid: '0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f' }],
        },
      },
    });
    expect(vdb?.backupmode).toBe('full');
    expect(vdb?.target?.dev).toBe('/dev/mapper/backup');
    expect(vdb?.target?.encryption?.cipher).toEqual({ name: 'aes', size: 256, mode: 'xts', hash: 'sha256' });
    expect(vdc).toEqual({ name: 'vdc', backup: false });
    expect(xmlDifferences(PUSH_ENCRYPTED, buildDomainBackupXml(def))).toEqual([]);
  });

  it('types a pull backup over TLS with seclabels on the scratch files', () => {
    const def = parseDomainBackupXml(PULL_SECLABEL);
    expect(listUnknown(def)).toEqual([]);
    expect(def.server).toEqual({ transport: 'tcp', tls: true, name: 'localhost', port: 10809 });
    const [vda, vdb] = def.disks?.disks ?? [];
    expect(vda).toMatchObject({ exportname: 'test-vda', exportbitmap: 'blah' });
    expect(vda?.scratch?.seclabels).toEqual([{ model: 'dac', relabel: false }]);
    expect(vdb?.scratch).toEqual({
      dev: '/dev/scratch',
      seclabels: [{ model: 'selinux', relabel: true, label: 'system_u:object_r:svirt_image_t:s0:c1,c2' }],
    });
    expect(xmlDifferences(PULL_SECLABEL, buildDomainBackupXml(def))).toEqual([]);
  });

  it('builds a plain object', () => {
    const def: DomainBackupDef = {
      mode: 'pull',
      server: { transport: 'unix', socket: '/run/backup.sock' },
      disks: { disks: [{ name: 'vda', backup: true, type: 'file', scratch: { file: '/tmp/s.qcow2' } }] },
    };
    expect(buildDomainBackupXml(def)).toBe(`<domainbackup mode="pull">
  <server transport="unix" socket="/run/backup.sock"/>
  <disks>
    <disk name="vda" backup="yes" type="file">
      <scratch file="/tmp/s.qcow2"/>
    </disk>
  </disks>
</domainbackup>
`);
  });
});
