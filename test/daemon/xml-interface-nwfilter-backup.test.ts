/**
 * Issue 10's XML kinds on qemu:///system, each step checked with virsh:
 * - a host bridge interface built with HostInterfaceBuilder: defined, started, listed and undefined where the
 *   host's interface backend defines (netcf); libvirt's udev backend (Debian's build) is read-only and refuses
 *   the define, which must reach the caller as a LibvirtError with `ErrorCode.NO_SUPPORT`, as virsh
 *   iface-define gets; the host's own interfaces read typed, agreeing with virsh iface-dumpxml;
 * - an nwfilter rule set built with NWFilterBuilder: defined, read back with definition() equal in what was
 *   set, listed, bound (typed binding) to a port device nobody has (libvirt records it), then used by a
 *   running guest's NIC, whose binding libvirt makes and we read typed; then removed;
 * - a pull-mode backup of a running TCG guest begun from a typed DomainBackupDef: virsh backup-dumpxml, parsed,
 *   equals dom.backup.definition(); the job is then aborted;
 * - the storage pool capabilities, typed, equal virsh pool-capabilities parsed.
 * Everything is named lvts-xmlkinds-* and removed before and after, also after a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import {
  buildInterfaceXml,
  type DomainBackupDef,
  HostInterfaceBuilder,
  listUnknown,
  NWFilterBuilder,
  type NWFilterDef,
  parseDomainBackupXml,
  parseInterfaceXml,
  parseNWFilterBindingXml,
  parseNWFilterXml,
  parseStoragePoolCapabilitiesXml,
} from '../../src/xml/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { IMAGES, removeGuest, tinyGuest } from '../helpers/tiny-guest.js';

const PREFIX = 'lvts-xmlkinds-';
const BRIDGE = 'lvtsxkbr0';
const FILTER = `${PREFIX}web`;
const PORT = 'lvtsxkport0';
const GUEST = `${PREFIX}backup`;
const SCRATCH = `${IMAGES}/${GUEST}-scratch.qcow2`;
const SOCKET = `${IMAGES}/${GUEST}.sock`;
const NIC_GUEST = `${PREFIX}port`;
const NET = `${PREFIX}net`;

function quiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // already gone
  }
}

function cleanup(): void {
  quiet('nwfilter-binding-delete', PORT);
  quiet('nwfilter-undefine', FILTER);
  quiet('iface-destroy', BRIDGE);
  quiet('iface-undefine', BRIDGE);
  removeGuest(GUEST, [`${IMAGES}/${GUEST}.qcow2`, SCRATCH]);
  removeGuest(NIC_GUEST, [`${IMAGES}/${NIC_GUEST}.qcow2`]);
  quiet('net-destroy', NET);
  rmSync(SOCKET, { force: true });
}

/** virsh's own answer to defining `xml`: undefined when it defined, else its error text. */
function virshDefineRefusal(xml: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'lvts-xmlkinds-'));
  const file = join(dir, 'iface.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('virsh', ['-c', DAEMON_URI, 'iface-define', file], { stdio: 'pipe' });
    quiet('iface-undefine', BRIDGE);
    return undefined;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeDaemon('issue 10 XML kinds on qemu:///system', () => {
  let hv: Hypervisor;

  beforeAll(async () => {
    requireDaemon();
    cleanup();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    cleanup();
  });

  it('a builder-made host bridge: defined, started, listed, undefined, or refused typed by a read-only backend', async () => {
    const def = HostInterfaceBuilder.bridge(BRIDGE, { stp: false, delay: 0 })
      .member('lvtsxkdummy0')
      .startMode('none')
      .mtu(1500)
      .ip('203.0.113.7', 24)
      .build();
    const virshRefusal = virshDefineRefusal(buildInterfaceXml(def));
    const defined = await hv.interfaces.define(def).then(
      (iface) => iface,
      (e: unknown) => e,
    );
    if (virshRefusal !== undefined) {
      // The udev backend: libvirt's interface driver only reads interfaces.
      expect(virshRefusal).toMatch(/not supported by the connection driver: virInterfaceDefineXML/);
      expect(defined).toBeInstanceOf(LibvirtError);
      expect((defined as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
      expect((defined as LibvirtError).message).toMatch(/virInterfaceDefineXML/);
      expect(virsh('iface-list', '--all')).not.toContain(BRIDGE);
      expect(await hv.interfaces.find(BRIDGE)).toBeUndefined();
    } else {
      if (defined instanceof Error) throw defined;
      const iface = defined as Awaited<ReturnType<typeof hv.interfaces.define>>;
      expect(virsh('iface-list', '--all')).toContain(BRIDGE);
      await iface.start();
      expect(await iface.isActive()).toBe(true);
      expect((await hv.interfaces.list({ active: true })).map((i) => i.name)).toContain(BRIDGE);
      expect((await iface.definition({ inactive: true })).bridge?.interfaces?.[0]?.name).toBe('lvtsxkdummy0');
      await iface.stop();
      await iface.undefine();
      expect(virsh('iface-list', '--all')).not.toContain(BRIDGE);
    }
  });

  it("reads the host's interfaces typed, as virsh iface-dumpxml shows them", async () => {
    const ifaces = await hv.interfaces.list();
    expect(ifaces.length).toBeGreaterThan(0);
    for (const iface of ifaces) {
      const def = await iface.definition();
      expect(listUnknown(def)).toEqual([]);
      expect(def.name).toBe(iface.name);
      const fromVirsh = parseInterfaceXml(virsh('iface-dumpxml', iface.name));
      // Link speed and state are live counters; the rest must agree.
      const { link: _a, ...ours } = def;
      const { link: _b, ...theirs } = fromVirsh;
      expect(ours).toEqual(theirs);
    }
  });

  it('an nwfilter rule set from the builder, read back, listed, bound to a port and removed', async () => {
    const built: NWFilterDef = new NWFilterBuilder(FILTER, { chain: 'ipv4', priority: -650 })
      .rule('accept', 'in', 'tcp', { dstportstart: 443, state: 'NEW,ESTABLISHED' }, { priority: 100 })
      .rule('accept', 'out', 'udp', { dstipaddr: '192.0.2.53', dstportstart: 53 })
      .rule('accept', 'inout', 'icmp', { type: 8 }, { statematch: false })
      .rule('drop', 'in', 'all', { srcipaddr: '$BLOCKED' }, { priority: 900 })
      .build();
    const filter = await hv.nwfilters.define(built, { validate: true });
    expect(filter.name).toBe(FILTER);

    const back = await filter.definition();
    expect(listUnknown(back)).toEqual([]);
    expect(back.uuid).toBe(filter.uuid);
    const { uuid: _uuid, ...fields } = back;
    expect(fields).toEqual({
      name: FILTER,
      chain: 'ipv4',
      priority: -650,
      rules: built.rules?.map((rule) => ({ priority: 500, ...rule })),
    });
    expect(parseNWFilterXml(virsh('nwfilter-dumpxml', FILTER))).toEqual(back);
    expect(await hv.nwfilters.names()).toContain(FILTER);
    expect((await hv.nwfilters.list()).map((f) => f.name)).toContain(FILTER);
    expect(virsh('nwfilter-list')).toContain(FILTER);

    const binding = await hv.nwfilterBindings.create({
      owner: { name: `${PREFIX}owner`, uuid: 'a5d0c4b8-7f0e-4c1d-9b2a-3e4f5a6b7c81' },
      portdev: { name: PORT },
      mac: { address: '52:54:00:10:10:01' },
      filterref: { filter: FILTER, parameters: [{ name: 'BLOCKED', value: '198.51.100.66' }] },
    });
    expect(binding).toMatchObject({ portDev: PORT, filterName: FILTER });
    const bound = await binding.definition();
    expect(listUnknown(bound)).toEqual([]);
    expect(bound).toEqual(parseNWFilterBindingXml(virsh('nwfilter-binding-dumpxml', PORT)));
    expect(bound.filterref).toEqual({
      filter: FILTER,
      parameters: [{ name: 'BLOCKED', value: '198.51.100.66' }],
    });
    expect(virsh('nwfilter-binding-list')).toMatch(new RegExp(`${PORT}\\s+${FILTER}`));

    await binding.delete();
    expect(virsh('nwfilter-binding-list')).not.toContain(PORT);

    // A running guest whose NIC references the filter: libvirt makes the binding for its port itself.
    await hv.networks.create(`<network><name>${NET}</name><bridge name='lvtsxkbr1'/></network>`);
    const guest = tinyGuest(NIC_GUEST, {
      devices: `<interface type='network'><source network='${NET}'/><model type='virtio'/>
  <filterref filter='${FILTER}'><parameter name='BLOCKED' value='198.51.100.67'/></filterref>
</interface>`,
    });
    const dom = await hv.domains.create(guest.xml);
    const nic = (await dom.definition()).devices?.interfaces?.[0];
    const portDev = nic?.target?.dev as string;
    expect(virsh('domiflist', NIC_GUEST)).toContain(portDev);
    const guestBinding = await hv.nwfilterBindings.get(portDev);
    expect(guestBinding.filterName).toBe(FILTER);
    const ofGuest = await guestBinding.definition();
    expect(listUnknown(ofGuest)).toEqual([]);
    expect(ofGuest).toEqual(parseNWFilterBindingXml(virsh('nwfilter-binding-dumpxml', portDev)));
    expect(ofGuest).toMatchObject({
      owner: { name: NIC_GUEST, uuid: dom.uuid },
      portdev: { name: portDev },
      mac: { address: nic?.mac?.address },
    });
    // libvirt passes the NIC's MAC to the filter beside the guest's own parameter.
    expect(ofGuest.filterref?.filter).toBe(FILTER);
    expect(ofGuest.filterref?.parameters).toEqual(
      expect.arrayContaining([
        { name: 'BLOCKED', value: '198.51.100.67' },
        { name: 'MAC', value: nic?.mac?.address },
      ]),
    );
    await dom.destroy();
    expect(await hv.nwfilterBindings.find(portDev)).toBeUndefined();
    guest.remove();
    quiet('net-destroy', NET);

    await filter.undefine();
    expect(virsh('nwfilter-list')).not.toContain(FILTER);
  });

  it('a pull-mode backup of a running guest from a typed definition; backup-dumpxml agrees', async () => {
    const guest = tinyGuest(GUEST);
    const dom: Domain = await hv.domains.define(guest.xml);
    await dom.start();
    const backup: DomainBackupDef = {
      mode: 'pull',
      server: { transport: 'unix', socket: SOCKET },
      disks: { disks: [{ name: 'vda', backup: true, type: 'file', scratch: { file: SCRATCH } }] },
    };
    await dom.backup.begin(backup);

    const ours = await dom.backup.definition();
    expect(listUnknown(ours)).toEqual([]);
    expect(parseDomainBackupXml(virsh('backup-dumpxml', GUEST))).toEqual(ours);
    expect(ours).toMatchObject({ mode: 'pull', server: { transport: 'unix', socket: SOCKET } });
    // libvirt filled in the backup mode, the export name and the scratch file's format.
    expect(ours.disks?.disks?.[0]).toMatchObject({
      name: 'vda',
      backup: true,
      type: 'file',
      backupmode: 'full',
      exportname: 'vda',
      driver: { type: 'qcow2' },
      scratch: { file: SCRATCH },
    });

    await dom.jobs.abort();
    // The job ends when QEMU reports its block jobs cancelled: wait for that (a bound, not a speed goal).
    let gone: unknown;
    for (let i = 0; i < 300 && gone === undefined; i++) {
      gone = await dom.backup.xml().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (gone === undefined) await sleep(100);
    }
    expect(gone).toBeInstanceOf(LibvirtError);
    expect((gone as LibvirtError).code).toBe(ErrorCode.NO_DOMAIN_BACKUP);
    await dom.destroy();
  });

  it('the storage pool capabilities, typed, equal virsh pool-capabilities', async () => {
    const caps = await hv.host.storagePoolCapabilities();
    expect(listUnknown(caps)).toEqual([]);
    expect(caps).toEqual(parseStoragePoolCapabilitiesXml(virsh('pool-capabilities')));
    expect(caps.pools?.find((p) => p.type === 'dir')?.supported).toBe(true);
  });
});
