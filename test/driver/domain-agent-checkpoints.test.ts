// dom.agent, dom.checkpoints and dom.blockJobs on test:///default: the agent calls the test driver answers
// (hostname, filesystems, time, addresses, freeze/thaw, trim, password) with its fixed values, checkpoints as
// a real parent/child chain, and every argument check before C.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
const NAME = `lvts-h16-cp-${process.pid}`;
const XML = `<domain type='test'><name>${NAME}</name><memory>65536</memory><os><type>hvm</type></os>
<devices><disk type='file' device='disk'><source file='/dev/null'/><target dev='vda'/></disk></devices></domain>`;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('dom.agent on test:///default', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.get('test'); // the driver's running domain with fake agent answers
  });
  afterAll(async () => {
    await hv.close();
  });

  it('reads the hostname, filesystems, guest time and interface addresses', async () => {
    expect(await dom.agent.hostname()).toBe('testhost');
    const fs = await dom.agent.fsInfo();
    expect(fs).toEqual([
      { mountpoint: '/', name: 'vda1', fstype: 'ext4', devAliases: ['vda'] },
      { mountpoint: '/boot', name: 'vda2', fstype: 'ext4', devAliases: ['vda'] },
    ]);
    const t = await dom.agent.time();
    expect(t.seconds).toBeGreaterThan(0);
    expect(Number.isInteger(t.nseconds)).toBe(true);
    for (const source of ['lease', 'agent', 'arp'] as const) {
      const ifaces = await dom.agent.interfaceAddresses({ source });
      expect(ifaces[0]).toMatchObject({ name: 'testnet0', hwaddr: 'aa:bb:cc:dd:ee:ff' });
      expect(ifaces[0]?.addrs[0]).toMatchObject({ type: 'ipv4', prefix: 24 });
    }
  });

  it('freezes and thaws filesystems, trims, sets a password and the time', async () => {
    expect(await dom.agent.fsFreeze()).toBe(2);
    expect(await dom.agent.fsThaw()).toBe(2);
    expect(await dom.agent.fsFreeze(['/boot'])).toBe(1);
    expect(await dom.agent.fsThaw(['/boot'])).toBe(1);
    await dom.agent.fsTrim({ minimum: 4096 });
    await dom.agent.setUserPassword('root', 'secret');
    await dom.agent.setTime({ seconds: 1_700_000_000, nseconds: 5 });
    await dom.agent.setTime({ sync: true });
  });

  it('rejects what the test driver does not implement with NO_SUPPORT', async () => {
    for (const p of [
      dom.agent.guestInfo({ types: ['os', 'users'] }),
      dom.agent.guestVcpus(),
      dom.agent.authorizedKeys('root'),
      dom.agent.agentCommand({ execute: 'guest-ping' }),
    ]) {
      const err = await rejection(p);
      expect(err).toBeInstanceOf(LibvirtError);
      expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    }
  });

  it('checks arguments before C', async () => {
    await expect(dom.agent.fsFreeze('/' as never)).rejects.toThrow(TypeError);
    await expect(dom.agent.fsTrim({ minimum: -1 })).rejects.toThrow(RangeError);
    await expect(dom.agent.interfaceAddresses({ source: 'dhcp' as never })).rejects.toThrow(RangeError);
    await expect(dom.agent.hostname({ source: 'arp' as never })).rejects.toThrow(RangeError);
    await expect(dom.agent.guestInfo({ types: ['cpu' as never] })).rejects.toThrow(RangeError);
    await expect(dom.agent.setUserPassword('', 'x')).rejects.toThrow(TypeError);
    await expect(dom.agent.setAuthorizedKeys('root', 'key' as never)).rejects.toThrow(TypeError);
    await expect(dom.agent.setTime({ seconds: 1, nseconds: 1e9 })).rejects.toThrow(RangeError);
    await expect(dom.agent.setTime({ sync: true, seconds: 1 } as never)).rejects.toThrow(TypeError);
    await expect(dom.agent.setGuestVcpus('0', 'yes' as never)).rejects.toThrow(TypeError);
    await expect(dom.agent.setResponseTimeout(-5)).rejects.toThrow(RangeError);
    await expect(dom.agent.setResponseTimeout('never' as never)).rejects.toThrow(RangeError);
    await expect(dom.agent.agentCommand(42 as never)).rejects.toThrow(TypeError);
  });
});

describe('dom.checkpoints and dom.blockJobs on test:///default', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.define(XML);
    await dom.start();
  });
  afterAll(async () => {
    const d = await hv.domains.find(NAME);
    if (d) {
      for (const c of await d.checkpoints.list({ roots: true })) await c.delete({ children: true });
      if (await d.isActive()) await d.destroy();
      await d.undefine();
    }
    await hv.close();
  });

  it('creates a chain from a typed definition and from XML, with parents, children and lookups', async () => {
    expect(await dom.checkpoints.list()).toEqual([]);
    expect(await dom.checkpoints.find('c1')).toBeUndefined();
    const err = await rejection(dom.checkpoints.get('c1'));
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_DOMAIN_CHECKPOINT);

    const c1 = await dom.checkpoints.create({ name: 'c1', description: 'first' });
    const c2 = await dom.checkpoints.create('<domaincheckpoint><name>c2</name></domaincheckpoint>');
    expect(c1.name).toBe('c1');
    expect(await c1.parent()).toBeUndefined();
    expect((await c2.parent())?.name).toBe('c1');
    expect((await c1.children()).map((c) => c.name)).toEqual(['c2']);
    const def = await c2.definition();
    expect(def.name).toBe('c2');
    expect(def.disks?.disks?.[0]).toMatchObject({ name: 'vda', checkpoint: 'bitmap' });
    expect(await c2.xml({ noDomain: true })).not.toContain('<domain ');
    expect((await c1.definition()).description).toBe('first');

    expect((await dom.checkpoints.list()).map((c) => c.name).sort()).toEqual(['c1', 'c2']);
    expect((await dom.checkpoints.list({ roots: true })).map((c) => c.name)).toEqual(['c1']);
    expect((await dom.checkpoints.list({ leaves: true })).map((c) => c.name)).toEqual(['c2']);
    expect((await dom.checkpoints.get('c2')).name).toBe('c2');

    await c2.delete();
    expect((await dom.checkpoints.list()).map((c) => c.name)).toEqual(['c1']);
    expect(await c1.children()).toEqual([]);
    await Promise.all([c1.free(), c2.free()]);
  });

  it('checks checkpoint and backup arguments before C', async () => {
    await expect(dom.checkpoints.get('')).rejects.toThrow(TypeError);
    await expect(dom.checkpoints.create(42 as never)).rejects.toThrow(TypeError);
    await expect(dom.checkpoints.create({}, { quiesced: true } as never)).rejects.toThrow(TypeError);
    await expect(dom.checkpoints.list({ roots: 1 } as never)).rejects.toThrow(TypeError);
    await expect(dom.backup.begin('')).rejects.toThrow(TypeError);
    await expect(dom.backup.begin(42 as never)).rejects.toThrow(TypeError);
    await expect(dom.backup.begin([] as never)).rejects.toThrow(TypeError);
  });

  it('block jobs: the test driver has none, arguments are checked before C', async () => {
    const err = await rejection(dom.blockJobs.info('vda'));
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    await expect(dom.blockJobs.info('')).rejects.toThrow(TypeError);
    await expect(dom.blockJobs.commit('vda', { bandwidth: -1 })).rejects.toThrow(RangeError);
    await expect(dom.blockJobs.commit('vda', { actve: true } as never)).rejects.toThrow(TypeError);
    await expect(dom.blockJobs.copy('vda', { disk: 'x' } as never)).rejects.toThrow(TypeError);
    await expect(dom.blockJobs.copy('vda', '<disk/>', { granularity: 2 ** 33 })).rejects.toThrow(RangeError);
    await expect(dom.blockJobs.rebase('vda', 5 as never)).rejects.toThrow(TypeError);
    await expect(dom.blockJobs.abort('vda', { pivot: 'yes' } as never)).rejects.toThrow(TypeError);
    await expect(dom.blockJobs.setSpeed('vda', 1.5)).rejects.toThrow(RangeError);
    await expect(dom.blockJobs.resize('vda', '-1 GiB')).rejects.toThrow(RangeError);
  });

  it('openChannel rejects a bad name before C and a missing channel with a typed error', async () => {
    await expect(dom.openChannel('')).rejects.toThrow(TypeError);
    await expect(dom.openChannel('org.qemu.guest_agent.0', { forced: true } as never)).rejects.toThrow(
      TypeError,
    );
    const err = await rejection(dom.openChannel('org.qemu.guest_agent.0'));
    expect(err).toBeInstanceOf(LibvirtError);
  });
});

describe('snapshot name lists and counts on test:///default', () => {
  const name = `lvts-h16-sn-${process.pid}`;
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.define(XML.replace(NAME, name));
    await dom.start();
  });
  afterAll(async () => {
    const d = await hv.domains.find(name);
    if (d && (await d.isActive())) await d.destroy();
    if (d) await d.undefine({ snapshots: true });
    await hv.close();
  });

  it('counts and names snapshots and children without objects, and says whether one is current', async () => {
    expect(await dom.snapshots.hasCurrent()).toBe(false);
    expect(await dom.snapshots.count()).toBe(0);
    expect(await dom.snapshots.names()).toEqual([]);
    const s1 = await dom.snapshots.create({ name: 's1' });
    await dom.snapshots.create({ name: 's2' });
    await dom.snapshots.create({ name: 's3' });
    expect(await dom.snapshots.hasCurrent()).toBe(true);
    expect(await dom.snapshots.count()).toBe(3);
    expect((await dom.snapshots.names()).sort()).toEqual(['s1', 's2', 's3']);
    expect(await dom.snapshots.names({ roots: true })).toEqual(['s1']);
    expect(await dom.snapshots.count({ leaves: true })).toBe(1);
    expect(await s1.childCount()).toBe(1);
    expect(await s1.childCount({ descendants: true })).toBe(2);
    expect(await s1.childNames()).toEqual(['s2']);
    expect((await s1.childNames({ descendants: true })).sort()).toEqual(['s2', 's3']);
    await expect(s1.childNames({ all: true } as never)).rejects.toThrow(TypeError);
    await expect(dom.snapshots.count({ roots: 'yes' } as never)).rejects.toThrow(TypeError);
  });
});

describe('lookups by binary UUID on test:///default', () => {
  const bytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
  let hv: Hypervisor;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    await hv.close();
  });

  it('finds domains, networks and pools by their 16 raw bytes, and nothing by unknown bytes', async () => {
    const dom = await hv.domains.get('test');
    expect((await hv.domains.get(bytes(dom.uuid))).name).toBe('test');
    const net = await hv.networks.get('default');
    expect((await hv.networks.get(new Uint8Array(bytes(net.uuid)))).name).toBe('default');
    const pool = await hv.pools.get('default-pool');
    expect((await hv.pools.get(bytes(pool.uuid))).name).toBe('default-pool');
    const unknown = Buffer.alloc(16, 0xab);
    expect(await hv.domains.find(unknown)).toBeUndefined();
    expect(await hv.networks.find(unknown)).toBeUndefined();
    expect(await hv.pools.find(unknown)).toBeUndefined();
    const err = await rejection(hv.domains.get(unknown));
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_DOMAIN);
  });

  it('rejects a UUID that is not 16 bytes before C', async () => {
    await expect(hv.domains.get(Buffer.alloc(15))).rejects.toThrow(RangeError);
    await expect(hv.networks.find(new Uint8Array(17))).rejects.toThrow(RangeError);
    const net = await hv.networks.get('default');
    await expect(net.ports.get(Buffer.alloc(4))).rejects.toThrow(RangeError);
  });
});

describe('hv.setIdentity on test:///default', () => {
  it('checks the identity before C; the test driver does not implement it', async () => {
    const hv = await Hypervisor.connect(URI);
    try {
      await expect(hv.setIdentity({})).rejects.toThrow(TypeError);
      await expect(hv.setIdentity({ userId: 0 } as never)).rejects.toThrow(TypeError);
      await expect(hv.setIdentity({ unixUserId: -1 })).rejects.toThrow(RangeError);
      await expect(hv.setIdentity({ userName: 7 } as never)).rejects.toThrow(TypeError);
      const err = await rejection(
        hv.setIdentity({ userName: 'root', unixUserId: 0, processId: process.pid }),
      );
      expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    } finally {
      await hv.close();
    }
  });
});

describe('hv.nwfilters on test:///default', () => {
  it('checks arguments before C; the test driver has no network filters', async () => {
    const hv = await Hypervisor.connect(URI);
    try {
      await expect(hv.nwfilters.get('')).rejects.toThrow(TypeError);
      await expect(hv.nwfilters.get(Buffer.alloc(3))).rejects.toThrow(RangeError);
      await expect(hv.nwfilters.define('')).rejects.toThrow(TypeError);
      await expect(hv.nwfilters.define('<filter/>', { valid: true } as never)).rejects.toThrow(TypeError);
      await expect(hv.nwfilterBindings.get(42 as never)).rejects.toThrow(TypeError);
      await expect(hv.nwfilterBindings.create('')).rejects.toThrow(TypeError);
      const err = await rejection(hv.nwfilters.count());
      expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    } finally {
      await hv.close();
    }
  });
});
