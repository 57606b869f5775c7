// virsh's plain equivalents on Domain (issue 9), on test:///default: `undefine({ removeAllStorage: true })`
// (virsh undefine --remove-all-storage: the volumes behind the disks deleted after the undefine, each reported)
// and `interfaceAddresses()` (virsh domifaddr), which dom.agent.interfaceAddresses() shares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DomainBuilder,
  ErrorCode,
  Hypervisor,
  LibvirtError,
  type StoragePool,
  StorageVolumeBuilder,
} from '../../src/index.js';

const URI = 'test:///default';
const NAME = `lvts-wizard-undef-${process.pid}`;

describe('dom.undefine({ removeAllStorage }) and dom.interfaceAddresses()', () => {
  let hv: Hypervisor;
  let pool: StoragePool;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    pool = await hv.pools.get('default-pool');
  });
  afterAll(async () => {
    await hv.close();
  });

  const volumeNames = async () => (await pool.volumes.list()).map((v) => v.name).sort();
  const volume = (name: string, size = '1 MiB') =>
    pool.volumes.create(new StorageVolumeBuilder(name).capacity(size).format('raw').build());

  it('deletes the volumes behind the disks after the undefine, and reports each disk', async () => {
    const byVolume = await volume(`${NAME}-a.img`);
    const byPath = await volume(`${NAME}-b.img`);
    const iso = await volume(`${NAME}.iso`);
    const before = await volumeNames();
    const dom = await hv.domains.define(
      new DomainBuilder(NAME, { type: 'test' })
        .memory('64 MiB')
        .disk({ source: { pool: pool.name, volume: byVolume.name }, format: 'raw' })
        .disk({ source: { file: byPath.path } })
        .disk({ source: { file: '/nowhere/lvts-unmanaged.img' } })
        .cdrom(iso.path) // an installation medium: left alone, as virt-manager does
        .build(),
    );
    // Not while it runs (virsh refuses too): nothing is undefined or deleted.
    await dom.start();
    const running = await dom.undefine({ removeAllStorage: true }).catch((e: unknown) => e);
    expect(running).toBeInstanceOf(LibvirtError);
    expect((running as LibvirtError).code).toBe(ErrorCode.OPERATION_INVALID);
    expect(await volumeNames()).toEqual(before);
    await dom.destroy();

    const report = await dom.undefine({ removeAllStorage: true, managedSave: true });
    expect(await hv.domains.find(NAME)).toBeUndefined();
    expect(
      report.map(({ target, source, pool: p, status }) => ({ target, source, pool: p, status })),
    ).toEqual([
      { target: 'vda', source: byVolume.name, pool: pool.name, status: 'removed' },
      { target: 'vdb', source: byPath.path, pool: undefined, status: 'removed' },
      { target: 'vdc', source: '/nowhere/lvts-unmanaged.img', pool: undefined, status: 'unmanaged' },
    ]);
    const unmanaged = report[2]?.error;
    expect(unmanaged).toBeInstanceOf(LibvirtError);
    expect(unmanaged?.code).toBe(ErrorCode.NO_STORAGE_VOL);
    expect(await volumeNames()).toEqual(before.filter((n) => n !== byVolume.name && n !== byPath.name));
    await iso.delete();
  });

  it('reports a volume that fails to delete, typed, and still undefines', async () => {
    const vol = await volume(`${NAME}-twice.img`);
    // Two disks on one volume: the second delete finds it gone, a real failure of virStorageVolDelete.
    const dom = await hv.domains.define(
      new DomainBuilder(`${NAME}-2`, { type: 'test' })
        .memory('64 MiB')
        .disk({ source: { file: vol.path } })
        .disk({ source: { file: vol.path } })
        .build(),
    );
    const report = await dom.undefine({ removeAllStorage: true });
    expect(report.map((r) => [r.target, r.status])).toEqual([
      ['vda', 'removed'],
      ['vdb', 'failed'],
    ]);
    expect(report[1]?.error).toBeInstanceOf(LibvirtError);
    expect(report[1]?.error?.function).toBe('virStorageVolDelete');
    expect(await hv.domains.find(`${NAME}-2`)).toBeUndefined();
    expect(await volumeNames()).not.toContain(vol.name);
  });

  it('checks its options before anything happens', async () => {
    const dom = await hv.domains.define(
      new DomainBuilder(`${NAME}-3`, { type: 'test' }).memory('64 MiB').build(),
    );
    await expect(dom.undefine({ removeAllStorage: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(dom.undefine({ removeAllStorage: true, bogus: true } as never)).rejects.toThrow(
      /unknown option 'bogus'/,
    );
    expect(await hv.domains.find(`${NAME}-3`)).toBeDefined();
    expect(await dom.undefine({ removeAllStorage: false })).toEqual([]);
    expect(await hv.domains.find(`${NAME}-3`)).toBeUndefined();
  });

  it("interfaceAddresses(): the guest's NICs with their addresses, as the agent's call gives them", async () => {
    const dom = await hv.domains.get('test');
    const def = await dom.definition();
    const macs = (def.devices?.interfaces ?? []).map((i) => i.mac?.address);
    for (const source of ['lease', 'agent', 'arp'] as const) {
      const list = await dom.interfaceAddresses({ source });
      expect(list.length).toBeGreaterThan(0);
      expect(list.map((i) => i.hwaddr)).toEqual(macs);
      for (const i of list)
        for (const a of i.addrs) expect(a.type === 'ipv4' || a.type === 'ipv6').toBe(true);
      expect(await dom.agent.interfaceAddresses({ source })).toEqual(list);
    }
    expect(await dom.interfaceAddresses()).toEqual(await dom.interfaceAddresses({ source: 'lease' }));
    await expect(dom.interfaceAddresses({ source: 'dhcp' as never })).rejects.toThrow(
      /domain\.interfaceAddresses source must be one of lease, agent, arp/,
    );
    await dom.free();
  });
});
