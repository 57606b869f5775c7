import { describe, expect, it } from 'vitest';
import { DomainBuilder } from '../../src/xml/builders/domain.js';
import { buildDomainXml } from '../../src/xml/index.js';
import { validateXml } from '../helpers/validate.js';

// Every DomainBuilder flow must produce a document libvirt's own schema accepts (virt-xml-validate).
const flows: [string, () => DomainBuilder][] = [
  ['the defaults', () => new DomainBuilder('lvts-defaults', { type: 'kvm' })],
  [
    'a TCG pc guest installing from an ISO',
    () =>
      new DomainBuilder('lvts-tcg', { type: 'qemu', machine: 'pc' })
        .memory('64 MiB')
        .cdrom('/var/lib/libvirt/images/boot.iso'),
  ],
  [
    'the wizard with every choice',
    () =>
      new DomainBuilder('lvts-full', { type: 'kvm' })
        .memory('2 GiB')
        .vcpus(2)
        .cpu({ model: 'qemu64', fallback: 'forbid' })
        .cdrom('/var/lib/libvirt/images/debian.iso')
        .disk({
          source: { file: '/var/lib/libvirt/images/a.qcow2' },
          cache: 'none',
          io: 'native',
          blockSize: 4096,
        })
        .disk({ source: { pool: 'default', volume: 'b.raw' }, bus: 'scsi', format: 'raw', discard: 'ignore' })
        .disk({
          source: { dev: '/dev/sdz' },
          bus: 'sata',
          cache: 'directsync',
          io: 'io_uring',
          readonly: true,
        })
        .network('default', { mac: '52:54:00:00:00:01' })
        .bridge('br0', { model: 'e1000e' })
        .video('qxl')
        .graphics('spice', { listen: '127.0.0.1', port: 5930, password: 'p"<&>' })
        .console('virtio'),
  ],
  [
    'host-model with VNC on a fixed port',
    () =>
      new DomainBuilder('lvts-vnc', { type: 'kvm' })
        .cpu('host-model')
        .graphics('vnc', { listen: '0.0.0.0', port: 5901 }),
  ],
  [
    'a headless guest',
    () =>
      new DomainBuilder('lvts-headless', { type: 'kvm' })
        .cpu('host-passthrough')
        .graphics('none')
        .video('none'),
  ],
];

describe('DomainBuilder output validates against domain.rng', () => {
  for (const [what, flow] of flows) {
    it(what, async () => {
      const xml = buildDomainXml(flow().build());
      expect(await validateXml(xml, 'domain')).toEqual({ ok: true });
    });
  }
});
