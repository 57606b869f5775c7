// libvirt-ts/raw on live objects (test:///default): toRaw lends an object's handle to call() on the same
// connection (no second open: every virConnectOpen* through the worker pool is counted), fromRaw wraps a handle
// call() returned into its object with a reference of its own, and wrong handles are TypeErrors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import { Domain, Hypervisor, Network, StoragePool } from '../../src/index.js';
import { call, fromRaw, type Handle, toRaw } from '../../src/raw.js';

let hv: Hypervisor;
let dom: Domain;
const opened: string[] = [];
let restore: () => void;

beforeAll(async () => {
  hv = await Hypervisor.connect('test:///default');
  dom = await hv.domains.get('test');
  // Every libvirt call of this process goes through the pool: record the opens.
  const original = executor.call.bind(executor);
  executor.call = ((fn: string, ...rest: unknown[]) => {
    if (fn.startsWith('virConnectOpen')) opened.push(fn);
    return (original as (...a: unknown[]) => unknown)(fn, ...rest);
  }) as typeof executor.call;
  restore = () => {
    executor.call = original;
  };
});

afterAll(async () => {
  restore();
  await hv.close();
});

describe('toRaw', () => {
  it("a raw-only function on a Domain of the object API, on the Hypervisor's own connection", async () => {
    // virDomainGetUUID (the 16 raw bytes) is reachable through libvirt-ts/raw only.
    const bytes = await call('virDomainGetUUID', toRaw(dom));
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toBe(dom.uuid.replaceAll('-', ''));
    // The domain's connection, as libvirt sees it, is the Hypervisor's (the same Handle, not a new one).
    const connection = await call('virDomainGetConnect', toRaw(dom));
    expect(connection).toBe(toRaw(hv));
    expect(await call('virConnectGetURI', connection)).toBe('test:///default');
    expect(opened).toEqual([]);
    // Borrowed: the object still works.
    expect(await dom.isActive()).toBe(true);
  });

  it('refuses what is not an object of the SDK', () => {
    expect(() => toRaw({})).toThrow(TypeError);
    expect(() => toRaw(null)).toThrow(TypeError);
    expect(() => toRaw(toRaw(dom))).toThrow(/already a Handle/);
  });
});

describe('fromRaw', () => {
  it('wraps a handle call() returned into its object, which owns a reference of its own', async () => {
    const raw = await call('virDomainLookupByName', toRaw(hv), 'test');
    const wrapped = await fromRaw(hv, raw, Domain);
    expect(wrapped.name).toBe('test');
    expect(wrapped.uuid).toBe(dom.uuid);
    // Freeing the raw handle leaves the object valid, and the other way round.
    await raw.free();
    expect(await wrapped.isActive()).toBe(true);
    const raw2 = await call('virDomainLookupByName', toRaw(hv), 'test');
    const again = await hv.fromRaw(raw2);
    await (again as Domain).free();
    expect(await call('virDomainGetName', raw2)).toBe('test');
    await raw2.free();
    await wrapped.free();
    expect(opened).toEqual([]);
  });

  it('wraps pools and networks too', async () => {
    const pool = await fromRaw(
      hv,
      await call('virStoragePoolLookupByName', toRaw(hv), 'default-pool'),
      StoragePool,
    );
    expect(pool.name).toBe('default-pool');
    const net = await fromRaw(hv, await call('virNetworkLookupByName', toRaw(hv), 'default'), Network);
    expect(net.name).toBe('default');
    await pool.free();
    await net.free();
  });

  it('refuses handles of another connection, freed ones, connections, wrong classes and non-handles', async () => {
    const other = await call('virConnectOpen', 'test:///default');
    // The count above sees opens: this deliberate second connection is the first one recorded.
    expect(opened).toEqual(['virConnectOpen']);
    const foreign = await call('virDomainLookupByName', other, 'test');
    await expect(hv.fromRaw(foreign)).rejects.toThrow(/another connection/);
    await foreign.free();
    await expect(hv.fromRaw(foreign)).rejects.toThrow(/was freed/);
    await expect(hv.fromRaw(other)).rejects.toThrow(/connection handle is not wrapped/);
    await other.free();
    const raw = await call('virDomainLookupByName', toRaw(hv), 'test');
    await expect(fromRaw(hv, raw, Network)).rejects.toThrow(/is a domain, not a Network/);
    await raw.free();
    await expect(hv.fromRaw({} as Handle)).rejects.toThrow(TypeError);
    // Without `as`, the kind decides the class.
    const raw2 = await call('virDomainLookupByName', toRaw(hv), 'test');
    const untyped = await hv.fromRaw(raw2);
    expect(untyped).toBeInstanceOf(Domain);
    await (untyped as Domain).free();
    await raw2.free();
  });
});

describe('fromRaw through the parent: snapshots, checkpoints, ports', () => {
  const xml = (name: string) =>
    `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os>
<devices><disk type='file' device='disk'><source file='/dev/null'/><target dev='vda'/></disk></devices></domain>`;

  it("wraps a snapshot or checkpoint of the domain, and refuses another domain's", async () => {
    opened.length = 0;
    const a = await hv.domains.define(xml(`lvts-raw-a-${process.pid}`));
    const b = await hv.domains.define(xml(`lvts-raw-b-${process.pid}`));
    // The test driver keeps snapshots and checkpoints apart: checkpoints on their own domain.
    const c = await hv.domains.define(xml(`lvts-raw-c-${process.pid}`));
    try {
      await a.snapshots.create({ name: 's' });
      await b.snapshots.create({ name: 's' });
      await c.start();
      await c.checkpoints.create({ name: 'c' });
      const raw = await call('virDomainSnapshotLookupByName', toRaw(a), 's', 0);
      const snap = await a.snapshots.fromRaw(raw);
      await raw.free();
      expect(snap.name).toBe('s');
      expect(await snap.isCurrent()).toBe(true);
      await snap.free();
      // Same name, other domain: its XML names a's UUID, so b refuses it.
      const rawA = await call('virDomainSnapshotLookupByName', toRaw(a), 's', 0);
      await expect(b.snapshots.fromRaw(rawA)).rejects.toThrow(/belongs to another parent/);
      await expect(b.checkpoints.fromRaw(rawA)).rejects.toThrow(/is a snapshot, not a checkpoint/);
      await expect(hv.fromRaw(rawA)).rejects.toThrow(/dom\.snapshots\.fromRaw/);
      await rawA.free();
      const rawC = await call('virDomainCheckpointLookupByName', toRaw(c), 'c', 0);
      const checkpoint = await c.checkpoints.fromRaw(rawC);
      expect(checkpoint.name).toBe('c');
      await expect(b.checkpoints.fromRaw(rawC)).rejects.toThrow(/belongs to another parent/);
      await rawC.free();
      await checkpoint.free();
      const net = await hv.networks.get('default');
      await expect(net.ports.fromRaw(toRaw(a))).rejects.toThrow(/is a domain, not a networkPort/);
      await net.free();
      expect(opened).toEqual([]);
    } finally {
      for (const d of [a, b, c]) {
        for (const checkpoint of await d.checkpoints.list()) await checkpoint.delete();
        for (const snapshot of await d.snapshots.list()) await snapshot.delete();
        if (await d.isActive()) await d.destroy();
        await d.undefine();
      }
    }
  });
});
