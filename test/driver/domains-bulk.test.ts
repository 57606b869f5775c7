// The bulk paths a dashboard uses — hv.domains.listWithInfo(), listWithState() and statsAll() — on
// test:///default: one executor round trip whatever the number of guests, and the same data as asking each
// domain in turn. Round trips are counted by spying on the process-wide executor's two entry points.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { executor } from '../../native/executor/index.js';
import { statsOneByOne } from '../../src/domain/domains.js';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
const PREFIX = 'lvts-bulk-';
const xml = (i: number) =>
  `<domain type='test'><name>${PREFIX}${i}</name><memory unit='MiB'>${64 + i}</memory><vcpu>${1 + (i % 3)}</vcpu>` +
  `<os><type>hvm</type></os></domain>`;

let hv: Hypervisor;
let defined = 0;

/** Defines guests up to `count` in all (each test file has its own in-process test:///default). */
async function defineUpTo(count: number): Promise<void> {
  for (; defined < count; defined++) await (await hv.domains.define(xml(defined))).free();
}

/** Runs `body` and counts the executor round trips it made (calls and composite describes). */
async function roundTrips<T>(body: () => Promise<T>): Promise<[T, number]> {
  const calls = vi.spyOn(executor, 'call');
  const describes = vi.spyOn(executor, 'describe');
  try {
    const result = await body();
    return [result, calls.mock.calls.length + describes.mock.calls.length];
  } finally {
    calls.mockRestore();
    describes.mockRestore();
  }
}

async function freeAll(domains: readonly Domain[]): Promise<void> {
  await Promise.all(domains.map((d) => d.free()));
}

beforeAll(async () => {
  hv = await Hypervisor.connect(URI);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const d of await hv.domains.list()) {
    if (d.name.startsWith(PREFIX)) await d.undefine();
    await d.free();
  }
  await hv?.close();
});

describe('bulk listings on test:///default', () => {
  it('listWithInfo and listWithState take one round trip for 3 guests and for 60', async () => {
    for (const count of [3, 60]) {
      await defineUpTo(count);
      const [withInfo, infoTrips] = await roundTrips(() => hv.domains.listWithInfo());
      const [withState, stateTrips] = await roundTrips(() => hv.domains.listWithState());
      const [stats, statsTrips] = await roundTrips(() => hv.domains.statsAll({ groups: ['state'] }));
      // the driver's own running 'test' guest, and ours
      expect(withInfo).toHaveLength(count + 1);
      expect(withState).toHaveLength(count + 1);
      expect(stats).toHaveLength(count + 1);
      expect([infoTrips, stateTrips, statsTrips]).toEqual([1, 1, 1]);
      // the per-object way costs one more round trip per guest
      const [listed, perObjectTrips] = await roundTrips(async () => {
        const domains = await hv.domains.list();
        await Promise.all(domains.map((d) => d.state()));
        return domains;
      });
      expect(perObjectTrips).toBe(count + 2);
      await freeAll([...listed, ...withInfo.map((e) => e.domain), ...withState.map((e) => e.domain)]);
      await freeAll(stats.map((e) => e.domain));
    }
  });

  it('gives the same data as info() and state() on each domain', async () => {
    await defineUpTo(5);
    const withInfo = await hv.domains.listWithInfo();
    const withState = await hv.domains.listWithState();
    expect(withInfo.map((e) => e.domain.name).sort()).toEqual(withState.map((e) => e.domain.name).sort());
    for (const { domain, info } of withInfo) {
      const again = await domain.info();
      // CPU time of a running guest moves between the two reads; everything else is equal.
      expect({ ...info, cpuTimeNs: 0n }).toEqual({ ...again, cpuTimeNs: 0n });
      expect(typeof info.cpuTimeNs).toBe('bigint');
      expect(info.cpuTimeNs <= again.cpuTimeNs).toBe(true);
      expect(domain.uuid).toMatch(/^[0-9a-f-]{36}$/);
    }
    for (const { domain, state } of withState) expect(state).toEqual(await domain.state());
    const ours = withInfo.find((e) => e.domain.name === `${PREFIX}2`);
    expect(ours?.info).toMatchObject({ state: 'shutoff', maxMemoryKiB: 66 * 1024, vcpus: 3 });
    expect(withState.find((e) => e.domain.name === 'test')?.state).toMatchObject({ state: 'running' });
    await freeAll([...withInfo.map((e) => e.domain), ...withState.map((e) => e.domain)]);
  });

  it('filters as list() does', async () => {
    await defineUpTo(5);
    const running = await hv.domains.listWithState({ active: true });
    expect(running.map((e) => [e.domain.name, e.state.state])).toEqual([['test', 'running']]);
    const inactive = await hv.domains.listWithInfo({ inactive: true });
    expect(inactive.length).toBe(defined);
    expect(inactive.every((e) => e.info.state === 'shutoff')).toBe(true);
    await freeAll([...running, ...inactive].map((e) => e.domain));
    await expect(hv.domains.listWithInfo({ bogus: true } as never)).rejects.toThrow(TypeError);
  });

  it('lists again when a guest vanished between the listing and its getter', async () => {
    await defineUpTo(3);
    const vanished = new LibvirtError(
      { code: ErrorCode.NO_DOMAIN, domain: 10, message: "Domain not found: 'gone'", level: 2 },
      'virConnectListAllDomains',
    );
    const describe = vi.spyOn(executor, 'describe').mockRejectedValueOnce(vanished);
    const listed = await hv.domains.listWithInfo();
    expect(describe).toHaveBeenCalledTimes(2);
    expect(listed.length).toBe(defined + 1);
    await freeAll(listed.map((e) => e.domain));
    // any other failure is the caller's
    describe.mockRejectedValueOnce(new Error('boom'));
    await expect(hv.domains.listWithInfo()).rejects.toThrow('boom');
  });

  it('listWithState reads bulk stats, and falls back to a getter per guest where it must', async () => {
    await defineUpTo(3);
    const describe = vi.spyOn(executor, 'describe');
    const viaStats = await hv.domains.listWithState({ persistent: true });
    expect(describe.mock.calls.map((c) => c[0])).toEqual(['virConnectGetAllDomainStats']);
    // a filter bulk stats do not take: listed, then a getter each, still in one round trip
    describe.mockClear();
    const viaGetters = await hv.domains.listWithState({ autostart: false });
    expect(describe.mock.calls.map((c) => [c[0], c[2]])).toEqual([
      ['virConnectListAllDomains', ['virDomainGetName', 'virDomainGetUUIDString', 'virDomainGetState']],
    ]);
    const byName = (list: { domain: Domain; state: unknown }[]) =>
      list.map((e) => [e.domain.name, e.state]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byName(viaStats)).toEqual(byName(viaGetters));
    // a driver without bulk stats
    describe.mockClear();
    describe.mockRejectedValueOnce(
      new LibvirtError(
        { code: ErrorCode.NO_SUPPORT, domain: 10, message: 'not supported', level: 2 },
        'virConnectGetAllDomainStats',
      ),
    );
    const fallback = await hv.domains.listWithState();
    expect(describe.mock.calls.map((c) => c[0])).toEqual([
      'virConnectGetAllDomainStats',
      'virConnectListAllDomains',
    ]);
    expect(fallback).toHaveLength(defined + 1);
    await freeAll([...viaStats, ...viaGetters, ...fallback].map((e) => e.domain));
  });
  it("statsAll()'s domain-by-domain fallback gives what the bulk query gives, filter included", async () => {
    await defineUpTo(4);
    for (const options of [{ groups: ['state', 'balloon'] as const }, { filter: { active: false } }]) {
      const bulk = await hv.domains.statsAll(options);
      const oneByOne = await statsOneByOne(hv.domains, options);
      const byName = (entries: typeof bulk) =>
        Object.fromEntries(entries.map((e) => [e.domain.name, e.stats])) as Record<string, unknown>;
      expect(byName(oneByOne)).toEqual(byName(bulk));
      await freeAll([...bulk, ...oneByOne].map((e) => e.domain));
    }
  });
});
