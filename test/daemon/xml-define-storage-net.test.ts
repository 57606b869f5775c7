/**
 * Builder outputs define in a real libvirtd (qemu:///system): pools of the types whose backends this daemon has,
 * volumes created in a dir pool, and networks of every forward mode. Each object is read back with virsh,
 * parsed with listUnknown() empty, compared with what was built, and removed again. Networks carry only
 * documentation-range addresses and none that has an address is started; the isolated one without is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildNetworkXml,
  buildStoragePoolXml,
  buildStorageVolumeXml,
  listUnknown,
  NetworkBuilder,
  type NetworkDef,
  parseNetworkXml,
  parseStoragePoolXml,
  parseStorageVolumeXml,
  StoragePoolBuilder,
  type StoragePoolDef,
  StorageVolumeBuilder,
} from '../../src/xml/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const PREFIX = 'lvts-h6-';
const name = (what: string): string => `${PREFIX}${what}`;

let work: string;
let fileCount = 0;
/** virsh takes definitions from files. */
function file(xml: string): string {
  const path = join(work, `def-${++fileCount}.xml`);
  writeFileSync(path, xml);
  return path;
}

const listNames = (...args: string[]): string[] =>
  virsh(...args)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.startsWith(PREFIX));

/** Removes every pool and network of this test, also ones a crashed earlier run left behind. */
function cleanUp(): void {
  const quiet = (...args: string[]) => {
    try {
      virsh(...args);
    } catch {
      // not running / already gone
    }
  };
  for (const pool of listNames('pool-list', '--all', '--name')) {
    quiet('pool-destroy', pool);
    quiet('pool-undefine', pool);
  }
  for (const net of listNames('net-list', '--all', '--name')) {
    quiet('net-destroy', net);
    quiet('net-undefine', net);
  }
}

function defineAndReadPool(pool: StoragePoolDef): StoragePoolDef {
  virsh('pool-define', file(buildStoragePoolXml(pool)));
  const back = parseStoragePoolXml(virsh('pool-dumpxml', pool.name as string));
  expect(listUnknown(back)).toEqual([]);
  return back;
}

function defineAndReadNetwork(net: NetworkDef): NetworkDef {
  virsh('net-define', file(buildNetworkXml(net)));
  const back = parseNetworkXml(virsh('net-dumpxml', net.name as string));
  expect(listUnknown(back)).toEqual([]);
  return back;
}

describeDaemon('builder outputs define in libvirtd', () => {
  beforeAll(() => {
    requireDaemon();
    work = mkdtempSync(join(tmpdir(), 'lvts-h6-'));
    cleanUp();
  });
  afterAll(() => {
    cleanUp();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a dir pool is defined, built, started, holds builder volumes, and goes away', () => {
    const target = join(work, 'pool');
    const pool = new StoragePoolBuilder(name('dir'), 'dir').target(target, { mode: 0o750 }).build();
    const back = defineAndReadPool(pool);
    expect(back).toMatchObject({ type: 'dir', name: name('dir'), target: { path: target } });
    virsh('pool-build', name('dir'));
    virsh('pool-start', name('dir'));

    const base = new StorageVolumeBuilder('base.qcow2').capacity('64 MiB').build();
    virsh('vol-create', name('dir'), file(buildStorageVolumeXml(base)));
    const overlay = new StorageVolumeBuilder('overlay.qcow2')
      .capacity('64 MiB')
      .backingStore({ path: join(target, 'base.qcow2'), format: 'qcow2' })
      .permissions({ mode: 0o640 })
      .build();
    virsh('vol-create', name('dir'), file(buildStorageVolumeXml(overlay)));
    const raw = new StorageVolumeBuilder('raw.img')
      .capacity('1 MiB')
      .allocation('1 MiB')
      .format('raw')
      .build();
    virsh('vol-create', name('dir'), file(buildStorageVolumeXml(raw)));

    const readVol = (vol: string) => {
      const v = parseStorageVolumeXml(virsh('vol-dumpxml', '--pool', name('dir'), vol));
      expect(listUnknown(v)).toEqual([]);
      return v;
    };
    const o = readVol('overlay.qcow2');
    expect(o.capacity).toEqual({ value: 64 * 1024 * 1024, unit: 'bytes' });
    expect(o.target).toMatchObject({ path: join(target, 'overlay.qcow2'), format: { type: 'qcow2' } });
    expect(o.target?.permissions?.mode).toBe(0o640);
    expect(o.backingStore).toMatchObject({ path: join(target, 'base.qcow2'), format: { type: 'qcow2' } });
    const r = readVol('raw.img');
    expect(r.target?.format).toEqual({ type: 'raw' });
    expect(r.allocation?.value).toBeGreaterThanOrEqual(1024 * 1024);

    for (const vol of ['overlay.qcow2', 'base.qcow2', 'raw.img'])
      virsh('vol-delete', '--pool', name('dir'), vol);
    virsh('pool-destroy', name('dir'));
    virsh('pool-undefine', name('dir'));
    expect(listNames('pool-list', '--all', '--name')).toEqual([]);
  });

  const definedOnly: Record<string, () => StoragePoolDef> = {
    fs: () =>
      new StoragePoolBuilder(name('fs'), 'fs')
        .source({ device: '/dev/lvts-h6-none', format: 'ext4' })
        .build(),
    netfs: () =>
      new StoragePoolBuilder(name('netfs'), 'netfs')
        .source({ host: '203.0.113.20', dir: '/export/images', format: 'nfs', protocolVersion: 4 })
        .mountOptions('soft')
        .build(),
    logical: () =>
      new StoragePoolBuilder(name('logical'), 'logical').source({ device: ['/dev/lvts-h6-pv'] }).build(),
    disk: () =>
      new StoragePoolBuilder(name('disk'), 'disk')
        .source({ device: '/dev/lvts-h6-disk', format: 'gpt' })
        .build(),
    iscsi: () =>
      new StoragePoolBuilder(name('iscsi'), 'iscsi')
        .source({
          host: { name: '203.0.113.22', port: 3260 },
          device: 'iqn.2013-06.com.example:h6',
          initiator: 'iqn.2013-06.com.example:client',
        })
        .build(),
    scsi: () => new StoragePoolBuilder(name('scsi'), 'scsi').source({ adapter: 'host0' }).build(),
    mpath: () => new StoragePoolBuilder(name('mpath'), 'mpath').build(),
  };

  it.each(Object.keys(definedOnly))('a %s pool defines as built', (type) => {
    const pool = (definedOnly[type] as () => StoragePoolDef)();
    const back = defineAndReadPool(pool);
    try {
      expect(back.type).toBe(pool.type);
      expect(back.target?.path).toBe(pool.target?.path);
      // libvirt adds what it defaults (a format, a volume group name); everything built is kept.
      expect(back.source ?? {}).toMatchObject(pool.source ?? {});
      expect(back.fsMountOpts).toEqual(pool.fsMountOpts);
    } finally {
      virsh('pool-undefine', pool.name as string);
    }
  });

  it('an isolated network without addresses defines, starts and stops', () => {
    const net = new NetworkBuilder(name('isolated')).build();
    const back = defineAndReadNetwork(net);
    expect(back.forward).toBeUndefined();
    expect(back.ips).toBeUndefined();
    expect(back.bridge?.name).toMatch(/^virbr\d+$/);
    virsh('net-start', name('isolated'));
    expect(virsh('net-info', name('isolated'))).toMatch(/Active:\s+yes/);
    virsh('net-destroy', name('isolated'));
    virsh('net-undefine', name('isolated'));
  });

  const networks: Record<string, () => NetworkDef> = {
    nat: () =>
      new NetworkBuilder(name('nat'))
        .bridge('lvh6nat0')
        .forward('nat', { nat: { ports: { start: 1024, end: 65535 } } })
        .ip({ address: '192.0.2.1', prefix: 24, dhcp: { start: '192.0.2.100', end: '192.0.2.200' } })
        .domain('h6.example', { localOnly: true })
        .dnsmasqOptions('log-queries')
        .build(),
    route: () =>
      new NetworkBuilder(name('route'))
        .bridge('lvh6route0')
        .forward('route', { dev: 'eth0' })
        .ip({ address: '198.51.100.1', netmask: '255.255.255.0' })
        .route({ address: '203.0.113.0', prefix: 24, gateway: '198.51.100.2' })
        .build(),
    open: () =>
      new NetworkBuilder(name('open'))
        .bridge('lvh6open0')
        .forward('open')
        .ip({ address: '203.0.113.1', prefix: 25 })
        .build(),
    bridge: () => new NetworkBuilder(name('bridge')).forward('bridge').bridge('lvh6br0').build(),
    vepa: () => new NetworkBuilder(name('vepa')).forward('vepa', { interfaces: ['eth0', 'eth1'] }).build(),
    passthrough: () =>
      new NetworkBuilder(name('passthrough')).forward('passthrough', { dev: 'eth0' }).build(),
    hostdev: () => new NetworkBuilder(name('hostdev')).forward('hostdev', { pf: 'eth3' }).build(),
  };

  it.each(Object.keys(networks))('a %s network defines as built (not started)', (mode) => {
    const net = (networks[mode] as () => NetworkDef)();
    const back = defineAndReadNetwork(net);
    try {
      expect(back.forward ?? {}).toMatchObject(net.forward ?? {});
      if (net.bridge?.name) expect(back.bridge?.name).toBe(net.bridge.name);
      expect(back.ips).toEqual(net.ips);
      expect(back.routes).toEqual(net.routes);
      expect(back.dnsmasqOptions).toEqual(net.dnsmasqOptions);
    } finally {
      virsh('net-undefine', net.name as string);
    }
  });
});
