// Typed events on test:///default: emitter and iterator forms, per-object filtering, every event kind the
// test driver can raise, waitFor/shutdown without polling, and registrations that never leak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { loop } from '../../native/loop/index.js';
import type { EventMap } from '../../src/events/event-types.js';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
let hv: Hypervisor;
/** A second, raw connection to the same in-process test driver: changes made here are seen by `hv`. */
let raw: Handle;

const domainXml = (name: string) =>
  `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;

beforeAll(async () => {
  hv = await Hypervisor.connect(URI);
  raw = await call('virConnectOpen', URI);
});

afterAll(async () => {
  await hv.close();
  await raw.free();
});

/** Resolves once `events` holds `n` items (events arrive asynchronously from the loop thread). */
async function collected<T>(events: T[], n: number): Promise<T[]> {
  while (events.length < n) await new Promise((resolve) => setTimeout(resolve, 2));
  return events;
}

async function lifecycleSequence(dom: Domain): Promise<void> {
  await dom.start();
  await dom.suspend();
  await dom.resume();
  await dom.destroy();
  await dom.undefine();
}

describe('events on test:///default', () => {
  it('delivers define, start, suspend, resume, destroy and undefine in order with typed details', async () => {
    const name = 'lvts-h13-lifecycle';
    const seen: EventMap['domain.lifecycle'][] = [];
    const sub = hv.on('domain.lifecycle', (e) => {
      if (e.domain.name === name) seen.push(e);
    });
    await sub.ready;
    const dom = await hv.domains.define(domainXml(name));
    await lifecycleSequence(dom);
    await collected(seen, 6);
    await sub.off();
    expect(seen.map((e) => [e.event, e.detail])).toEqual([
      ['defined', 'added'],
      ['started', 'booted'],
      ['suspended', 'paused'],
      ['resumed', 'unpaused'],
      ['stopped', 'destroyed'],
      ['undefined', 'removed'],
    ]);
    expect(seen.every((e) => e.domain.uuid === dom.uuid)).toBe(true);
  });

  it('yields the same sequence through an async iterator that ends on abort', async () => {
    const name = 'lvts-h13-iterator';
    const controller = new AbortController();
    const stream = hv.events('domain.lifecycle', { signal: controller.signal });
    await stream.ready;
    const dom = await hv.domains.define(domainXml(name));
    await lifecycleSequence(dom);
    const seen: string[] = [];
    for await (const e of stream) {
      if (e.domain.name !== name) continue;
      seen.push(`${e.event}/${e.detail}`);
      if (seen.length === 6) controller.abort();
    }
    expect(seen).toEqual([
      'defined/added',
      'started/booted',
      'suspended/paused',
      'resumed/unpaused',
      'stopped/destroyed',
      'undefined/removed',
    ]);
  });

  it('limits dom.on and hv.events({ domain }) to that domain, filtered by libvirt', async () => {
    const mine = await hv.domains.define(domainXml('lvts-h13-mine'));
    const other = await hv.domains.define(domainXml('lvts-h13-other'));
    try {
      const seen: string[] = [];
      const sub = mine.on('domain.lifecycle', (e) => seen.push(`${e.domain.name}:${e.event}`));
      const stream = hv.events('domain.lifecycle', { domain: mine });
      await Promise.all([sub.ready, stream.ready]);
      await other.start();
      await mine.start();
      await other.destroy();
      await mine.destroy();
      await collected(seen, 2);
      const first = await stream.next();
      await stream.return?.();
      await sub.off();
      expect(seen).toEqual(['lvts-h13-mine:started', 'lvts-h13-mine:stopped']);
      expect(first.value).toMatchObject({ domain: { name: 'lvts-h13-mine' }, event: 'started' });
    } finally {
      await mine.undefine();
      await other.undefine();
    }
  });

  it('delivers once() a single time and frees its registration', async () => {
    const before = await loop.registeredCount();
    const seen: string[] = [];
    const dom = await hv.domains.define(domainXml('lvts-h13-once'));
    const sub = dom.once('domain.lifecycle', (e) => seen.push(e.event));
    await sub.ready;
    await dom.start();
    await dom.destroy();
    await dom.undefine();
    await collected(seen, 1);
    await sub.off();
    expect(seen).toEqual(['started']);
    expect(await loop.registeredCount()).toBe(before);
  });

  it('raises metadata, network, storage pool and node device events', async () => {
    const seen: string[] = [];
    const subs = [
      hv.on('domain.metadata-change', (e) => seen.push(`metadata:${e.type}:${e.nsuri}`)),
      hv.on('network.lifecycle', (e) => seen.push(`network:${e.network.name}:${e.event}`)),
      hv.on('pool.lifecycle', (e) => seen.push(`pool:${e.pool.name}:${e.event}`)),
      hv.on('pool.refresh', (e) => seen.push(`refresh:${e.pool.name}`)),
      hv.on('nodedev.lifecycle', (e) => seen.push(`nodedev:${e.event}`)),
    ];
    await Promise.all(subs.map((s) => s.ready));

    const dom = await call('virDomainLookupByName', raw, 'test');
    await call('virDomainSetMetadata', dom, 2, '<x/>', 'x', 'http://example.org/lvts', 0);
    await dom.free();
    // No <ip>: test networks get no addresses.
    const net = await call('virNetworkDefineXML', raw, `<network><name>lvts-h13-net</name></network>`);
    await call('virNetworkUndefine', net);
    await net.free();
    const poolXml = `<pool type='dir'><name>lvts-h13-pool</name><target><path>/lvts-h13-pool</path></target></pool>`;
    const pool = await call('virStoragePoolDefineXML', raw, poolXml, 0);
    await call('virStoragePoolCreate', pool, 0);
    await call('virStoragePoolRefresh', pool, 0);
    await call('virStoragePoolDestroy', pool);
    await call('virStoragePoolUndefine', pool);
    await pool.free();
    // The test driver creates vHBAs on its fc_host scsi_host1.
    const vhba = `<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>
      <wwnn>2000000012345678</wwnn><wwpn>1000000012345678</wwpn></capability></capability></device>`;
    const dev = await call('virNodeDeviceCreateXML', raw, vhba, 0);
    await call('virNodeDeviceDestroy', dev);
    await dev.free();

    await collected(seen, 10);
    await Promise.all(subs.map((s) => s.off()));
    expect(seen).toEqual([
      'metadata:element:http://example.org/lvts',
      'network:lvts-h13-net:defined',
      'network:lvts-h13-net:undefined',
      'pool:lvts-h13-pool:defined',
      'pool:lvts-h13-pool:started',
      'refresh:lvts-h13-pool',
      'pool:lvts-h13-pool:stopped',
      'pool:lvts-h13-pool:undefined',
      'nodedev:created',
      'nodedev:deleted',
    ]);
  });

  it('rejects ready with NO_SUPPORT where the driver has no such events (secrets)', async () => {
    const sub = hv.on('secret.lifecycle', () => {});
    await expect(sub.ready).rejects.toMatchObject({ code: ErrorCode.NO_SUPPORT });
  });

  it('waits for a state without polling: at once when already there, else on the event', async () => {
    const dom = await hv.domains.define(domainXml('lvts-h13-wait'));
    try {
      await dom.waitFor('shutoff');
      const running = dom.waitFor('running', { timeoutMs: 10_000 });
      await dom.start();
      await running;
      expect((await dom.info()).state).toBe('running');
      const off = dom.shutdown({ wait: true, timeoutMs: 10_000 });
      await off;
      expect((await dom.info()).state).toBe('shutoff');
    } finally {
      await dom.undefine();
    }
  });

  it('rejects waitFor with OPERATION_TIMEOUT, the abort reason, or a TypeError for bad input', async () => {
    const dom = await hv.domains.define(domainXml('lvts-h13-timeout'));
    try {
      const before = await loop.registeredCount();
      const timedOut = await dom.waitFor('running', { timeoutMs: 20 }).catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(LibvirtError);
      expect((timedOut as LibvirtError).code).toBe(ErrorCode.OPERATION_TIMEOUT);
      const controller = new AbortController();
      const aborted = dom.waitFor('paused', { signal: controller.signal });
      controller.abort(new Error('stop waiting'));
      await expect(aborted).rejects.toThrow('stop waiting');
      expect(await loop.registeredCount()).toBe(before);
      await expect(dom.waitFor('flying' as never)).rejects.toThrow(TypeError);
      await expect(dom.waitFor('running', { timeoutMs: -1 })).rejects.toThrow(RangeError);
      await expect(dom.waitFor('running', { signal: 'no' as never })).rejects.toThrow(TypeError);
    } finally {
      await dom.undefine();
    }
  });

  it('takes Infinity as no timeout and refuses 2^31 ms and up (Node would fire after 1 ms)', async () => {
    const dom = await hv.domains.define(domainXml('lvts-h13-timeout-range'));
    const outcome = (p: Promise<unknown>) =>
      Promise.race([
        p.then(
          () => 'resolved',
          (e: unknown) => e,
        ),
        new Promise((resolve) => setTimeout(() => resolve('pending'), 100)),
      ]);
    try {
      const before = await loop.registeredCount();
      for (const bad of [2 ** 31, 2 ** 53, 1e308, 1.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
        const err = await outcome(dom.waitFor('running', { timeoutMs: bad }));
        expect(err, String(bad)).toBeInstanceOf(RangeError);
        expect((err as Error).message).toMatch(
          /timeoutMs must be an integer from 0 to 2147483647 ms or Infinity \(no timeout\)/,
        );
      }
      await expect(dom.waitFor('running', { timeoutMs: '5' as never })).rejects.toThrow(TypeError);
      await expect(dom.shutdown({ wait: true, timeoutMs: 2 ** 31 })).rejects.toThrow(RangeError);
      // Infinity and the largest timer are still waiting 100 ms later, then settle on the event.
      for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31 - 1]) {
        const running = dom.waitFor('running', { timeoutMs });
        expect(await outcome(running)).toBe('pending');
        await dom.start();
        await running;
        await dom.destroy();
      }
      // A misspelt option must not silently mean "no timeout"; `wait` must be a boolean, and false is a plain request.
      await expect(dom.waitFor('running', { timeout: 5 } as never)).rejects.toThrow(
        /unknown option 'timeout'/,
      );
      await expect(dom.shutdown({ wait: 'yes' as never })).rejects.toThrow(/options\.wait must be a boolean/);
      await dom.start();
      await dom.shutdown({ wait: false });
      await dom.waitFor('shutoff', { timeoutMs: 10_000 });
      expect(await loop.registeredCount()).toBe(before);
    } finally {
      await dom.undefine();
    }
  });

  it('refuses unknown names, non-domain names on a domain and non-function listeners before C', async () => {
    expect(() => hv.on('domain.nope' as never, () => {})).toThrow(TypeError);
    expect(() => hv.on('domain.lifecycle', 'x' as never)).toThrow(TypeError);
    const dom = await hv.domains.get('test');
    expect(() => dom.on('network.lifecycle' as never, () => {})).toThrow(TypeError);
    expect(() => hv.events('domain.lifecycle', { signal: {} as never })).toThrow(TypeError);
    await dom.free();
  });

  it('leaves no libvirt registration behind after 100 subscribe/unsubscribe cycles', async () => {
    const before = await loop.registeredCount();
    const dom = await hv.domains.get('test');
    for (let i = 0; i < 100; i++) {
      const listener = () => {};
      const a = hv.on('domain.lifecycle', listener);
      const b = dom.on('domain.reboot', listener);
      const c = hv.events('pool.lifecycle');
      await Promise.all([a.ready, b.ready, c.ready]);
      await hv.off('domain.lifecycle', listener);
      await b.off();
      await c.return?.();
    }
    await dom.free();
    expect(await loop.registeredCount()).toBe(before);
  });

  it('emits close with reason client on close(), ends iterators and frees every registration', async () => {
    const before = await loop.registeredCount();
    const own = await Hypervisor.connect(URI);
    const reasons: string[] = [];
    own.on('close', (e) => reasons.push(e.reason));
    const stream = own.events('domain.lifecycle');
    own.on('pool.refresh', () => {});
    await stream.ready;
    expect(await loop.registeredCount()).toBeGreaterThan(before);
    const ended = stream.next();
    await own.close();
    expect(await ended).toEqual({ value: undefined, done: true });
    expect(reasons).toEqual(['client']);
    expect(await loop.registeredCount()).toBe(before);
    expect(() => own.on('domain.lifecycle', () => {})).toThrow(TypeError);
  });
});
