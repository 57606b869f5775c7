// Storage pools and volumes on a real libvirtd (qemu:///system): a dir pool under a temporary directory goes
// through define → build → start → qcow2 and raw volumes → clone → resize → wipe → info → delete → stop → delete →
// undefine. After each step virsh (and the file system) says independently what libvirtd now holds.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ErrorCode,
  Hypervisor,
  LibvirtError,
  type StoragePool,
  StoragePoolBuilder,
  StorageVolumeBuilder,
} from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const POOL = 'lvts-h11-pool';
const MiB = 1024 * 1024;

/** virsh's "Key:   value" blocks (pool-info, vol-info) as a map. */
function fields(...args: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of virsh(...args).split('\n')) {
    const m = /^([^:]+):\s+(.*)$/.exec(line);
    if (m) map.set((m[1] as string).trim(), (m[2] as string).trim());
  }
  return map;
}

const poolNames = (): string[] =>
  virsh('pool-list', '--all', '--name')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
const volNames = (): string[] =>
  virsh('vol-list', POOL)
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/)[0] as string)
    .filter(Boolean);

function removePool(): void {
  const quiet = (...args: string[]) => {
    try {
      virsh(...args);
    } catch {
      // not running / already gone
    }
  };
  if (!poolNames().includes(POOL)) return;
  try {
    for (const vol of volNames()) quiet('vol-delete', '--pool', POOL, vol);
  } catch {
    // an inactive pool lists no volumes
  }
  quiet('pool-destroy', POOL);
  quiet('pool-undefine', POOL);
}

describeDaemon('storage pools and volumes on a real libvirtd', () => {
  let hv: Hypervisor;
  let work: string;
  let target: string;
  let pool: StoragePool;

  beforeAll(async () => {
    requireDaemon();
    removePool();
    work = mkdtempSync(join(tmpdir(), 'lvts-h11-'));
    target = join(work, 'pool');
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    removePool();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('defines, builds and starts a dir pool, with autostart', async () => {
    pool = await hv.pools.define(new StoragePoolBuilder(POOL, 'dir').target(target).build(), {
      validate: true,
    });
    expect(pool.uuid).toBe(virsh('pool-uuid', POOL).trim());
    expect(fields('pool-info', POOL).get('State')).toBe('inactive');
    expect((await pool.info()).state).toBe('inactive');

    await pool.build();
    expect(existsSync(target)).toBe(true);
    await pool.start();
    expect(fields('pool-info', POOL).get('State')).toBe('running');
    expect(await pool.isActive()).toBe(true);

    await pool.setAutostart(true);
    expect(fields('pool-info', POOL).get('Autostart')).toBe('yes');
    expect(await pool.getAutostart()).toBe(true);
    await pool.setAutostart(false);
    expect(fields('pool-info', POOL).get('Autostart')).toBe('no');

    const info = await pool.info();
    const virshInfo = fields('pool-info', '--bytes', POOL);
    expect(info.state).toBe('running');
    expect(info.capacity).toBe(Number(virshInfo.get('Capacity')));
    expect((await pool.definition({ inactive: true })).target?.path).toBe(target);
    expect((await hv.pools.list({ active: true, type: 'dir' })).map((p) => p.name)).toContain(POOL);
    expect((await hv.pools.getByTargetPath(target)).name).toBe(POOL);
  });

  it('creates a qcow2 and a raw volume that virsh and qemu-img see', async () => {
    const qcow = await pool.volumes.create(new StorageVolumeBuilder('disk.qcow2').capacity('32 MiB').build());
    const raw = await pool.volumes.create(
      new StorageVolumeBuilder('data.img').capacity('4 MiB').format('raw').build(),
    );
    expect(volNames().sort()).toEqual(['data.img', 'disk.qcow2']);
    expect((await pool.volumes.names()).sort()).toEqual(['data.img', 'disk.qcow2']);
    expect(qcow.path).toBe(join(target, 'disk.qcow2'));
    expect(qcow.path).toBe(virsh('vol-path', '--pool', POOL, 'disk.qcow2').trim());
    expect(qcow.key).toBe(virsh('vol-key', '--pool', POOL, 'disk.qcow2').trim());

    for (const vol of [qcow, raw]) {
      const v = fields('vol-info', '--bytes', '--pool', POOL, vol.name);
      expect(await vol.info()).toEqual({
        type: v.get('Type'),
        capacity: parseInt(v.get('Capacity') as string, 10),
        allocation: parseInt(v.get('Allocation') as string, 10),
      });
    }
    const image = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', qcow.path], { encoding: 'utf8' }),
    );
    expect([image.format, image['virtual-size']]).toEqual(['qcow2', 32 * MiB]);
    expect((await raw.definition()).target?.format?.type).toBe('raw');
    expect((await pool.volumes.get(raw.path)).name).toBe('data.img');
    expect((await raw.pool()).name).toBe(POOL);
    expect((await raw.info({ physical: true })).allocation).toBe(4 * MiB);
  });

  it('uploads into a volume and downloads it back through the volume object', async () => {
    const raw = await pool.volumes.get('data.img');
    const data = Buffer.alloc(MiB);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    await raw.upload(data, { length: data.length });
    expect(Buffer.compare(readFileSync(raw.path).subarray(0, MiB), data)).toBe(0);
    const chunks: Buffer[] = [];
    for await (const chunk of raw.download({ length: MiB })) chunks.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(chunks), data)).toBe(0);
  });

  it('clones a volume, resizes and wipes volumes, and deletes them', async () => {
    const qcow = await pool.volumes.get('disk.qcow2');
    const clone = await pool.volumes.create(
      new StorageVolumeBuilder('clone.qcow2').capacity('32 MiB').build(),
      {
        from: qcow,
      },
    );
    expect(volNames()).toContain('clone.qcow2');
    const cloned = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', clone.path], { encoding: 'utf8' }),
    );
    expect([cloned.format, cloned['virtual-size']]).toEqual(['qcow2', 32 * MiB]);

    await clone.resize('64 MiB');
    expect(
      parseInt(fields('vol-info', '--bytes', '--pool', POOL, 'clone.qcow2').get('Capacity') as string, 10),
    ).toBe(64 * MiB);
    await clone.resize(MiB * 16, { delta: true });
    expect((await clone.info()).capacity).toBe(80 * MiB);
    await expect(clone.resize('8 MiB')).rejects.toBeInstanceOf(LibvirtError);

    const raw = await pool.volumes.get('data.img');
    await raw.resize('2 MiB', { shrink: true });
    expect(
      parseInt(fields('vol-info', '--bytes', '--pool', POOL, 'data.img').get('Capacity') as string, 10),
    ).toBe(2 * MiB);

    // Write a pattern, then wipe: the file must read back as zeroes.
    const fd = openSync(raw.path, 'r+');
    writeSync(fd, Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, 0);
    closeSync(fd);
    await raw.wipe();
    const after = readFileSync(raw.path);
    expect(after.length).toBe(2 * MiB);
    expect(after.every((b) => b === 0)).toBe(true);
    await expect(raw.wipe({ algorithm: 'zero' })).resolves.toBeUndefined();

    await clone.delete();
    await raw.delete();
    expect(volNames()).toEqual(['disk.qcow2']);
    expect(existsSync(raw.path)).toBe(false);
    const err = await pool.volumes.get('data.img').catch((e: unknown) => e);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_STORAGE_VOL);
  });

  it('stops, deletes and undefines the pool', async () => {
    await pool.refresh();
    expect((await pool.volumes.list()).map((v) => v.name)).toEqual(['disk.qcow2']);
    await (await pool.volumes.get('disk.qcow2')).delete();
    await pool.stop();
    expect(fields('pool-info', POOL).get('State')).toBe('inactive');
    await pool.delete();
    expect(existsSync(target)).toBe(false);
    await pool.undefine();
    expect(poolNames()).not.toContain(POOL);
    expect(await hv.pools.find(POOL)).toBeUndefined();
  });

  it('a transient pool created with build exists only while running', async () => {
    const transient = await hv.pools.create(
      new StoragePoolBuilder('lvts-h11-transient', 'dir').target(join(work, 'transient')).build(),
      { build: true },
    );
    expect(existsSync(join(work, 'transient'))).toBe(true);
    expect(fields('pool-info', 'lvts-h11-transient').get('Persistent')).toBe('no');
    await transient.stop();
    expect(poolNames()).not.toContain('lvts-h11-transient');
  });
});
