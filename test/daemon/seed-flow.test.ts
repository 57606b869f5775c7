// The seed's walk-through on qemu:///system with a real TCG guest, one step per test, in order: pool, volume,
// ISO, isolated network (a bridge with no IP), VM from the ISO, start paused, resume, suspend, resume, VNC port,
// screenshot, snapshot create/revert/delete, destroy, undefine, then volume, pool and network removal. After
// every step virsh — a separate client — must report what the SDK did.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  Domain,
  DomainSnapshot,
  Hypervisor as HypervisorType,
  Network,
  StoragePool,
  StorageVolume,
} from '../../src/index.js';
import { Hypervisor } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import {
  diskDefinition,
  domainDefinition,
  networkDefinition,
  poolDefinition,
  seedNames,
} from '../helpers/seed-flow.js';

const n = seedNames('lvts-h12-seed', 'lvtsh12br0');

/** virsh, tolerating failure: for cleanup of whatever a failed run left behind. */
function virshQuiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // already gone
  }
}

/** `virsh domstate --reason` as [state, reason] with spaces and punctuation dropped ("starting up" → startingup). */
function virshState(): [string, string] {
  const m = /^(.+?) \((.+)\)$/.exec(virsh('domstate', '--reason', n.domain).trim())!;
  return [m[1]!.replace(' ', ''), m[2]!.toLowerCase().replace(/[^a-z0-9]/g, '')];
}

/** Width and height of a PNG (IHDR) or binary PPM ("P6\n640 480\n255\n…") image. */
function imageSize(data: Buffer): [number, number] {
  if (data.subarray(1, 4).toString('latin1') === 'PNG') return [data.readUInt32BE(16), data.readUInt32BE(20)];
  const m = /^P6\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 32).toString('latin1'))!;
  return [Number(m[1]), Number(m[2])];
}

/** `virsh vol-list POOL` names (this virsh has no --name for vol-list). */
const volumeNames = (): string[] =>
  virsh('vol-list', n.pool)
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/)[0]!)
    .filter(Boolean);

const listed = (...args: string[]): string[] =>
  virsh(...args)
    .trim()
    .split('\n')
    .filter(Boolean);

describeDaemon('the seed flow on qemu:///system, checked with virsh', () => {
  let hv: HypervisorType;
  let pool: StoragePool;
  let disk: StorageVolume;
  let iso: StorageVolume;
  let network: Network;
  let domain: Domain;
  let snapshot: DomainSnapshot;
  let work: string;

  beforeAll(async () => {
    requireDaemon();
    work = mkdtempSync(join(tmpdir(), 'lvts-h12-seed-'));
    hv = await Hypervisor.connect(DAEMON_URI);
  });

  afterAll(async () => {
    await hv?.close();
    // Whatever a failed step left behind, newest first.
    virshQuiet('destroy', n.domain);
    virshQuiet('undefine', n.domain, '--snapshots-metadata');
    virshQuiet('net-destroy', n.network);
    virshQuiet('net-undefine', n.network);
    virshQuiet('pool-destroy', n.pool);
    virshQuiet('pool-undefine', n.pool);
    rmSync(n.poolDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('checks the host and picks the virt type virsh capabilities allow', async () => {
    const support = await hv.virtualizationSupport();
    expect(support.virtTypes).toContain('qemu');
    const x86 = /<arch name='x86_64'>[\s\S]*?<\/arch>/.exec(virsh('capabilities'))![0];
    expect(x86).toContain("<domain type='qemu'/>");
    expect(support.cpuModels.find((m) => m.name === 'qemu64')?.usable).toBe('yes');
  });

  it('defines, builds and starts a dir pool', async () => {
    pool = await hv.pools.define(poolDefinition(n));
    expect(listed('pool-list', '--inactive', '--name')).toContain(n.pool);
    await pool.build();
    expect(existsSync(n.poolDir)).toBe(true);
    await pool.start();
    const info = virsh('pool-info', n.pool);
    expect(info).toMatch(/State:\s+running/);
    expect(info).toContain(pool.uuid);
    expect(virsh('pool-dumpxml', n.pool)).toContain(`<path>${n.poolDir}</path>`);
  });

  it('creates a qcow2 disk volume', async () => {
    disk = await pool.volumes.create(diskDefinition(n));
    expect(disk.path).toBe(`${n.poolDir}/${n.disk}`);
    expect(volumeNames()).toContain(n.disk);
    expect(virsh('vol-info', '--pool', n.pool, n.disk)).toMatch(/Capacity:\s+64\.00 MiB/);
    const image = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', '-U', disk.path], { encoding: 'utf8' }),
    );
    expect(image.format).toBe('qcow2');
    expect(image['virtual-size']).toBe(64 * 1024 * 1024);
  });

  it('puts an ISO in the pool and finds it as a volume after a refresh', async () => {
    const content = join(work, 'iso');
    mkdirSync(content);
    writeFileSync(join(content, 'README.TXT'), 'libvirt-ts seed flow\n');
    execFileSync(
      'xorriso',
      ['-as', 'mkisofs', '-quiet', '-V', 'LVTS_SEED', '-o', `${n.poolDir}/${n.iso}`, content],
      {
        stdio: 'pipe',
      },
    );
    expect(await pool.volumes.find(n.iso)).toBeUndefined();
    await pool.refresh();
    iso = await pool.volumes.get(n.iso);
    expect(volumeNames()).toContain(n.iso);
    expect(readFileSync(iso.path).subarray(0x8001, 0x8006).toString('latin1')).toBe('CD001');
  });

  it('defines and starts an isolated network: a bridge without an IP address', async () => {
    network = await hv.networks.define(networkDefinition(n));
    await network.start();
    const info = virsh('net-info', n.network);
    expect(info).toMatch(/Active:\s+yes/);
    expect(info).toMatch(new RegExp(`Bridge:\\s+${n.bridge}`));
    expect(await network.bridgeName()).toBe(n.bridge);
    const xml = virsh('net-dumpxml', n.network);
    expect(xml).not.toContain('<ip');
    expect(xml).not.toContain('<forward');
    expect(execFileSync('ip', ['-o', 'addr', 'show', 'dev', n.bridge], { encoding: 'utf8' })).not.toMatch(
      /\binet6? /,
    );
  });

  it('defines a VM booting from the ISO, with CPU model, memory, video and VNC', async () => {
    domain = await hv.domains.define(domainDefinition(n, iso.path, 'qemu64'));
    expect(virsh('domstate', n.domain).trim()).toBe('shut off');
    const xml = virsh('dumpxml', '--inactive', n.domain);
    expect(xml).toContain(`<source file='${iso.path}'/>`);
    expect(xml).toContain(`<source pool='${n.pool}' volume='${n.disk}'/>`);
    expect(xml).toContain(`<source network='${n.network}'/>`);
    expect(xml).toMatch(/<model fallback='allow'>qemu64<\/model>/);
    expect(xml).toMatch(/<memory unit='KiB'>65536<\/memory>/);
    expect(xml).toMatch(/<model type='vga'/);
    expect(xml).toMatch(/<graphics type='vnc'/);
    expect(virsh('domuuid', n.domain).trim()).toBe(domain.uuid);
  });

  it('starts paused', async () => {
    await domain.start({ paused: true });
    const state = await domain.state();
    expect(state.state).toBe('paused');
    expect(virshState()).toEqual(['paused', state.reason.replace(/_/g, '')]);
  });

  it('resumes, suspends and resumes', async () => {
    await domain.resume();
    expect(virshState()[0]).toBe('running');
    await domain.suspend();
    expect(virshState()).toEqual(['paused', 'user']);
    await domain.resume();
    const [state, reason] = virshState();
    expect(state).toBe('running');
    expect((await domain.state()).reason.replace(/_/g, '')).toBe(reason);
  });

  it('reports the VNC port virsh vncdisplay reports', async () => {
    const [vnc] = await domain.graphics();
    const display = /^(.+):(\d+)$/.exec(virsh('vncdisplay', n.domain).trim())!;
    expect(vnc).toEqual({ type: 'vnc', listen: display[1], port: 5900 + Number(display[2]) });
  });

  it('takes a screenshot the size virsh screenshot takes', async () => {
    // Paused, the display cannot change mode between the two screenshots (SeaBIOS switches while booting).
    await domain.suspend();
    const shot = await domain.screenshot();
    // QEMU hands PNG when it can, else PPM; virsh gets the same format through the same call.
    expect(['image/png', 'image/x-portable-pixmap']).toContain(shot.mimeType);
    const file = join(work, 'virsh-screenshot');
    virsh('screenshot', n.domain, file);
    const theirs = readFileSync(file);
    expect(shot.data.subarray(0, 4)).toEqual(theirs.subarray(0, 4));
    const [width, height] = imageSize(shot.data);
    expect(width).toBeGreaterThan(0);
    expect([width, height]).toEqual(imageSize(theirs));
    await domain.resume();
  });

  it('creates a snapshot, reverts to it and deletes it', async () => {
    snapshot = await domain.snapshots.create({ name: n.snapshot, description: 'seed flow' });
    expect(listed('snapshot-list', n.domain, '--name')).toEqual([n.snapshot]);
    expect(virsh('snapshot-current', n.domain, '--name').trim()).toBe(n.snapshot);
    await domain.suspend();
    await snapshot.revert();
    expect(virshState()).toEqual(['running', 'fromsnapshot']);
    await snapshot.delete();
    expect(listed('snapshot-list', n.domain, '--name')).toEqual([]);
  });

  it('destroys and undefines the VM', async () => {
    await domain.destroy();
    expect(virshState()).toEqual(['shutoff', 'destroyed']);
    await domain.undefine();
    expect(listed('list', '--all', '--name')).not.toContain(n.domain);
  });

  it('deletes the volumes, then removes the pool and the network', async () => {
    await disk.delete();
    await iso.delete();
    expect(volumeNames()).toEqual([]);
    expect(existsSync(`${n.poolDir}/${n.disk}`)).toBe(false);
    await pool.stop();
    await pool.delete();
    expect(existsSync(n.poolDir)).toBe(false);
    await pool.undefine();
    expect(listed('pool-list', '--all', '--name')).not.toContain(n.pool);
    await network.stop();
    await network.undefine();
    expect(listed('net-list', '--all', '--name')).not.toContain(n.network);
    expect(existsSync(`/sys/class/net/${n.bridge}`)).toBe(false);
  });
});
