// hv.domains.createFromIso() on test:///default: the OS given or detected from an ISO made with xorriso, the host's
// defaults (forHost: the test driver's 'test' type), a qcow2 volume in the dir pool, the definition and a paused
// start; a failing step leaves nothing it created behind.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hypervisor, LibvirtError, OsNotDetectedError } from '../../src/index.js';
import { loadOsinfo, type OsinfoEntry } from '../../src/osinfo/index.js';
import { makeIso } from '../helpers/iso.js';

const URI = 'test:///default';
const POOL = 'default-pool';
const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });
const debian11 = db.get('debian11') as OsinfoEntry;
const tmp = fs.mkdtempSync(path.join(tmpdir(), 'lvts-cfi-'));

const hasXorriso = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v xorriso'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasXorriso && process.env.CI !== 'true') console.warn('[createFromIso] detection skipped: no xorriso');
const itWithXorriso = hasXorriso || process.env.CI === 'true' ? it : it.skip;

describe('hv.domains.createFromIso() on test:///default', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    await hv.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const volumeNames = async () => (await (await hv.pools.get(POOL)).volumes.list()).map((v) => v.name);

  it("builds the OS's guest for the host, on a qcow2 volume of the pool, and starts it paused", async () => {
    const { domain, volume, os } = await hv.domains.createFromIso({
      name: 'lvts-cfi',
      iso: '/var/lib/libvirt/images/debian-11.iso',
      os: debian11,
      pool: POOL,
    });
    try {
      expect(os.shortIds).toContain('debian11');
      expect((await domain.state()).state).toBe('paused');
      expect(volume.name).toBe('lvts-cfi.qcow2');
      const vol = await volume.definition();
      expect(vol.target?.format?.type).toBe('qcow2');
      const storage = debian11.resources.recommended.find((r) => r.arch === 'x86_64' || r.arch === 'all');
      expect((await volume.info()).capacity).toBe(storage?.storageBytes ?? 20 * 1024 ** 3);

      const def = await domain.definition();
      expect(def.type).toBe('test'); // forHost: the test driver's only type
      const disk = def.devices?.disks?.find((d) => d.device === 'disk');
      expect(disk?.type).toBe('file'); // a dir pool's volume is a file: the disk names it, as virt-install's
      expect(disk?.source).toMatchObject({ file: volume.path });
      expect(disk?.driver?.type).toBe('qcow2');
      expect(disk?.target?.bus).toBe('virtio'); // Debian 11 has virtio-blk
      const cdrom = def.devices?.disks?.find((d) => d.device === 'cdrom');
      expect(cdrom?.source).toMatchObject({ file: '/var/lib/libvirt/images/debian-11.iso' });
      expect(def.devices?.interfaces?.[0]).toMatchObject({
        source: { network: 'default' },
        model: { type: 'virtio' },
      });
      expect(def.devices?.graphics?.[0]?.type).toBe('vnc');
      expect(def.memory?.value).toBe((debian11.guest.memoryBytes as number) / 1024); // 1 GiB recommended
    } finally {
      await domain.destroy();
      await domain.undefine();
      await volume.delete();
    }
  });

  itWithXorriso(
    "detects the OS from the ISO (os: 'detect', the default) and takes explicit choices",
    async () => {
      const iso = await makeIso(path.join(tmp, 'debian.iso'), 'Debian 11.5.0 amd64 n');
      const { domain, volume, os } = await hv.domains.createFromIso({
        name: 'lvts-cfi-detect',
        iso,
        pool: POOL,
        diskSize: '2 GiB',
        memory: '512 MiB',
        vcpus: 2,
        start: false,
      });
      try {
        expect(os.shortIds).toContain('debian11');
        expect(await domain.isActive()).toBe(false);
        expect((await volume.info()).capacity).toBe(2 * 1024 ** 3);
        const def = await domain.definition();
        expect(def.memory?.value).toBe(512 * 1024);
        expect(def.vcpu?.value).toBe(2);
      } finally {
        await domain.undefine();
        await volume.delete();
      }
    },
  );

  itWithXorriso('refuses an ISO no OS matches, before creating anything', async () => {
    const iso = await makeIso(path.join(tmp, 'unknown.iso'), 'NOT AN OPERATING SYSTEM 1.0');
    const before = await volumeNames();
    const err = await hv.domains
      .createFromIso({ name: 'lvts-cfi-unknown', iso, pool: POOL })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OsNotDetectedError);
    expect((err as Error).message).toBe(
      `${iso}: no operating system of osinfo-db matches this ISO; choose one and pass it as \`os\``,
    );
    expect(await volumeNames()).toEqual(before);
  });

  it('undoes the volume when the definition fails (the name of an existing domain, another UUID)', async () => {
    const before = await volumeNames();
    const original = await hv.domains.get('test');
    const err = await hv.domains
      .createFromIso({ name: 'test', iso: '/var/lib/libvirt/images/x.iso', os: debian11, pool: POOL })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).message).toMatch(/domain 'test' already exists with uuid/);
    expect(await volumeNames()).toEqual(before); // test.qcow2 was created before the define, then deleted
    expect((await hv.domains.get('test')).uuid).toBe(original.uuid); // the existing domain is untouched
  });

  it('undoes the domain and the volume when a step after the definition fails (the signal aborts)', async () => {
    const before = await volumeNames();
    const controller = new AbortController();
    const domains = hv.domains as { define: typeof hv.domains.define };
    const define = domains.define;
    // Injected: the abort comes while the definition is made, so the next step finds it.
    domains.define = async (def) => {
      const dom = await define.call(hv.domains, def);
      expect(await hv.domains.find('lvts-cfi-undo')).toBeDefined();
      controller.abort(new Error('injected after the definition'));
      return dom;
    };
    try {
      const err = await hv.domains
        .createFromIso({
          name: 'lvts-cfi-undo',
          iso: '/var/lib/libvirt/images/x.iso',
          os: debian11,
          pool: POOL,
          signal: controller.signal,
        })
        .catch((e: unknown) => e);
      expect((err as Error).message).toBe('injected after the definition');
    } finally {
      domains.define = define;
    }
    expect(await hv.domains.find('lvts-cfi-undo')).toBeUndefined();
    expect(await volumeNames()).toEqual(before);
  });

  it('creates nothing when the signal is already aborted, and checks its options', async () => {
    const before = await volumeNames();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      hv.domains.createFromIso({
        name: 'lvts-cfi-abort',
        iso: '/x.iso',
        os: debian11,
        pool: POOL,
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop');
    expect(await volumeNames()).toEqual(before);
    expect(await hv.domains.find('lvts-cfi-abort')).toBeUndefined();

    await expect(
      hv.domains.createFromIso({ name: 'x', iso: 'relative.iso', os: debian11, pool: POOL }),
    ).rejects.toThrow("createFromIso iso must be an absolute path, got 'relative.iso'");
    await expect(
      hv.domains.createFromIso({
        name: 'x',
        iso: '/x.iso',
        os: debian11,
        pool: POOL,
        start: 'later' as 'paused',
      }),
    ).rejects.toThrow("createFromIso start must be 'paused', 'running' or false, got later");
    await expect(
      hv.domains.createFromIso({ name: 'x', iso: '/x.iso', os: debian11, pool: POOL, disk: 1 } as never),
    ).rejects.toThrow(/unknown option 'disk'/);
    expect(await volumeNames()).toEqual(before);
  });
});
