// The seed's walk-through on test:///default, one step per test, in order: pool, volume, ISO, isolated network,
// VM from the ISO, start paused, resume, suspend, resume, VNC, screenshot, snapshot create/revert/delete,
// destroy, undefine, then volume, pool and network removal. Each step is checked by reading libvirt's state
// back through a different call than the one that changed it (virsh cannot see this process's test driver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Domain,
  type DomainSnapshot,
  ErrorCode,
  Hypervisor,
  LibvirtError,
  type Network,
  parseDomainXml,
  type StoragePool,
  type StorageVolume,
  StorageVolumeBuilder,
} from '../../src/index.js';
import {
  diskDefinition,
  domainDefinition,
  networkDefinition,
  poolDefinition,
  seedNames,
} from '../helpers/seed-flow.js';

const n = seedNames('lvts-h12-seed', 'lvtsh12br0');

describe('the seed flow on test:///default', () => {
  let hv: Hypervisor;
  let pool: StoragePool;
  let disk: StorageVolume;
  let iso: StorageVolume;
  let network: Network;
  let domain: Domain;
  let snapshot: DomainSnapshot;

  beforeAll(async () => {
    hv = await Hypervisor.connect('test:///default');
  });
  afterAll(async () => {
    await hv.close();
  });

  it("checks the host: no KVM here, so guests use the driver's only type, 'test'", async () => {
    const support = await hv.virtualizationSupport();
    expect(support.kvm).toBe(false);
    expect(support.recommendedVirtType).toBe('test');
    expect(support.virtTypes).toEqual(['test']);
    expect(support.cpuModels.map((m) => m.name)).toContain('qemu64');
  });

  it('defines, builds and starts a dir pool', async () => {
    pool = await hv.pools.define(poolDefinition(n));
    await pool.build();
    await pool.start();
    const found = await hv.pools.get(n.pool);
    expect(found.uuid).toBe(pool.uuid);
    expect((await found.info()).state).toBe('running');
    expect((await found.definition()).target?.path).toBe(n.poolDir);
  });

  it('creates a qcow2 disk volume and a volume holding the ISO', async () => {
    disk = await pool.volumes.create(diskDefinition(n));
    iso = await pool.volumes.create(new StorageVolumeBuilder(n.iso).capacity('1 MiB').format('raw').build());
    const names = (await pool.volumes.list()).map((v) => v.name).sort();
    expect(names).toEqual([n.iso, n.disk].sort());
    expect((await (await pool.volumes.get(n.disk)).info()).capacity).toBe(64 * 1024 * 1024);
    expect(iso.path).toBe(`${n.poolDir}/${n.iso}`);
  });

  it('defines and starts an isolated network: a bridge without an IP address', async () => {
    network = await hv.networks.define(networkDefinition(n));
    await network.start();
    const found = await hv.networks.get(n.network);
    expect(await found.isActive()).toBe(true);
    expect(await found.bridgeName()).toBe(n.bridge);
    const def = await found.definition();
    expect(def.ips ?? []).toEqual([]);
    expect(def.forward).toBeUndefined();
  });

  it('defines a VM booting from the ISO, with CPU model, memory, video and VNC', async () => {
    domain = await hv.domains.define(domainDefinition(n, iso.path, 'qemu64'));
    const def = parseDomainXml(await (await hv.domains.get(n.domain)).xml());
    expect(def.memory).toEqual({ unit: 'KiB', value: 65536 });
    expect(def.cpu?.model?.value).toBe('qemu64');
    const cdrom = def.devices?.disks?.find((d) => d.device === 'cdrom');
    expect(cdrom?.source?.file).toBe(iso.path);
    expect(def.os?.bootDevices?.[0]?.dev).toBe('cdrom');
    expect(def.devices?.interfaces?.[0]?.source?.network).toBe(n.network);
    expect(def.devices?.videos?.[0]?.model?.type).toBe('vga');
    expect(def.devices?.graphics?.[0]?.type).toBe('vnc');
    expect((await domain.info()).state).toBe('shutoff');
  });

  it('starts paused (the test driver refuses the paused flag: started, then suspended)', async () => {
    const refused = await domain.start({ paused: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LibvirtError);
    expect((refused as LibvirtError).code).toBe(ErrorCode.INVALID_ARG);
    await domain.start();
    await domain.suspend();
    expect(await domain.state()).toMatchObject({ state: 'paused' });
    expect(await domain.isActive()).toBe(true);
  });

  it('resumes, suspends and resumes', async () => {
    await domain.resume();
    expect((await domain.info()).state).toBe('running');
    await domain.suspend();
    expect((await domain.info()).state).toBe('paused');
    await domain.resume();
    expect((await domain.state()).state).toBe('running');
  });

  it('reports the VNC endpoint from the live definition (the test driver allocates no port)', async () => {
    expect(await domain.graphics()).toEqual([{ type: 'vnc', listen: '127.0.0.1' }]);
  });

  it('takes a screenshot', async () => {
    const shot = await domain.screenshot();
    expect(shot.mimeType).toMatch(/^image\//);
    expect(shot.data.length).toBeGreaterThan(0);
  });

  it('creates a snapshot, reverts to it and deletes it', async () => {
    snapshot = await domain.snapshots.create({ name: n.snapshot, description: 'seed flow' });
    expect((await domain.snapshots.list()).map((s) => s.name)).toEqual([n.snapshot]);
    expect((await domain.snapshots.current())?.name).toBe(n.snapshot);
    await domain.suspend();
    await snapshot.revert();
    // The snapshot was taken running, so reverting runs the domain again.
    expect((await domain.info()).state).toBe('running');
    await snapshot.delete();
    expect(await domain.snapshots.list()).toEqual([]);
    expect(await domain.snapshots.find(n.snapshot)).toBeUndefined();
  });

  it('destroys and undefines the VM', async () => {
    await domain.destroy();
    expect((await domain.info()).state).toBe('shutoff');
    await domain.undefine();
    expect(await hv.domains.find(n.domain)).toBeUndefined();
  });

  it('deletes the volumes, then removes the pool and the network', async () => {
    await disk.delete();
    await iso.delete();
    expect(await pool.volumes.list()).toEqual([]);
    await pool.stop();
    await pool.delete();
    await pool.undefine();
    expect(await hv.pools.find(n.pool)).toBeUndefined();
    await network.stop();
    await network.undefine();
    expect(await hv.networks.find(n.network)).toBeUndefined();
  });
});
