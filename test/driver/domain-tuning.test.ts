// dom.tuning / dom.jobs / dom.migration / dom.debug and the host-side queries on test:///default. Each setter
// is checked through its getter (or another call); what the test driver lacks is asserted as its typed
// NO_SUPPORT error, and every bad argument is rejected before C.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import type { DomainDef } from '../../src/xml/index.js';

const URI = 'test:///default';
const PREFIX = `lvts-h15-${process.pid}`;

function guest(name: string): DomainDef {
  return {
    type: 'test',
    name,
    memory: { value: 131072, unit: 'KiB' },
    currentMemory: { value: 65536, unit: 'KiB' },
    vcpu: { value: 2 },
    os: { type: { value: 'hvm' } },
    devices: {
      disks: [
        {
          type: 'file',
          device: 'disk',
          source: { file: '/guest/disk.img' },
          target: { dev: 'vda', bus: 'virtio' },
        },
      ],
    },
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

async function expectCode(promise: Promise<unknown>, code: number): Promise<void> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(LibvirtError);
  expect((err as LibvirtError).code).toBe(code);
}

describe('Domain tuning, jobs, migration tuning and debug on test:///default', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.define(guest(`${PREFIX}-a`));
    await dom.start();
  });

  afterAll(async () => {
    for (const d of await hv.domains.list()) {
      if (!d.name.startsWith(PREFIX)) continue;
      if (await d.isActive()) await d.destroy();
      if (await d.isPersistent()) await d.undefine();
    }
    await hv.close();
  });

  it('reads and sets typed parameter groups, keeping the raw map', async () => {
    const blkio = await dom.tuning.blkio();
    expect(typeof blkio.weight).toBe('number');
    expect(blkio.raw).toHaveProperty('weight');
    await dom.tuning.setBlkio({ weight: 700 });
    expect((await dom.tuning.blkio()).weight).toBe(700);

    const memory = await dom.tuning.memoryTune();
    expect(typeof memory.hard_limit).toBe('number'); // KiB: a number by the 64-bit rule
    await dom.tuning.setMemoryTune({ hard_limit: 1048576 });
    expect((await dom.tuning.memoryTune()).hard_limit).toBe(1048576);

    const numa = await dom.tuning.numa();
    expect(numa.raw).toHaveProperty('numa_mode');

    const perf = await dom.tuning.perfEvents();
    expect(typeof perf.cpu_cycles).toBe('boolean');
    await dom.tuning.setPerfEvents({ cpu_cycles: true });
    expect((await dom.tuning.perfEvents()).cpu_cycles).toBe(true);

    const io = await dom.tuning.blockIoTune('vda');
    expect(typeof io.total_bytes_sec).toBe('bigint');
    // The burst limit must not be below the rate (libvirt checks the pair).
    await dom.tuning.setBlockIoTune('vda', { total_bytes_sec: 10485760, total_bytes_sec_max: 20971520n });
    expect(await dom.tuning.blockIoTune('vda')).toMatchObject({
      total_bytes_sec: 10485760n,
      total_bytes_sec_max: 20971520n,
    });
  });

  // The test driver accepts a scheduler weight but does not store it: setting is checked on QEMU (daemon tier).
  it('reads the scheduler with the original call and its type', async () => {
    expect(await dom.tuning.schedulerType()).toEqual({ type: 'fair', paramCount: 1 });
    expect(await dom.tuning.scheduler()).toEqual({ weight: 50, raw: { weight: 50 } });
  });

  it('reports memory and vCPU limits, vCPU placement, pinning and memory statistics', async () => {
    expect(await dom.tuning.getMaxMemory()).toBe(131072);
    expect(await dom.tuning.getMaxVcpus()).toBe(2);
    expect(await dom.tuning.vcpuCount()).toBe(2);
    const vcpus = await dom.tuning.vcpus();
    expect(vcpus.map((v) => v.number)).toEqual([0, 1]);
    expect(vcpus[0]!.state).toBe('running');
    expect(typeof vcpus[0]!.cpuTimeNs).toBe('bigint');
    expect(vcpus[0]!.affinity.length).toBeGreaterThan(0);

    await dom.tuning.pinVcpu(1, [0]);
    expect((await dom.tuning.vcpuPinInfo())[1]).toEqual([0]);
    expect((await dom.tuning.vcpus())[1]!.affinity).toEqual([0]);
    expect((await dom.tuning.emulatorPinInfo()).length).toBeGreaterThan(0);
    expect(await dom.tuning.iothreads()).toEqual([]);

    // Only the driver's built-in guest has balloon statistics (read only here).
    const builtin = await hv.domains.get('test');
    const stats = await builtin.tuning.memoryStats();

    // The total is the sum over host CPUs (the test driver splits its CPU time evenly).
    const total = await builtin.tuning.cpuStats();
    const perCpu = await builtin.tuning.cpuStatsPerCpu();
    expect(total.cpu_time).toBe(perCpu.reduce((acc, c) => acc + (c.cpu_time ?? 0n), 0n));
    expect(typeof total.user_time).toBe('bigint');
    await builtin.free();
    const values = Object.values(stats);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(typeof v).toBe('number'); // KiB, counts, seconds: numbers
  });

  it('answers the host-side queries', async () => {
    expect(await dom.osType()).toBe('linux');
    expect(await dom.securityLabel()).toEqual({ label: 'libvirt-test', enforcing: true });
    expect(await dom.controlInfo()).toEqual({ state: 'ok', reason: 'none', stateTimeMs: 0 });
    expect(await dom.diskErrors()).toEqual([{ disk: 'vda', error: 'unspec' }]);
    const block = await dom.blockInfo('vda');
    expect(block.capacity).toBeGreaterThan(0);
    expect(await dom.messages()).toEqual([]);
    expect(await dom.isUpdated()).toBe(false);
    expect((await dom.debug.memoryPeek(0, 16)).length).toBe(16);
    const id = await dom.id();
    expect((await hv.domains.getById(id!)).uuid).toBe(dom.uuid);
  });

  it('sets, reads and removes metadata', async () => {
    expect(await dom.metadata('title')).toBeUndefined();
    await dom.setMetadata('title', 'tuned guest');
    expect(await dom.metadata('title')).toBe('tuned guest');
    expect(await dom.definition()).toMatchObject({ title: 'tuned guest' });
    const uri = 'http://example.org/lvts/h15';
    await dom.setMetadata('element', '<tag>on</tag>', { key: 'lvts', uri });
    expect(await dom.metadata('element', uri)).toBe('<tag>on</tag>');
    await dom.setMetadata('title', undefined);
    expect(await dom.metadata('title')).toBeUndefined();
  });

  it('rejects what the test driver lacks with its typed NO_SUPPORT error', async () => {
    await expectCode(dom.jobs.info(), ErrorCode.NO_SUPPORT);
    await expectCode(dom.jobs.stats(), ErrorCode.NO_SUPPORT);
    await expectCode(dom.migration.getMaxSpeed(), ErrorCode.NO_SUPPORT);
    await expectCode(dom.migration.getMaxDowntime(), ErrorCode.NO_SUPPORT);
    await expectCode(dom.debug.blockPeek('vda', 0, 512), ErrorCode.NO_SUPPORT);
    await expectCode(dom.securityLabels(), ErrorCode.NO_SUPPORT);
  });

  it('checks every argument before C', async () => {
    const t = dom.tuning;
    await expect(t.setBlkio({})).rejects.toThrow(TypeError);
    await expect(t.setBlkio({ weight: Number.NaN })).rejects.toThrow(RangeError);
    await expect(t.setMemoryTune({ hard_limit: null as never })).rejects.toThrow(TypeError);
    await expect(t.blkio({ bogus: true } as never)).rejects.toThrow(/unknown option 'bogus'/);
    await expect(t.blockIoTune('')).rejects.toThrow(TypeError);
    await expect(t.pinVcpu(-1, [0])).rejects.toThrow(RangeError);
    await expect(t.pinVcpu(0, [])).rejects.toThrow(TypeError);
    await expect(t.pinVcpu(0, [100000])).rejects.toThrow(/the host has CPUs/);
    await expect(t.pinIOThread(0, [0])).rejects.toThrow(/start at 1/);
    await expect(t.setLifecycleAction('explode' as never, 'destroy')).rejects.toThrow(RangeError);
    await expect(t.setMaxMemory(-1)).rejects.toThrow(RangeError);
    await expect(t.setMaxMemory('2048')).rejects.toThrow(/has no unit/);
    await expect(t.setBlockThreshold('vda', 1.5)).rejects.toThrow(RangeError);
    await expect(dom.jobs.startDirtyRateCalc(0)).rejects.toThrow(RangeError);
    await expect(dom.jobs.abort({ postcopy: 'yes' } as never)).rejects.toThrow(TypeError);
    await expect(dom.migration.setMaxSpeed(-5)).rejects.toThrow(RangeError);
    await expect(dom.debug.sendKey('linux', 0, [])).rejects.toThrow(TypeError);
    await expect(dom.debug.sendKey('klingon' as never, 0, [1])).rejects.toThrow(RangeError);
    await expect(dom.debug.memoryPeek(0, 0)).rejects.toThrow(RangeError);
    await expect(dom.debug.coreDump('')).rejects.toThrow(TypeError);
    await expect(dom.debug.coreDump('/tmp/x', { format: 'zip' as never })).rejects.toThrow(RangeError);
    await expect(dom.metadata('element')).rejects.toThrow(/needs the namespace uri/);
    await expect(dom.setMetadata('element', '<a/>', { uri: 'http://x' })).rejects.toThrow(/options.key/);
    await expect(dom.pmSuspendForDuration('nap' as never)).rejects.toThrow(RangeError);
    await expect(hv.domains.getById(-1)).rejects.toThrow(RangeError);
    await expect(hv.domains.saveImageXml('')).rejects.toThrow(TypeError);
    await expect(dom.save('/tmp/x', { params: { file: 'y' } })).rejects.toThrow(/as the path/);
  });

  it('range-checks 64-bit and 32-bit tuning values instead of wrapping them', async () => {
    const t = dom.tuning;
    await t.setMemoryTune({ hard_limit: 2097152 });
    // hard_limit is an ullong: 2^64 and 1e308 were wrapped to 0, -1 to 2^64-1.
    for (const hard_limit of [2 ** 64, 1e308, 2n ** 64n, -(2n ** 63n) - 1n]) {
      const err = await t.setMemoryTune({ hard_limit }).catch((e: unknown) => e);
      expect(err, String(hard_limit)).toBeInstanceOf(RangeError);
      expect((err as Error).message).toMatch(/tuning\.setMemoryTune params\.hard_limit must be from/);
    }
    await expect(t.setMemoryTune({ hard_limit: { type: 'ullong', value: -1 } as never })).rejects.toThrow(
      /hard_limit\.value must be from 0 to 18446744073709551615 \(ullong\)/,
    );
    await expect(t.setMemoryTune({ hard_limit: { type: 'uint', value: 2 ** 32 } as never })).rejects.toThrow(
      RangeError,
    );
    await expect(t.setMemoryTune({ hard_limit: { type: 'int', value: 0.5 } as never })).rejects.toThrow(
      RangeError,
    );
    // A value that fits some integer but not this field's C type (taken from libvirt's getter in the worker)
    // is refused there, as a TypeError (InvokeArgumentError), before C: -1 is no ullong.
    const negative = await t.setMemoryTune({ hard_limit: -1 }).catch((e: unknown) => e);
    expect(negative).toBeInstanceOf(TypeError);
    expect((negative as Error).message).toMatch(/'hard_limit' \(ullong\) must be an integer from 0/);
    const weight = await t.setBlkio({ weight: 2 ** 32 }).catch((e: unknown) => e);
    expect(weight).toBeInstanceOf(TypeError);
    expect((weight as Error).message).toMatch(/'weight' \(uint\) must be an integer from 0 to 4294967295/);
    // Strings and names with NUL never reach C.
    await expect(t.setBlkio({ device_weight: '/dev/vda\0,5' })).rejects.toThrow(/must not contain a NUL/);
    await expect(t.setBlkio({ 'weight\0x': 5 })).rejects.toThrow(/field name must not contain a NUL/);
    // Nothing changed.
    expect((await t.memoryTune()).hard_limit).toBe(2097152);
  });

  it('rejects calls on a freed domain from the handle layer', async () => {
    const other = await hv.domains.get(dom.uuid);
    await other.free();
    await expect(other.tuning.blkio()).rejects.toBeInstanceOf(LibvirtError);
    await expect(other.jobs.abort()).rejects.toBeInstanceOf(LibvirtError);
    await expect(other.osType()).rejects.toBeInstanceOf(LibvirtError);
  });
});
