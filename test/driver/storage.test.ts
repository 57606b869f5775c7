// hv.pools, StoragePool, pool.volumes and StorageVolume on test:///default. virsh (its own test:///default
// instance) supplies the driver's initial state; what this file changes is read back through the SDK's own XML.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  Hypervisor,
  LibvirtError,
  parseStorageVolumeXml,
  StoragePool,
  StoragePoolBuilder,
  StorageVolume,
  StorageVolumeBuilder,
} from '../../src/index.js';

const URI = 'test:///default';
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

async function libvirtCode(promise: Promise<unknown>): Promise<number> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(LibvirtError);
  return (err as LibvirtError).code;
}

const MiB = 1024 * 1024;

describe('storage pools on test:///default', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    await hv?.close();
  });

  it('lists, gets and finds the default pool by name and UUID as virsh reports it', async () => {
    const uuid = virsh('pool-uuid', 'default-pool').trim();
    const listed = await hv.pools.list();
    expect(listed.map((p) => [p.name, p.uuid])).toEqual([['default-pool', uuid]]);
    expect(listed[0]).toBeInstanceOf(StoragePool);
    const byName = await hv.pools.get('default-pool');
    const byUuid = await hv.pools.get(uuid);
    expect([byName.uuid, byUuid.name]).toEqual([uuid, 'default-pool']);
    expect(await hv.pools.find('lvts-h11-missing')).toBeUndefined();
    expect(await libvirtCode(hv.pools.get('lvts-h11-missing'))).toBe(ErrorCode.NO_STORAGE_POOL);
    expect(await hv.pools.count()).toBe(1);
    expect(await hv.pools.names()).toEqual(['default-pool']);
  });

  it('reports info, state and definition like virsh pool-info / pool-dumpxml', async () => {
    const pool = await hv.pools.get('default-pool');
    const info = await pool.info();
    const fields = new Map(
      virsh('pool-info', '--bytes', 'default-pool')
        .split('\n')
        .map((line) => line.split(/:\s+/))
        .filter((kv) => kv.length === 2) as [string, string][],
    );
    expect(info).toEqual({
      state: fields.get('State'),
      capacity: Number(fields.get('Capacity')),
      allocation: Number(fields.get('Allocation')),
      available: Number(fields.get('Available')),
    });
    expect(await pool.isActive()).toBe(true);
    expect(await pool.isPersistent()).toBe(true);
    expect(await pool.getAutostart()).toBe(false);
    const def = await pool.definition();
    expect(def).toMatchObject({ type: 'dir', name: 'default-pool', target: { path: '/default-pool' } });
    expect(await pool.xml()).toContain('<name>default-pool</name>');
  });

  it('filters the list by named flags and pool type', async () => {
    const names = async (filter: Parameters<typeof hv.pools.list>[0]) =>
      (await hv.pools.list(filter)).map((p) => p.name);
    expect(await names({ active: true })).toEqual(['default-pool']);
    expect(await names({ inactive: true })).toEqual([]);
    expect(await names({ autostart: false, persistent: true })).toEqual(['default-pool']);
    expect(await names({ autostart: true })).toEqual([]);
    expect(await names({ type: 'dir' })).toEqual(['default-pool']);
    expect(await names({ type: ['logical', 'iscsi-direct'] })).toEqual([]);
  });

  it('runs a defined dir pool through build, start, autostart, refresh, stop, delete and undefine', async () => {
    const def = new StoragePoolBuilder('lvts-h11-dir', 'dir').target('/lvts-h11-dir').build();
    const pool = await hv.pools.define(def);
    try {
      expect(pool.name).toBe('lvts-h11-dir');
      expect(await pool.isPersistent()).toBe(true);
      expect(await pool.isActive()).toBe(false);
      expect((await pool.info()).state).toBe('inactive');
      expect((await hv.pools.list({ inactive: true })).map((p) => p.name)).toEqual(['lvts-h11-dir']);
      expect(await hv.pools.names()).toEqual(['default-pool', 'lvts-h11-dir']);
      await pool.build();
      await pool.start();
      expect((await pool.info()).state).toBe('running');
      await pool.setAutostart(true);
      expect(await pool.getAutostart()).toBe(true);
      expect((await hv.pools.list({ autostart: true })).map((p) => p.name)).toEqual(['lvts-h11-dir']);
      await pool.refresh();
      expect((await pool.definition()).target?.path).toBe('/lvts-h11-dir');
      await pool.stop();
      expect(await pool.isActive()).toBe(false);
      await pool.delete();
    } finally {
      if (await pool.isActive()) await pool.stop();
      await pool.undefine();
    }
    expect(await hv.pools.find('lvts-h11-dir')).toBeUndefined();
    expect(await libvirtCode(pool.info())).toBe(ErrorCode.NO_STORAGE_POOL);
  });

  it('creates a transient pool that disappears when stopped', async () => {
    const pool = await hv.pools.create(
      "<pool type='dir'><name>lvts-h11-transient</name><target><path>/lvts-h11-t</path></target></pool>",
    );
    expect(await pool.isPersistent()).toBe(false);
    expect(await pool.isActive()).toBe(true);
    expect((await hv.pools.list({ transient: true })).map((p) => p.name)).toEqual(['lvts-h11-transient']);
    await pool.stop();
    expect(await hv.pools.find('lvts-h11-transient')).toBeUndefined();
  });

  it('finds pool sources for a type (the test driver offers two volume groups)', async () => {
    expect(await hv.pools.findSources('logical')).toMatch(
      /<name>testvg1<\/name>[\s\S]*<name>testvg2<\/name>/,
    );
  });

  it('refuses bad arguments before reaching C', async () => {
    const pool = await hv.pools.get('default-pool');
    await expect(hv.pools.get('')).rejects.toThrow(TypeError);
    await expect(hv.pools.get(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(hv.pools.list({ bogus: true } as never)).rejects.toThrow(/unknown option 'bogus'/);
    await expect(hv.pools.list({ active: 'yes' } as never)).rejects.toThrow(TypeError);
    await expect(hv.pools.list({ type: 'floppy' } as never)).rejects.toThrow(RangeError);
    await expect(hv.pools.define(42 as never)).rejects.toThrow(TypeError);
    await expect(hv.pools.define('  ')).rejects.toThrow(/empty/);
    await expect(pool.build({ overwite: true } as never)).rejects.toThrow(/unknown option 'overwite'/);
    await expect(pool.start({ overwrite: true })).rejects.toThrow(/only with build/);
    await expect(pool.setAutostart('yes' as never)).rejects.toThrow(TypeError);
    await expect(pool.xml({ inactive: 1 } as never)).rejects.toThrow(TypeError);
  });
});

describe('storage volumes on test:///default', () => {
  let hv: Hypervisor;
  let pool: StoragePool;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    pool = await hv.pools.get('default-pool');
  });
  afterAll(async () => {
    for (const vol of (await pool?.volumes.list()) ?? []) await vol.delete();
    await hv?.close();
  });

  it('creates from a builder and from XML, clones, lists, looks up by name, path and key, and deletes', async () => {
    const base = await pool.volumes.create(
      new StorageVolumeBuilder('lvts-h11-a.qcow2').capacity('16 MiB').build(),
    );
    expect(base).toBeInstanceOf(StorageVolume);
    expect([base.name, base.path, base.key]).toEqual([
      'lvts-h11-a.qcow2',
      '/default-pool/lvts-h11-a.qcow2',
      '/default-pool/lvts-h11-a.qcow2',
    ]);
    expect(await base.info()).toMatchObject({ type: 'file', capacity: 16 * MiB });

    const raw = await pool.volumes.create(
      "<volume><name>lvts-h11-b.img</name><capacity unit='MiB'>8</capacity></volume>",
    );
    expect((await raw.info()).capacity).toBe(8 * MiB);

    const clone = await pool.volumes.create(
      new StorageVolumeBuilder('lvts-h11-clone.qcow2').capacity('16 MiB').build(),
      { from: base },
    );
    expect(clone.path).toBe('/default-pool/lvts-h11-clone.qcow2');
    expect((await clone.definition()).name).toBe('lvts-h11-clone.qcow2');
    expect(parseStorageVolumeXml(await clone.xml()).capacity?.value).toBe(16 * MiB);

    expect((await pool.volumes.list()).map((v) => v.name).sort()).toEqual([
      'lvts-h11-a.qcow2',
      'lvts-h11-b.img',
      'lvts-h11-clone.qcow2',
    ]);
    expect(await pool.volumes.count()).toBe(3);
    expect((await pool.volumes.names()).sort()).toEqual([
      'lvts-h11-a.qcow2',
      'lvts-h11-b.img',
      'lvts-h11-clone.qcow2',
    ]);
    expect((await pool.volumes.get('lvts-h11-b.img')).path).toBe(raw.path);
    expect((await pool.volumes.get(raw.path)).name).toBe('lvts-h11-b.img');
    expect((await pool.volumes.get(raw.key)).name).toBe('lvts-h11-b.img');
    expect(await pool.volumes.find('lvts-h11-missing')).toBeUndefined();
    expect(await pool.volumes.find('/default-pool/lvts-h11-missing')).toBeUndefined();
    expect(await libvirtCode(pool.volumes.get('lvts-h11-missing'))).toBe(ErrorCode.NO_STORAGE_VOL);

    const owner = await clone.pool();
    expect([owner.name, owner.uuid]).toEqual([pool.name, pool.uuid]);

    await clone.delete();
    await raw.delete();
    await base.delete();
    expect(await pool.volumes.count()).toBe(0);
    expect(await libvirtCode(base.info())).toBe(ErrorCode.NO_STORAGE_VOL);
  });

  it('rejects with the typed error where the test driver has no resize or wipe', async () => {
    const vol = await pool.volumes.create(new StorageVolumeBuilder('lvts-h11-c.raw').capacity(MiB).build());
    try {
      expect(await libvirtCode(vol.resize('2 MiB'))).toBe(ErrorCode.NO_SUPPORT);
      expect(await libvirtCode(vol.wipe())).toBe(ErrorCode.NO_SUPPORT);
    } finally {
      await vol.delete();
    }
  });

  it('refuses bad sizes, options and clone sources before reaching C', async () => {
    const vol = await pool.volumes.create(new StorageVolumeBuilder('lvts-h11-d.raw').capacity(MiB).build());
    try {
      await expect(vol.resize(-1)).rejects.toThrow(RangeError);
      await expect(vol.resize(1.5)).rejects.toThrow(RangeError);
      await expect(vol.resize('lots')).rejects.toThrow(RangeError);
      await expect(vol.resize({} as never)).rejects.toThrow(TypeError);
      await expect(vol.resize(MiB, { grow: true } as never)).rejects.toThrow(/unknown option 'grow'/);
      await expect(vol.wipe({ algorithm: 'shred' as never })).rejects.toThrow(/must be one of zero, nnsa/);
      await expect(vol.delete({ zeroed: 'yes' } as never)).rejects.toThrow(TypeError);
      await expect(pool.volumes.create('<volume/>', { from: {} as never })).rejects.toThrow(
        /must be a StorageVolume/,
      );
      await expect(pool.volumes.get('')).rejects.toThrow(TypeError);
    } finally {
      await vol.delete();
    }
  });

  it('a freed volume and a closed connection reject with LibvirtError, not a crash', async () => {
    const other = await Hypervisor.connect(URI);
    const otherPool = await other.pools.get('default-pool');
    const vol = await otherPool.volumes.create(
      new StorageVolumeBuilder('lvts-h11-e.raw').capacity(MiB).build(),
    );
    await vol.free();
    expect(vol.freed).toBe(true);
    await expect(vol.info()).rejects.toBeInstanceOf(LibvirtError);
    const again = await otherPool.volumes.get('lvts-h11-e.raw');
    await again.delete();
    await other.close();
    expect(otherPool.freed).toBe(true);
    await expect(otherPool.info()).rejects.toBeInstanceOf(LibvirtError);
    await expect(otherPool.volumes.list()).rejects.toBeInstanceOf(LibvirtError);
  });
});
