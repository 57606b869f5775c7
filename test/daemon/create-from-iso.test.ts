// hv.domains.createFromIso() on qemu:///system (issue 9's Must-show): a Debian-like ISO made with xorriso, the OS
// detected from it, a qcow2 volume in a dir pool, the guest defined and started paused; checked with virsh
// (domstate, domblklist --details, dumpxml) and qemu-img info. A real failure after the volume was created (the
// start, on a network that does not exist; the definition, on the name of an existing domain) leaves no volume,
// domain or network behind.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hypervisor, LibvirtError } from '../../src/index.js';
import { loadOsinfo } from '../../src/osinfo/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { makeIso } from '../helpers/iso.js';

const POOL = 'lvts-wizard-pool';
const NET = 'lvts-wizard-net';
const NAME = 'lvts-wizard-debian';
const FAILED = 'lvts-wizard-fail';
const TAKEN = 'lvts-wizard-taken';
const DOMAINS = [NAME, FAILED, TAKEN];
const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });

/** Quietly runs virsh: cleanup of what may not exist. */
function virshQuiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // Not there.
  }
}

function removeAll(): void {
  for (const name of DOMAINS) {
    virshQuiet('destroy', name);
    virshQuiet('undefine', name, '--nvram');
    virshQuiet('undefine', name);
  }
  for (const vol of listVolumes()) virshQuiet('vol-delete', vol, '--pool', POOL);
  virshQuiet('pool-destroy', POOL);
  virshQuiet('pool-undefine', POOL);
  virshQuiet('net-destroy', NET);
  virshQuiet('net-undefine', NET);
}

/** The pool's volume names, from `virsh vol-list` (its first column; this virsh has no --name). */
function listVolumes(): string[] {
  let out: string;
  try {
    out = virsh('vol-list', POOL);
  } catch {
    return []; // no such pool (cleanup)
  }
  return out
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean)
    .sort();
}

const names = (out: string) =>
  out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

describeDaemon('hv.domains.createFromIso() on qemu:///system', () => {
  let hv: Hypervisor;
  let tmp: string;
  let iso: string;

  beforeAll(async () => {
    requireDaemon();
    removeAll();
    tmp = fs.mkdtempSync(path.join(tmpdir(), 'lvts-wizard-'));
    fs.chmodSync(tmp, 0o755);
    const poolDir = path.join(tmp, 'pool');
    virsh('pool-define-as', POOL, 'dir', '--target', poolDir);
    virsh('pool-build', POOL);
    virsh('pool-start', POOL);
    // An isolated network without an IP address: the NIC's.
    const netXml = path.join(tmp, 'net.xml');
    fs.writeFileSync(netXml, `<network><name>${NET}</name><bridge name='lvtswiz0'/></network>`);
    virsh('net-define', netXml);
    virsh('net-start', NET);
    // The volume ID of Debian 11's amd64 netinst, as osinfo-db's media rule for debian11 matches it.
    iso = await makeIso(path.join(tmp, 'debian.iso'), 'Debian 11.5.0 amd64 n');
    hv = await Hypervisor.connect(DAEMON_URI);
  }, 120_000);

  afterAll(async () => {
    await hv?.close();
    removeAll();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it("detects Debian, puts a qcow2 disk on the pool with the OS's buses, VNC, and starts it paused", async () => {
    const { domain, volume, os } = await hv.domains.createFromIso({
      name: NAME,
      iso,
      os: 'detect',
      pool: POOL,
      network: NET,
      start: 'paused',
    });
    expect(os.shortIds).toContain('debian11');
    // What the OS's osinfo entry says (virt-install's rule): virtio disk and NIC when it has the drivers.
    const entry = db.get('debian11');
    expect(entry?.support.virtioBlock).toBe(true);
    expect(entry?.support.virtioNet).toBe(true);
    const expectedBus = entry?.support.virtioBlock ? 'virtio' : 'sata';
    const expectedNic = entry?.support.virtioNet ? 'virtio' : 'e1000e';

    expect(virsh('domstate', NAME).trim()).toBe('paused');

    // domblklist --details: "Type Device Target Source" — a file disk on the volume and the cdrom on the ISO.
    const rows = virsh('domblklist', NAME, '--details')
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((r) => r.length === 4);
    expect(listVolumes()).toEqual([`${NAME}.qcow2`]); // what vol-list shows: the check below relies on it
    const volPath = virsh('vol-path', volume.name, '--pool', POOL).trim();
    expect(volume.path).toBe(volPath);
    expect(rows).toContainEqual(['file', 'disk', 'vda', volPath]);
    expect(rows).toContainEqual(['file', 'cdrom', expect.any(String), iso]);

    const info = JSON.parse(
      execFileSync('qemu-img', ['info', '-U', '--output=json', volPath], { encoding: 'utf8' }),
    );
    expect(info.format).toBe('qcow2');

    const xml = virsh('dumpxml', NAME);
    expect(xml).toMatch(new RegExp(`<target dev='vda' bus='${expectedBus}'/>`));
    expect(xml).toMatch(new RegExp(`<model type='${expectedNic}'/>`));
    expect(xml).toMatch(new RegExp(`<source network='${NET}'`));
    expect(xml).toMatch(/<graphics type='vnc'/);
    expect(xml).toMatch(/<driver name='qemu' type='qcow2'/);

    await domain.destroy();
    await domain.undefine({ nvram: xml.includes('<nvram') });
    await volume.delete();
  }, 180_000);

  it('undoes the volume and the domain when the start fails (a network that does not exist)', async () => {
    const volumesBefore = listVolumes();
    const networksBefore = names(virsh('net-list', '--all', '--name'));
    // The domain's lifecycle events show the failure came after the definition (so after the volume).
    const events: string[] = [];
    let undefinedSeen: () => void = () => {};
    const undefinedEvent = new Promise<void>((resolve) => {
      undefinedSeen = resolve;
    });
    const sub = hv.on('domain.lifecycle', (e) => {
      if (e.domain.name !== FAILED) return;
      events.push(e.event);
      if (e.event === 'undefined') undefinedSeen();
    });
    await sub.ready;
    const err = await hv.domains
      .createFromIso({ name: FAILED, iso, os: 'detect', pool: POOL, network: 'lvts-wizard-missing' })
      .catch((e: unknown) => e);
    await undefinedEvent;
    await sub.off();
    expect(events[0]).toBe('defined');
    expect(events.at(-1)).toBe('undefined');
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).message).toMatch(/lvts-wizard-missing/);
    // The failure came after the volume and the definition were made: all gone now.
    expect(listVolumes()).toEqual(volumesBefore);
    expect(names(virsh('list', '--all', '--name'))).not.toContain(FAILED);
    expect(names(virsh('net-list', '--all', '--name'))).toEqual(networksBefore);
  }, 180_000);

  it('undoes the volume when the definition fails (the name of an existing domain)', async () => {
    // A domain of that name with another UUID: the define fails only once libvirt sees it, after the volume.
    const xmlFile = path.join(tmp, 'taken.xml');
    fs.writeFileSync(
      xmlFile,
      `<domain type='qemu'><name>${TAKEN}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`,
    );
    virsh('define', xmlFile);
    const uuid = virsh('domuuid', TAKEN).trim();
    const volumesBefore = listVolumes();
    const err = await hv.domains
      .createFromIso({ name: TAKEN, iso, os: 'detect', pool: POOL, network: NET })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).message).toMatch(/already exists/);
    expect(listVolumes()).toEqual(volumesBefore); // lvts-wizard-taken.qcow2 was created, then deleted
    expect(virsh('domuuid', TAKEN).trim()).toBe(uuid); // the existing domain is untouched
    virsh('undefine', TAKEN);
  }, 180_000);
});
