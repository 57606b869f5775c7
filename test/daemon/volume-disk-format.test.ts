// A disk whose source is a qcow2 pool volume, defined without naming a format (as the README's builder snippet
// does), is defined as qcow2: read as raw, the guest would see the container as its disk, and the first internal
// snapshot fails. Checked with virsh dumpxml, then a live internal snapshot of the running guest (issue 9).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainBuilder, Hypervisor } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const NAME = `lvts-test-volfmt-${process.pid}`;

describeDaemon('volume-backed disks', () => {
  let hv: Hypervisor;
  let dir: string;

  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
    dir = mkdtempSync(join(tmpdir(), 'lvts-volfmt-'));
    virsh('pool-create-as', NAME, 'dir', '--target', dir);
    virsh('vol-create-as', NAME, 'disk.qcow2', '32M', '--format', 'qcow2');
    virsh('vol-create-as', NAME, 'extra.qcow2', '16M', '--format', 'qcow2');
  });

  afterAll(async () => {
    try {
      virsh('destroy', NAME);
    } catch {
      // Not running.
    }
    try {
      virsh('undefine', NAME, '--snapshots-metadata');
    } catch {
      // Not defined.
    }
    virsh('pool-destroy', NAME);
    rmSync(dir, { recursive: true, force: true });
    await hv.close();
  });

  it('defines a qcow2 volume disk as qcow2 and takes a live internal snapshot of it', async () => {
    const def = new DomainBuilder(NAME, { type: 'qemu', arch: 'x86_64', machine: 'pc' })
      .memory('64 MiB')
      .vcpus(1)
      .disk({ source: { pool: NAME, volume: 'disk.qcow2' } })
      .graphics('none')
      .build();
    const dom = await hv.domains.define(def);
    expect(virsh('dumpxml', NAME)).toMatch(/<driver name='qemu' type='qcow2'/);
    await dom.start();
    const snapshot = await dom.snapshots.create({ name: 'live' });
    expect(virsh('snapshot-list', NAME, '--name').trim()).toBe('live');
    await snapshot.delete();
    // A typed disk attached to the persistent definition gets its format too.
    await dom.attachDevice(
      {
        disk: {
          type: 'volume',
          device: 'disk',
          source: { pool: NAME, volume: 'extra.qcow2' },
          target: { dev: 'vdb', bus: 'virtio' },
        },
      },
      { config: true },
    );
    const xml = virsh('dumpxml', NAME, '--inactive');
    const extra = xml.slice(xml.indexOf("volume='extra.qcow2'") - 200, xml.indexOf("volume='extra.qcow2'"));
    expect(extra).toMatch(/<driver name='qemu' type='qcow2'\/>/);
    await dom.destroy();
  });
});
