// dom.tuning / dom.jobs / dom.migration / dom.debug and the host-side queries on qemu:///system with a real TCG
// guest; each change the SDK makes is read back independently with virsh (blkiotune, memtune, schedinfo,
// vcpupin, emulatorpin, iothreadinfo, blkdeviotune, domiftune, domjobinfo, migrate-getspeed, domblkinfo,
// dommemstat, desc, save-image-dumpxml, …).
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-h15-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
/** libvirt peeks only at raw disks: a small raw one with a known pattern. */
const RAW = `${IMAGES}/${NAME}-raw.img`;
const SAVE = `${IMAGES}/${NAME}.save`;
const DUMP = `${IMAGES}/${NAME}.dump`;
const PATTERN = Buffer.from('lvts-h15 ');
const XML = tinyGuestXml(NAME, DISK, {
  vcpu: "<vcpu placement='static'>2</vcpu>",
  head: '<iothreads>1</iothreads>',
  devices: `<disk type='file' device='disk'>
  <driver name='qemu' type='raw'/>
  <source file='${RAW}'/>
  <target dev='vdb' bus='virtio'/>
</disk>
<interface type='ethernet'><model type='virtio'/></interface>
<memballoon model='virtio'/>`,
});

/** `virsh <cmd>` output as `{ field: value }` from its "name : value" lines. */
function fields(...args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of virsh(...args).split('\n')) {
    const m = /^\s*([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describeDaemon('Domain tuning on a real QEMU guest (checked with virsh)', () => {
  let hv: Hypervisor;
  let dom: Domain;
  let hostCpus: number;

  beforeAll(async () => {
    requireDaemon();
    createImage(DISK);
    writeFileSync(RAW, Buffer.alloc(1024 * 1024, PATTERN));
    hv = await Hypervisor.connect(DAEMON_URI);
    dom = await hv.domains.define(XML);
    await dom.start();
    hostCpus = Number(fields('nodeinfo')['CPU(s)']);
  });

  afterAll(async () => {
    try {
      const d = await hv.domains.find(NAME);
      if (d && (await d.isActive())) await d.destroy();
      if (d && (await d.hasManagedSave())) await d.removeManagedSave();
      if (d) await d.undefine();
    } finally {
      for (const f of [DISK, RAW, SAVE, DUMP]) rmSync(f, { force: true });
      await hv.close();
    }
  });

  it('sets blkio, memory and scheduler parameters that virsh reads back', async () => {
    await dom.tuning.setBlkio({ weight: 300 });
    expect((await dom.tuning.blkio()).weight).toBe(300);
    expect(fields('blkiotune', NAME).weight).toBe('300');

    await dom.tuning.setMemoryTune({ soft_limit: 524288 });
    expect((await dom.tuning.memoryTune()).soft_limit).toBe(524288);
    expect(fields('memtune', NAME).soft_limit).toBe('524288');

    expect((await dom.tuning.schedulerType()).type).toBe('posix');
    await dom.tuning.setScheduler({ cpu_shares: 512 });
    expect((await dom.tuning.scheduler()).cpu_shares).toBe(512n);
    await dom.tuning.setScheduler({ vcpu_quota: 50000 }, { live: true });
    expect((await dom.tuning.scheduler({ live: true })).vcpu_quota).toBe(50000n);
    const sched = fields('schedinfo', NAME);
    expect(sched.cpu_shares).toBe('512');
    expect(sched.vcpu_quota).toBe('50000');
  });

  it('sets disk and interface limits that virsh reads back', async () => {
    await dom.tuning.setBlockIoTune('vda', { total_iops_sec: 500 });
    expect((await dom.tuning.blockIoTune('vda')).total_iops_sec).toBe(500n);
    expect(fields('blkdeviotune', NAME, 'vda').total_iops_sec).toBe('500');

    // The persistent definition only: live shaping needs tc qdiscs and actions this host's kernel lacks.
    const iface = (await dom.definition()).devices?.interfaces?.[0];
    const mac = iface?.mac?.address;
    expect(mac).toMatch(/^52:54:00:/);
    await dom.tuning.setInterface(mac!, { 'inbound.average': 1000 }, { config: true });
    expect((await dom.tuning.interface(mac!, { config: true }))['inbound.average']).toBe(1000);
    expect(fields('domiftune', NAME, mac!, '--config')['inbound.average']).toBe('1000');
  });

  it('reports vCPUs and pins vCPUs, the emulator and IOThreads as virsh sees them', async () => {
    expect(await dom.tuning.vcpuCount()).toBe(2);
    expect(await dom.tuning.getMaxVcpus()).toBe(2);
    const vcpus = await dom.tuning.vcpus();
    expect(vcpus.map((v) => v.number)).toEqual([0, 1]);
    expect(vcpus.every((v) => v.state === 'running')).toBe(true);

    const last = hostCpus - 1;
    await dom.tuning.pinVcpu(1, [last]);
    expect((await dom.tuning.vcpuPinInfo())[1]).toEqual([last]);
    expect(virsh('vcpupin', NAME, '1')).toMatch(new RegExp(`^\\s*1\\s+${last}\\s*$`, 'm'));
    await dom.tuning.pinVcpu(0, [0], { live: true, config: true });
    expect((await dom.tuning.vcpuPinInfo({ config: true }))[0]).toEqual([0]);
    expect(virsh('vcpupin', NAME, '0', '--config')).toMatch(/^\s*0\s+0\s*$/m);

    await dom.tuning.pinEmulator([0]);
    expect(await dom.tuning.emulatorPinInfo()).toEqual([0]);
    expect(virsh('emulatorpin', NAME)).toMatch(/\*:\s+0\s*$/m);

    await dom.tuning.addIOThread(2);
    await dom.tuning.pinIOThread(2, [0]);
    expect(await dom.tuning.iothreads()).toContainEqual({ id: 2, affinity: [0] });
    expect(virsh('iothreadinfo', NAME)).toMatch(/^\s*2\s+0\s*$/m);
    await dom.tuning.setIOThreadParams(2, { poll_max_ns: 1000 });
    expect(virsh('domstats', NAME, '--iothread')).toContain('iothread.2.poll-max-ns=1000');
    await dom.tuning.deleteIOThread(2);
    expect((await dom.tuning.iothreads()).map((t) => t.id)).toEqual([1]);
    expect(virsh('iothreadinfo', NAME)).not.toMatch(/^\s*2\s/m);
  });

  it('reads memory statistics, sets their period and a block threshold', async () => {
    await dom.tuning.setMemoryStatsPeriod(2);
    expect(virsh('dumpxml', NAME)).toMatch(/<stats period=.2.\/>/);
    const stats = await dom.tuning.memoryStats();
    const actual = /^actual (\d+)$/m.exec(virsh('dommemstat', NAME))![1]!;
    expect(stats.actualBalloon).toBe(Number(actual));
    expect(await dom.tuning.getMaxMemory()).toBe(65536);

    // CPU time only grows: what the SDK read first is at most what virsh reads after it.
    const cpu = await dom.tuning.cpuStats();
    const seconds = Number(/cpu_time\s+([\d.]+) seconds/.exec(virsh('cpu-stats', NAME, '--total'))![1]);
    expect(Number(cpu.cpu_time) / 1e9).toBeLessThanOrEqual(seconds + 0.001);
    expect(cpu.cpu_time).toBeGreaterThan(0n);

    await dom.tuning.setBlockThreshold('vda', 1048576);
    expect(virsh('domstats', NAME, '--block')).toContain('block.0.threshold=1048576');

    await dom.tuning.setLifecycleAction('crash', 'destroy', { config: true });
    expect(virsh('dumpxml', NAME, '--inactive')).toContain('<on_crash>destroy</on_crash>');
  });

  it('reports the job, sets migration tuning and answers host-side queries like virsh', async () => {
    expect((await dom.jobs.info()).type).toBe('none');
    expect(fields('domjobinfo', NAME)['Job type']).toBe('None');
    expect((await dom.jobs.stats()).type).toBe('none');
    // No job to abort: libvirt's typed refusal, not a silent success.
    const abort = await dom.jobs.abort().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(abort).toBeInstanceOf(LibvirtError);
    expect((abort as LibvirtError).code).toBe(ErrorCode.OPERATION_INVALID);
    await dom.jobs.startDirtyRateCalc(1);
    expect(virsh('domstats', NAME, '--dirtyrate')).toMatch(/dirtyrate\.calc_status=\d/);

    const labels = await dom.securityLabels();
    expect(labels.length).toBeGreaterThan(0);
    expect((await dom.securityLabel()).label).toBe(labels[0]!.label);
    expect(Array.isArray(await dom.messages())).toBe(true);
    expect(await dom.isUpdated()).toBe(false);

    await dom.migration.setMaxSpeed(100);
    expect(await dom.migration.getMaxSpeed()).toBe(100);
    expect(virsh('migrate-getspeed', NAME).trim()).toBe('100');
    await dom.migration.setMaxDowntime(400);
    expect(await dom.migration.getMaxDowntime()).toBe(400);
    expect(virsh('migrate-getmaxdowntime', NAME).trim()).toBe('400');

    const block = await dom.blockInfo('vda');
    const virshBlock = fields('domblkinfo', NAME, 'vda');
    expect(block.capacity).toBe(Number(virshBlock.Capacity));
    expect(block.physical).toBe(Number(virshBlock.Physical));
    expect(await dom.osType()).toBe('hvm');
    expect((await dom.controlInfo()).state).toBe('ok');
    expect(virsh('domcontrol', NAME).trim()).toBe('ok');
    expect(await dom.diskErrors()).toEqual([]);
    const id = Number(virsh('domid', NAME).trim());
    expect((await hv.domains.getById(id)).name).toBe(NAME);
    expect((await dom.blockStatsAll('vda')).rd_operations).toBeDefined();

    await dom.setMetadata('description', 'tuned by lvts', { live: true, config: true });
    expect(virsh('desc', NAME).trim()).toBe('tuned by lvts');
    expect(await dom.metadata('description')).toBe('tuned by lvts');
  });

  it('peeks at disk and memory, sends keys and an NMI, and dumps memory', async () => {
    // The raw disk's bytes as written to the file, from an offset inside the pattern.
    expect(await dom.debug.blockPeek('vdb', 9 * 100, 18)).toEqual(Buffer.concat([PATTERN, PATTERN]));
    expect((await dom.debug.memoryPeek(0, 64, { physical: true })).length).toBe(64);

    await dom.debug.sendKey('linux', 0, [29, 56, 111]);
    await dom.debug.injectNmi();
    await dom.debug.coreDump(DUMP, { memoryOnly: true, format: 'raw' });
    expect(existsSync(DUMP) && statSync(DUMP).size).toBeGreaterThan(64 * 1024 * 1024);
  });

  it('saves and restores with typed params, reading the image XML like virsh', async () => {
    await dom.save(SAVE, { params: {} });
    expect(virsh('domstate', NAME).trim()).toBe('shut off');
    const xml = await hv.domains.saveImageXml(SAVE);
    expect(xml).toContain(`<name>${NAME}</name>`);
    expect(virsh('save-image-dumpxml', SAVE)).toContain(`<name>${NAME}</name>`);
    await hv.domains.defineSaveImageXml(SAVE, xml, { paused: true });
    await hv.domains.restore(SAVE, { params: {} });
    expect(virsh('domstate', NAME).trim()).toBe('paused');

    await dom.managedSave();
    expect(await dom.managedSaveXml()).toContain(`<name>${NAME}</name>`);
    expect(virsh('managedsave-dumpxml', NAME)).toContain(`<name>${NAME}</name>`);
    await dom.removeManagedSave();
  });
});
