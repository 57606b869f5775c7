// The Domain object API on qemu:///system with a real TCG guest, every step checked independently with virsh:
// start paused → resume → suspend → resume → VNC endpoint → screenshot → stats → snapshot create/revert/delete
// → attach a disk live → save/restore → destroy → undefine.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-h10-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
const EXTRA = `${IMAGES}/${NAME}-extra.qcow2`;
const SAVE = `${IMAGES}/${NAME}.save`;
const ISO = `${IMAGES}/${NAME}.iso`;
const XML = tinyGuestXml(NAME, DISK, {
  head: '<features><acpi/></features>',
  devices: `<disk type='file' device='cdrom'>
  <driver name='qemu' type='raw'/>
  <target dev='hdc' bus='ide'/>
  <readonly/>
</disk>
<interface type='ethernet'><model type='virtio'/></interface>
<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
<video><model type='vga'/></video>`,
});

/** `virsh domstate --reason` as `{ state, reason }` in this SDK's spelling ("shut off (saved)" → shutoff/saved). */
function virshState(): { state: string; reason: string } {
  const out = virsh('domstate', NAME, '--reason').trim();
  const match = /^(.+?) \((.+)\)$/.exec(out)!;
  return { state: match[1]!.replace(' ', ''), reason: match[2]!.replaceAll(' ', '_') };
}

async function expectState(dom: Domain, state: string, reason: string): Promise<void> {
  const mine = await dom.state();
  expect({ state: mine.state, reason: mine.reason }).toEqual({ state, reason });
  expect(virshState()).toEqual({ state, reason });
}

/** virsh's "name value" tables (domblkstat) as a map. */
function virshTable(...args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of virsh(...args).split('\n')) {
    const [, key, value] = /^\S+\s+(\S+)\s+(\S+)$/.exec(line.trim()) ?? [];
    if (key && value) out.set(key, value);
  }
  return out;
}

describeDaemon('Domain on a real libvirtd with a TCG guest', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    requireDaemon();
    for (const file of [DISK, EXTRA]) createImage(file);
    createImage(ISO, '1M', 'raw');
    hv = await Hypervisor.connect(DAEMON_URI);
  });

  // virsh cleans up independently of the SDK, so a failure above cannot leave a guest behind.
  afterAll(async () => {
    removeGuest(NAME, [DISK, EXTRA, SAVE, ISO]);
    await hv?.close();
  });

  it('defines, starts paused, resumes, suspends and resumes, as virsh reports', async () => {
    dom = await hv.domains.define(XML);
    expect(dom.uuid).toBe(virsh('domuuid', NAME).trim());
    expect(await dom.isPersistent()).toBe(true);
    await dom.start({ paused: true });
    await expectState(dom, 'paused', 'user');
    expect(await dom.id()).toBe(Number(virsh('domid', NAME).trim()));
    await dom.resume();
    await expectState(dom, 'running', 'unpaused');
    await dom.suspend();
    await expectState(dom, 'paused', 'user');
    await dom.resume();
    await expectState(dom, 'running', 'unpaused');
  });

  it('reports the VNC endpoint virsh vncdisplay gives, and a screenshot with a valid image header', async () => {
    const [vnc] = await dom.graphics();
    const display = virsh('vncdisplay', NAME).trim(); // "127.0.0.1:0"
    const [host, index] = display.split(':');
    expect(vnc).toEqual({ type: 'vnc', listen: host, port: 5900 + Number(index) });

    // QEMU 7.1+ writes PNG when libvirt asks for it; older ones PPM.
    const shot = await dom.screenshot();
    if (shot.mimeType === 'image/png') {
      expect(shot.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(shot.data.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect(shot.data.readUInt32BE(16)).toBeGreaterThan(0); // width
    } else {
      expect(shot.mimeType).toBe('image/x-portable-pixmap');
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(shot.data.subarray(0, 32).toString('latin1'))!;
      expect(shot.data.length).toBe(header[0].length + Number(header[1]) * Number(header[2]) * 3);
    }
  });

  it('reads typed stats that agree with virsh domstats and domblkstat (paused, so counters hold still)', async () => {
    await dom.suspend();
    const stats = await dom.stats();
    expect(stats.state).toMatchObject({ state: 'paused', reason: 'user' });
    expect(stats.cpu?.time).toBeGreaterThan(0n);
    const virshStats = virsh('domstats', NAME, '--block', '--cpu-total');
    expect(stats.block.map((b) => b.name)).toEqual(['vda', 'hdc']);
    expect(stats.block[0]!.capacity).toBe(16n * 1024n * 1024n);
    expect(virshStats).toContain(`block.0.capacity=${stats.block[0]!.capacity}`);
    // cpu.time keeps moving while paused (QEMU's own threads), so it is only checked for presence there.
    expect(virshStats).toContain('cpu.time=');

    const io = await dom.blockStats('vda');
    const table = virshTable('domblkstat', NAME, 'vda');
    expect(io.readRequests).toBe(BigInt(table.get('rd_req')!));
    expect(io.readBytes).toBe(BigInt(table.get('rd_bytes')!));

    // The NIC's host side (vnetN) as the live definition names it; virsh domifstat reads the same counters.
    const tap = (await dom.definition()).devices?.interfaces?.[0]?.target?.dev;
    expect(tap).toMatch(/^vnet\d+$/);
    const net = await dom.interfaceStats(tap!);
    const ifTable = virshTable('domifstat', NAME, tap!);
    expect(net.txPackets).toBe(BigInt(ifTable.get('tx_packets')!));
    // The host may still send to the tap (IPv6 neighbour discovery) between the two reads; never the reverse.
    expect(BigInt(ifTable.get('rx_bytes')!)).toBeGreaterThanOrEqual(net.rxBytes);
    expect(stats.net.map((n) => n.name)).toEqual([tap]);

    const all = await hv.domains.statsAll({ groups: ['state'], filter: { active: true } });
    expect(all.find((e) => e.domain.uuid === dom.uuid)?.stats.state?.state).toBe('paused');
    await Promise.all(all.map((e) => e.domain.free()));
    await dom.resume();
  });

  it('creates, reverts to and deletes a snapshot, as virsh snapshot-list sees', async () => {
    const snap = await dom.snapshots.create({ name: 'lvts-h10-s1', description: 'before' });
    expect(virsh('snapshot-list', NAME, '--name').trim().split('\n')).toEqual(['lvts-h10-s1']);
    expect(virsh('snapshot-current', NAME, '--name').trim()).toBe('lvts-h10-s1');
    expect((await snap.definition()).description).toBe('before');

    await dom.suspend();
    await snap.revert({ running: true });
    await expectState(dom, 'running', 'from_snapshot');

    await snap.delete();
    expect(virsh('snapshot-list', NAME, '--name').trim()).toBe('');
    expect(await dom.snapshots.list()).toEqual([]);
  });

  it('attaches a disk to the running guest only', async () => {
    await dom.attachDevice(
      {
        disk: {
          type: 'file',
          device: 'disk',
          driver: { name: 'qemu', type: 'qcow2' },
          source: { file: EXTRA },
          target: { dev: 'vdb', bus: 'virtio' },
        },
      },
      { live: true },
    );
    expect(virsh('domblklist', NAME)).toContain(EXTRA);
    expect(virsh('domblklist', NAME, '--inactive')).not.toContain(EXTRA);
    expect((await dom.definition()).devices?.disks?.map((d) => d.target?.dev)).toEqual(['vda', 'vdb', 'hdc']);
  });

  it('changes the CD-ROM media of the running guest', async () => {
    const cdrom = {
      disk: {
        type: 'file',
        device: 'cdrom',
        driver: { name: 'qemu', type: 'raw' },
        source: { file: ISO },
        target: { dev: 'hdc', bus: 'ide' },
        readonly: true,
      },
    } as const;
    await dom.updateDevice(cdrom, { live: true });
    expect(virsh('domblklist', NAME)).toMatch(new RegExp(`hdc\\s+${ISO}`));
    expect(virsh('domblklist', NAME, '--inactive')).not.toContain(ISO);
  });

  it('attaches and detaches a disk in the persistent definition only', async () => {
    const disk = {
      disk: { type: 'file', device: 'disk', source: { file: EXTRA }, target: { dev: 'vdc', bus: 'virtio' } },
    } as const;
    await dom.attachDevice(disk, { config: true });
    expect(virsh('domblklist', NAME, '--inactive')).toMatch(/vdc\s/);
    await dom.detachDevice(disk, { config: true });
    expect(virsh('domblklist', NAME, '--inactive')).not.toMatch(/vdc\s/);
  });

  it('saves to a file and restores it', async () => {
    await dom.save(SAVE);
    await expectState(dom, 'shutoff', 'saved');
    await hv.domains.restore(SAVE);
    await expectState(dom, 'running', 'restored');
  });

  it('destroys and undefines', async () => {
    await dom.destroy();
    await expectState(dom, 'shutoff', 'destroyed');
    // The failing path of the screenshot job (stream aborted and freed) reports virDomainScreenshot's error.
    const err = await dom.screenshot().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.OPERATION_INVALID);
    await dom.undefine();
    expect(virsh('list', '--all', '--name')).not.toContain(NAME);
    expect(await hv.domains.find(NAME)).toBeUndefined();
  });
});
