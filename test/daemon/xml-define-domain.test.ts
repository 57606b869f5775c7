import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainBuilder, type DomainBuilderOptions } from '../../src/xml/builders/domain.js';
import { buildDomainXml, parseDomainXml } from '../../src/xml/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

// Issue 3: every builder output defines in a real libvirtd. Each flow is defined with virsh (not the SDK, so
// this tests the XML alone), read back, and undefined; one TCG guest is also started from builder output.

const PREFIX = 'lvts-xmldef-';
const IMAGES = '/var/lib/libvirt/images';
let work: string;

function kvmOffered(): boolean {
  return virsh('capabilities').includes("<domain type='kvm'");
}

function flows(type: DomainBuilderOptions['type']): [string, DomainBuilder][] {
  return [
    ['the defaults', new DomainBuilder(`${PREFIX}defaults`, { type })],
    [
      'the wizard with every choice',
      new DomainBuilder(`${PREFIX}full`, { type })
        .memory('256 MiB')
        .vcpus(2)
        .cpu({ model: 'qemu64', fallback: 'forbid' })
        .cdrom(`${IMAGES}/${PREFIX}install.iso`)
        .disk({
          source: { file: `${IMAGES}/${PREFIX}a.qcow2` },
          cache: 'none',
          io: 'native',
          blockSize: 4096,
        })
        .disk({ source: { pool: 'default', volume: 'b.raw' }, bus: 'scsi', format: 'raw', discard: 'ignore' })
        .network('default', { mac: '52:54:00:00:00:01' })
        .bridge('lvtsbr0', { model: 'e1000e' })
        .video('qxl')
        .graphics('spice', { listen: '127.0.0.1', password: 'p"<&>' })
        .console('virtio'),
    ],
    ['VNC on a fixed port', new DomainBuilder(`${PREFIX}vnc`, { type }).graphics('vnc', { port: 5977 })],
    ['headless', new DomainBuilder(`${PREFIX}headless`, { type }).graphics('none').video('none')],
    ['a TCG pc guest', new DomainBuilder(`${PREFIX}tcg`, { type: 'qemu', machine: 'pc' }).memory('64 MiB')],
  ];
}

function cleanup(): void {
  for (const name of virsh('list', '--all', '--name').split('\n')) {
    if (!name.startsWith(PREFIX)) continue;
    try {
      virsh('destroy', name);
    } catch {}
    virsh('undefine', name, '--nvram');
  }
}

describeDaemon('DomainBuilder output defines in a real libvirtd', () => {
  beforeAll(() => {
    requireDaemon();
    cleanup();
    work = mkdtempSync(join(tmpdir(), 'lvts-xmldef-'));
  });
  afterAll(() => {
    cleanup();
    rmSync(work, { recursive: true, force: true });
    rmSync(`${IMAGES}/${PREFIX}boot.qcow2`, { force: true });
    rmSync(`${IMAGES}/${PREFIX}boot.iso`, { force: true });
  });

  it('defines every flow, and libvirt reads back what was built', () => {
    const type = kvmOffered() ? 'kvm' : 'qemu';
    for (const [what, builder] of flows(type)) {
      const def = builder.build();
      const file = join(work, `${def.name}.xml`);
      writeFileSync(file, buildDomainXml(def));
      expect(virsh('define', file), what).toContain(def.name!);
      const back = parseDomainXml(virsh('dumpxml', '--inactive', def.name!));
      expect(back.name, what).toBe(def.name);
      expect(back.type, what).toBe(def.type);
      expect(back.devices?.disks?.length ?? 0, what).toBe(def.devices?.disks?.length ?? 0);
      virsh('undefine', def.name!, '--nvram');
    }
  });

  it('starts a TCG guest built with DomainBuilder (disk + ISO + VNC) and destroys it', () => {
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', `${IMAGES}/${PREFIX}boot.qcow2`, '64M']);
    writeFileSync(`${IMAGES}/${PREFIX}boot.iso`, Buffer.alloc(64 * 1024));
    const def = new DomainBuilder(`${PREFIX}run`, { type: 'qemu', machine: 'pc' })
      .memory('64 MiB')
      .cdrom(`${IMAGES}/${PREFIX}boot.iso`)
      .disk({ source: { file: `${IMAGES}/${PREFIX}boot.qcow2` } })
      .graphics('vnc', { listen: '127.0.0.1' })
      .build();
    const file = join(work, 'run.xml');
    writeFileSync(file, buildDomainXml(def));
    virsh('define', file);
    virsh('start', def.name!);
    expect(virsh('domstate', def.name!).trim()).toBe('running');
    expect(virsh('vncdisplay', def.name!).trim()).toMatch(/^127\.0\.0\.1:\d+$/);
    virsh('destroy', def.name!);
    expect(virsh('domstate', def.name!).trim()).toBe('shut off');
  });
});
