// The Domain object API on test:///default: define/create, the lifecycle with state reasons, settings,
// save/restore/managed save, screenshots, stats and argument checks. Each step is checked through a different
// call than the one that made it (state() after start(), list filters after autostart, info() after setMemory).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import type { DomainDef } from '../../src/xml/index.js';

const URI = 'test:///default';
const PREFIX = `lvts-h10-${process.pid}`;
const SAVE = `/tmp/${PREFIX}.save`;

/** A test-driver guest as a typed definition (the XML model's Domain). */
function guest(name: string): DomainDef {
  return {
    type: 'test',
    name,
    memory: { value: 65536, unit: 'KiB' },
    currentMemory: { value: 65536, unit: 'KiB' },
    vcpu: { value: 2 },
    os: { type: { value: 'hvm' } },
    devices: { graphics: [{ type: 'vnc', port: 5901, listen: '127.0.0.1' }] },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

const names = (domains: Domain[]) => domains.map((d) => d.name);

describe('Domain lifecycle on test:///default', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.define(guest(`${PREFIX}-a`), { validate: true });
  });

  afterAll(async () => {
    for (const d of await hv.domains.list()) {
      if (d.name.startsWith(PREFIX)) {
        if (await d.isActive()) await d.destroy();
        if (await d.isPersistent()) await d.undefine({ managedSave: true, snapshots: true });
      }
    }
    rmSync(SAVE, { force: true });
    await hv.close();
  });

  it('defines a persistent domain from a typed definition and finds it by name and UUID', async () => {
    expect(dom.name).toBe(`${PREFIX}-a`);
    expect(await dom.isPersistent()).toBe(true);
    expect(await dom.isActive()).toBe(false);
    expect(await dom.id()).toBeUndefined();
    expect((await hv.domains.get(dom.uuid)).name).toBe(dom.name);
    expect(await hv.domains.find(`${PREFIX}-missing`)).toBeUndefined();
    expect((await dom.definition()).name).toBe(dom.name);
    expect(await dom.xml({ inactive: true })).toContain(`<name>${dom.name}</name>`);
    expect(await dom.state()).toEqual({ state: 'shutoff', reason: 'unknown', reasonCode: 0 });
    expect(names(await hv.domains.list({ inactive: true }))).toContain(dom.name);
    expect(names(await hv.domains.list({ active: true }))).not.toContain(dom.name);
  });

  it('starts, suspends, resumes, reboots, resets, shuts down and destroys with the reasons libvirt gives', async () => {
    await dom.start();
    expect(await dom.state()).toMatchObject({ state: 'running', reason: 'booted' });
    expect(await dom.id()).toBeGreaterThan(0);
    expect(names(await hv.domains.list({ running: true }))).toContain(dom.name);

    await dom.suspend();
    expect(await dom.state()).toMatchObject({ state: 'paused', reason: 'user' });
    expect(names(await hv.domains.list({ paused: true }))).toContain(dom.name);
    await dom.resume();
    expect(await dom.state()).toMatchObject({ state: 'running', reason: 'unpaused' });

    await dom.reboot();
    await dom.reset();
    expect((await dom.info()).state).toBe('running');

    await dom.shutdown();
    expect(await dom.state()).toMatchObject({ state: 'shutoff', reason: 'shutdown' });
    await dom.start();
    await dom.destroy();
    expect(await dom.state()).toMatchObject({ state: 'shutoff', reason: 'destroyed' });
    // Destroying a stopped domain is libvirt's OPERATION_INVALID, typed.
    const err = await rejection(dom.destroy());
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.OPERATION_INVALID);
  });

  it('creates a transient domain that is gone once destroyed', async () => {
    const t = await hv.domains.create(guest(`${PREFIX}-t`));
    expect(await t.isPersistent()).toBe(false);
    expect(await t.state()).toMatchObject({ state: 'running' });
    expect(names(await hv.domains.list({ transient: true }))).toContain(t.name);
    await t.destroy();
    expect(await hv.domains.find(t.name)).toBeUndefined();
  });

  it('sets autostart, memory and vCPUs, as the list filters and info() read back', async () => {
    await dom.setAutostart(true);
    expect(await dom.getAutostart()).toBe(true);
    expect(names(await hv.domains.list({ autostart: true }))).toContain(dom.name);
    await dom.setAutostart(false);
    expect(names(await hv.domains.list({ autostart: false }))).toContain(dom.name);

    const maxKiB = await dom.tuning.getMaxMemory();
    await dom.tuning.setMaxMemory('256 MiB'); // inactive only; the builder's size strings, besides KiB
    expect((await dom.info()).maxMemoryKiB).toBe(262144);
    await dom.tuning.setMaxMemory(maxKiB);
    expect((await dom.info()).maxMemoryKiB).toBe(maxKiB);

    await dom.start();
    await dom.setMemory(32768, { live: true });
    expect((await dom.info()).memoryKiB).toBe(32768);
    // The builder's size strings too.
    await dom.setMemory('48 MiB', { live: true });
    expect((await dom.info()).memoryKiB).toBe(48 * 1024);
    await dom.setMemory('0.03125GiB', { live: true });
    expect((await dom.info()).memoryKiB).toBe(32768);
    await dom.setVcpus(1, { live: true });
    expect((await dom.info()).vcpus).toBe(1);
    await dom.destroy();
  });

  it('saves to a file and restores, and keeps a managed save that the next start resumes', async () => {
    await dom.start();
    await dom.save(SAVE);
    expect(await dom.state()).toMatchObject({ state: 'shutoff', reason: 'saved' });
    await hv.domains.restore(SAVE);
    expect(await dom.state()).toMatchObject({ state: 'running', reason: 'restored' });

    await dom.managedSave();
    expect(await dom.hasManagedSave()).toBe(true);
    expect(names(await hv.domains.list({ managedSave: true }))).toContain(dom.name);
    // Starting consumes the image (the test driver reports the start as 'booted', QEMU as 'restored').
    await dom.start();
    expect((await dom.state()).state).toBe('running');
    expect(await dom.hasManagedSave()).toBe(false);
    await dom.destroy();
  });

  it('reads graphics endpoints, a PNG screenshot and typed stats', async () => {
    expect(await dom.graphics()).toEqual([{ type: 'vnc', listen: '127.0.0.1', port: 5901 }]);
    await dom.start();
    const shot = await dom.screenshot();
    expect(shot.mimeType).toBe('image/png');
    expect(shot.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const stats = await dom.stats({ groups: ['state'] });
    expect(stats.state).toMatchObject({ state: 'running', reason: 'booted' });
    const all = await hv.domains.statsAll({ filter: { running: true } });
    const mine = all.find((e) => e.domain.name === dom.name);
    expect(mine?.domain.uuid).toBe(dom.uuid);
    expect(mine?.stats.state?.state).toBe('running');
    await Promise.all(all.map((e) => e.domain.free()));

    const io = await dom.blockStats('vda').catch((e: unknown) => e);
    // The test driver invents counters for any disk name it knows; an unknown one is INVALID_ARG.
    if (io instanceof LibvirtError) expect(io.code).toBe(ErrorCode.INVALID_ARG);
    else expect(typeof (io as { readBytes: unknown }).readBytes).toBe('bigint');
    await dom.destroy();
  });

  it('renames a stopped domain and undefines it', async () => {
    const b = await hv.domains.define(guest(`${PREFIX}-b`));
    await b.rename(`${PREFIX}-c`);
    expect(b.name).toBe(`${PREFIX}-c`);
    expect(await hv.domains.find(`${PREFIX}-b`)).toBeUndefined();
    expect((await hv.domains.get(`${PREFIX}-c`)).uuid).toBe(b.uuid);
    await b.undefine();
    expect(await hv.domains.find(`${PREFIX}-c`)).toBeUndefined();
  });

  it('attaching a device reaches libvirt as typed NO_SUPPORT on the test driver', async () => {
    const err = await rejection(
      dom.attachDevice(
        { disk: { type: 'file', device: 'disk', source: { file: '/tmp/x.img' }, target: { dev: 'vdb' } } },
        { config: true },
      ),
    );
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
  });

  it('checks arguments before C', async () => {
    await expect(dom.start({ pasued: true } as never)).rejects.toThrow(/unknown option 'pasued'/);
    await expect(dom.start({ paused: 'yes' } as never)).rejects.toThrow(TypeError);
    await expect(dom.setMemory(-1)).rejects.toThrow(RangeError);
    await expect(dom.setMemory({} as never)).rejects.toThrow(TypeError);
    // A size string takes a unit ('1024' would be bytes as a string and KiB as a number) and whole KiB.
    await expect(dom.setMemory('1024')).rejects.toThrow(/has no unit/);
    await expect(dom.setMemory('1.5 KiB')).rejects.toThrow(/not a whole number of KiB/);
    await expect(dom.setMemory('lots')).rejects.toThrow(RangeError);
    await expect(dom.setVcpus(0)).rejects.toThrow(RangeError);
    await expect(dom.screenshot({ screen: -1 })).rejects.toThrow(RangeError);
    await expect(dom.shutdown({ mode: 'poweroff' as never })).rejects.toThrow(/mode must be one of/);
    // The waiting options need `wait: true`: a type error, and at run time a message that says so.
    // @ts-expect-error timeoutMs without wait: true
    await expect(dom.shutdown({ timeoutMs: 5000 })).rejects.toThrow(/options\.timeoutMs needs wait: true/);
    await expect(dom.shutdown({ wait: false, forceAfterTimeout: true } as never)).rejects.toThrow(
      /options\.forceAfterTimeout needs wait: true/,
    );
    await expect(dom.stats({ groups: ['cpu'] as never })).rejects.toThrow(/groups\[\] must be one of/);
    await expect(dom.attachDevice({ disk: {}, video: {} } as never)).rejects.toThrow(/exactly one key/);
    await expect(dom.attachDevice({ disk: { bogus: 1 } } as never)).rejects.toThrow(
      /unknown property 'bogus'/,
    );
    await expect(hv.domains.define('  ')).rejects.toThrow(/XML is empty/);
    await expect(hv.domains.restore('')).rejects.toThrow(TypeError);
  });

  it('a freed domain rejects with a LibvirtError instead of reaching C', async () => {
    const d = await hv.domains.get(dom.name);
    await d.free();
    await expect(d.state()).rejects.toBeInstanceOf(LibvirtError);
    await expect(d.screenshot()).rejects.toBeInstanceOf(LibvirtError);
    await expect(d.stats()).rejects.toBeInstanceOf(LibvirtError);
  });
});
