// The object-API slice on qemu:///system with a real TCG guest: what hv.domains.get + info() report must match
// what virsh reports, through define, start and destroy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type DomainInfo, Hypervisor } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-test-hypervisor-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
const XML = tinyGuestXml(NAME, DISK);

/** virsh dominfo as a map. */
function dominfo(): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of virsh('dominfo', NAME).split('\n')) {
    const match = /^([^:]+):\s+(.*)$/.exec(line);
    if (match) fields.set(match[1]!.trim(), match[2]!.trim());
  }
  return fields;
}

function expectVirshAgrees(info: DomainInfo): void {
  const fields = dominfo();
  // virsh spells the states as libvirt's virshDomainStateToString does: "shut off" for shutoff.
  expect(fields.get('State')!.replace(' ', '')).toBe(info.state);
  expect(info.maxMemoryKiB).toBe(Number.parseInt(fields.get('Max memory')!, 10));
  expect(info.vcpus).toBe(Number(fields.get('CPU(s)')));
}

describeDaemon('Hypervisor on a real libvirtd with a TCG guest', () => {
  let hv: Hypervisor;
  let conn: Handle;

  beforeAll(async () => {
    requireDaemon();
    createImage(DISK);
    hv = await Hypervisor.connect(DAEMON_URI);
    conn = await call('virConnectOpen', DAEMON_URI);
  });

  // Cleans up through virsh, independently of the SDK, so a failure above cannot leave a guest behind.
  afterAll(async () => {
    removeGuest(NAME, [DISK]);
    await conn?.free();
    await hv?.close();
  });

  it('connects and reports the host', async () => {
    expect(hv.uri).toBe(DAEMON_URI);
    expect(await hv.isAlive()).toBe(true);
    expect(await hv.hostname()).toBe(virsh('hostname').trim());
    expect((await hv.libVersion()).major).toBeGreaterThanOrEqual(9);
    const version = virsh('version');
    const qemu = /Running hypervisor: QEMU (\S+)/.exec(version)!;
    expect((await hv.version()).text).toBe(qemu[1]);
    expect((await hv.nodeInfo()).cpus).toBeGreaterThan(0);
  });

  it('follows a guest through define, start, destroy and undefine, as virsh sees it', async () => {
    const raw = await call('virDomainDefineXML', conn, XML);
    const uuid = virsh('domuuid', NAME).trim();

    await using byName = await hv.domains.get(NAME);
    expect(byName.name).toBe(NAME);
    expect(byName.uuid).toBe(uuid);
    const defined = await byName.info();
    expect(defined).toMatchObject({ state: 'shutoff', maxMemoryKiB: 65536, vcpus: 1, cpuTimeNs: 0n });
    expectVirshAgrees(defined);

    await call('virDomainCreate', raw);
    await using byUuid = await hv.domains.get(uuid);
    expect(byUuid.name).toBe(NAME);
    const running = await byUuid.info();
    expect(running.state).toBe('running');
    expect(running.memoryKiB).toBe(65536);
    expectVirshAgrees(running);
    const listed = await hv.domains.list();
    expect(listed.map((d) => d.name)).toContain(NAME);
    await Promise.all(listed.map((d) => d.free()));

    await call('virDomainDestroy', raw);
    const destroyed = await byName.info();
    expect(destroyed.state).toBe('shutoff');
    expectVirshAgrees(destroyed);

    await call('virDomainUndefine', raw);
    expect(virsh('list', '--all', '--name')).not.toContain(NAME);
  });
});
