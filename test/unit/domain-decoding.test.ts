// Pure decoding of the Domain API: bulk-stats typed parameters, state reasons, option flags, single devices.
import { describe, expect, it } from 'vitest';
import {
  ConnectGetAllDomainStatsFlags,
  ConnectListAllDomainsFlags,
  DomainCreateFlags,
  DomainModificationImpact,
  DomainStatsTypes,
  DomainUndefineFlagsValues,
} from '../../native/generated/enums.js';
import { DOMAIN_STATES, decodeDomainInfo } from '../../src/core/values.js';
import { deviceXml } from '../../src/domain/devices.js';
import { listFlags, startFlags, undefineFlags, vcpuFlags } from '../../src/domain/options.js';
import { decodeDomainState } from '../../src/domain/state.js';
import { decodeDomainStats, statsArguments } from '../../src/domain/stats.js';
import { parseDomainXml } from '../../src/xml/index.js';

describe('decodeDomainStats', () => {
  it('types the known groups, keeps 64-bit counters exact and the rest raw', () => {
    const big = 2n ** 60n + 7n;
    const stats = decodeDomainStats({
      'state.state': 3,
      'state.reason': 1,
      'cpu.time': big,
      'cpu.user': 5n,
      'balloon.current': 65536n,
      'balloon.last-update': 1700000000n,
      'vcpu.current': 2,
      'vcpu.maximum': 4,
      'vcpu.0.state': 1,
      'vcpu.0.time': 10n,
      'vcpu.1.halted': true,
      'net.count': 1,
      'net.0.name': 'vnet0',
      'net.0.rx.bytes': big,
      'net.0.tx.pkts': 3n,
      'block.count': 1,
      'block.0.name': 'vda',
      'block.0.path': '/img/a.qcow2',
      'block.0.backingIndex': 1,
      'block.0.rd.bytes': 4096n,
      'block.0.fl.times': 9n,
      'block.0.capacity': 16777216n,
      'perf.cycles': 77n,
      'vm.future.thing': 'x',
      'net.0.new.counter': 1n,
    });
    expect(stats.state).toEqual({ state: 'paused', reason: 'user', reasonCode: 1 });
    expect(stats.cpu).toEqual({ time: big, user: 5n });
    expect(stats.balloon).toEqual({ current: 65536, lastUpdate: 1700000000 }); // KiB and seconds: numbers
    expect(stats.vcpu).toEqual({
      current: 2,
      maximum: 4,
      list: [
        { index: 0, state: 1, time: 10n },
        { index: 1, halted: true },
      ],
    });
    expect(stats.net).toEqual([{ index: 0, name: 'vnet0', rxBytes: big, txPackets: 3n }]);
    expect(stats.block).toEqual([
      {
        index: 0,
        name: 'vda',
        path: '/img/a.qcow2',
        backingIndex: 1,
        readBytes: 4096n,
        flushTime: 9n,
        capacity: 16777216n,
      },
    ]);
    expect(stats.raw).toEqual({ 'perf.cycles': 77n, 'vm.future.thing': 'x', 'net.0.new.counter': 1n });
  });

  it('keeps a value of an unexpected type raw instead of mistyping it', () => {
    const stats = decodeDomainStats({ 'cpu.time': 'soon', 'net.0.name': 5 });
    expect(stats.raw).toEqual({ 'cpu.time': 'soon', 'net.0.name': 5 });
    expect(stats.net).toEqual([{ index: 0 }]);
  });
});

describe('decodeDomainState', () => {
  it('names each state with its own reasons, and keeps an unknown reason number', () => {
    expect(decodeDomainState(1, 5)).toEqual({ state: 'running', reason: 'unpaused', reasonCode: 5 });
    expect(decodeDomainState(5, 2)).toEqual({ state: 'shutoff', reason: 'destroyed', reasonCode: 2 });
    expect(decodeDomainState(3, 7)).toEqual({ state: 'paused', reason: 'from_snapshot', reasonCode: 7 });
    expect(decodeDomainState(5, 999)).toEqual({ state: 'shutoff', reason: 'unknown', reasonCode: 999 });
  });

  it("says 'unknown' for a state newer than these bindings, like every other decoder, and keeps 'nostate' (0)", () => {
    expect(decodeDomainState(0, 0)).toEqual({ state: 'nostate', reason: 'unknown', reasonCode: 0 });
    expect(decodeDomainState(42, 1)).toEqual({ state: 'unknown', reason: 'unknown', reasonCode: 1 });
    expect(decodeDomainInfo({ state: 42, maxMem: 2, memory: 1, nrVirtCpu: 1, cpuTime: 5n }).state).toBe(
      'unknown',
    );
    expect(DOMAIN_STATES.names).toEqual([
      'nostate',
      'running',
      'blocked',
      'paused',
      'shutdown',
      'shutoff',
      'crashed',
      'pmsuspended',
    ]);
  });
});

describe('option flags', () => {
  it('maps names to the generated flag values', () => {
    expect(startFlags({ paused: true, autodestroy: true }, 'o')).toBe(
      DomainCreateFlags.START_PAUSED | DomainCreateFlags.START_AUTODESTROY,
    );
    expect(listFlags({ running: true, autostart: false }, 'o')).toBe(
      ConnectListAllDomainsFlags.RUNNING | ConnectListAllDomainsFlags.NO_AUTOSTART,
    );
    expect(undefineFlags({ nvram: false, snapshots: true }, 'o')).toBe(
      DomainUndefineFlagsValues.KEEP_NVRAM | DomainUndefineFlagsValues.SNAPSHOTS_METADATA,
    );
    expect(vcpuFlags({ live: true, config: true }, 'o')).toBe(
      DomainModificationImpact.LIVE | DomainModificationImpact.CONFIG,
    );
    expect(startFlags(undefined, 'o')).toBe(0);
  });

  it('keeps bit 31 unsigned in stats flags', () => {
    const [stats, flags] = statsArguments({ groups: ['state', 'block'], enforce: true }, 'o');
    expect(stats).toBe(DomainStatsTypes.STATE | DomainStatsTypes.BLOCK);
    expect(flags).toBe(ConnectGetAllDomainStatsFlags.ENFORCE_STATS);
    expect(flags).toBeGreaterThan(0);
  });

  it('rejects unknown names and non-booleans', () => {
    expect(() => startFlags({ pause: true }, 'start options')).toThrow(/unknown option 'pause'/);
    expect(() => startFlags({ paused: 1 }, 'start options')).toThrow(TypeError);
    expect(() => startFlags('paused', 'start options')).toThrow(TypeError);
  });
});

describe('deviceXml', () => {
  it('builds one device element that reads back inside a domain', () => {
    const xml = deviceXml(
      {
        disk: {
          type: 'file',
          device: 'disk',
          driver: { name: 'qemu', type: 'qcow2' },
          source: { file: '/var/lib/libvirt/images/x.qcow2' },
          target: { dev: 'vdb', bus: 'virtio' },
        },
      },
      'attach',
    );
    expect(xml.startsWith('<disk type="file" device="disk">')).toBe(true);
    const back = parseDomainXml(`<domain><devices>${xml}</devices></domain>`);
    expect(back.devices?.disks?.[0]).toMatchObject({
      source: { file: '/var/lib/libvirt/images/x.qcow2' },
      target: { dev: 'vdb' },
    });
    expect(deviceXml({ interface: { type: 'network', source: { network: 'default' } } }, 'a')).toContain(
      '<source network="default"/>',
    );
  });

  it('passes XML strings through and rejects what is not a device', () => {
    expect(deviceXml('<disk/>', 'a')).toBe('<disk/>');
    expect(() => deviceXml('', 'a')).toThrow(/empty/);
    expect(() => deviceXml({ dsk: {} } as never, 'a')).toThrow(/exactly one key/);
    expect(() => deviceXml({ disk: [] } as never, 'a')).toThrow(/must be an object/);
    expect(() => deviceXml({ disk: { nope: 1 } } as never, 'a')).toThrow(/unknown property 'nope'/);
  });
});
