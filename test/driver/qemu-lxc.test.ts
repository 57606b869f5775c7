// dom.qemu, dom.lxc and 'qemu.monitor' subscriptions on test:///default: bad arguments are TypeErrors before
// anything reaches libvirt; a driver without libvirt-qemu/-lxc support answers with its typed error, and a
// refused monitor-event registration leaves nothing registered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loop } from '../../native/loop/index.js';
import { type Domain, Hypervisor, LibvirtError } from '../../src/index.js';

let hv: Hypervisor;
let dom: Domain;

beforeAll(async () => {
  hv = await Hypervisor.connect('test:///default');
  dom = await hv.domains.get('test');
});

afterAll(async () => {
  await hv.close();
});

describe('dom.qemu', () => {
  it('checks its arguments before C', async () => {
    const q = dom.qemu as unknown as {
      monitorCommand: (...a: unknown[]) => Promise<unknown>;
      agentCommand: (...a: unknown[]) => Promise<unknown>;
    };
    await expect(q.monitorCommand(42)).rejects.toThrow(TypeError);
    await expect(q.monitorCommand('')).rejects.toThrow(TypeError);
    await expect(q.monitorCommand(null)).rejects.toThrow(TypeError);
    await expect(q.monitorCommand(['execute'])).rejects.toThrow(TypeError);
    await expect(q.monitorCommand('info status', { hmp: 'yes' })).rejects.toThrow(TypeError);
    await expect(q.monitorCommand('info status', { hpm: true })).rejects.toThrow(/unknown option 'hpm'/);
    await expect(q.monitorCommand({ execute: 'query-status' }, { hmp: true })).rejects.toThrow(
      /must be a string with \{ hmp: true \}/,
    );
    await expect(q.monitorCommand('a\0b')).rejects.toThrow(TypeError);
    await expect(q.agentCommand(7)).rejects.toThrow(TypeError);
    await expect(q.agentCommand({ execute: 'guest-ping' }, { timeout: -1 })).rejects.toThrow(RangeError);
    await expect(q.agentCommand({ execute: 'guest-ping' }, { timeout: 'soon' })).rejects.toThrow(RangeError);
  });

  it('a driver without libvirt-qemu rejects with NO_SUPPORT', async () => {
    const err = await dom.qemu.monitorCommand({ execute: 'query-status' }).catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).codeName).toBe('NO_SUPPORT');
  });
});

describe('dom.lxc', () => {
  it('a driver without libvirt-lxc rejects with NO_SUPPORT', async () => {
    const err = await dom.lxc.openNamespaces().catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).codeName).toBe('NO_SUPPORT');
  });
});

describe("'qemu.monitor' subscriptions", () => {
  it('check their options before anything is registered', () => {
    const on = hv.on.bind(hv) as (...a: unknown[]) => unknown;
    expect(() => on('qemu.monitor', () => {}, { event: '' })).toThrow(TypeError);
    expect(() => on('qemu.monitor', () => {}, { event: 5 })).toThrow(TypeError);
    expect(() => on('qemu.monitor', () => {}, { regex: true })).toThrow(/need an event/);
    expect(() => on('qemu.monitor', () => {}, { event: 'STOP', nocase: 1 })).toThrow(TypeError);
    expect(() => on('qemu.monitor', () => {}, { evnt: 'STOP' })).toThrow(/unknown option 'evnt'/);
    expect(() => on('domain.lifecycle', () => {}, { event: 'STOP' })).toThrow(/for 'qemu.monitor' only/);
    expect(() => hv.events('domain.lifecycle', { event: 'STOP' } as never)).toThrow(
      /for 'qemu.monitor' only/,
    );
    const domOn = dom.on.bind(dom) as (...a: unknown[]) => unknown;
    expect(() => domOn('network.lifecycle', () => {})).toThrow(/not a domain event name/);
  });

  it('a driver without monitor events refuses the registration with a typed error and leaks nothing', async () => {
    const before = await loop.registeredCount();
    const sub = hv.on('qemu.monitor', () => {}, { event: 'STOP' });
    const err = await sub.ready.catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).codeName).toBe('NO_SUPPORT');
    const domSub = dom.on('qemu.monitor', () => {});
    expect(await domSub.ready.catch((e) => (e as LibvirtError).codeName)).toBe('NO_SUPPORT');
    expect(await loop.registeredCount()).toBe(before);
  });
});

describe('detach by alias, fds, graphics on a given socket, launch security: arguments', () => {
  it('are checked before C', async () => {
    const d = dom as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(d.detachDeviceAlias!('')).rejects.toThrow(TypeError);
    await expect(d.detachDeviceAlias!('ua-x', { live: 'yes' })).rejects.toThrow(TypeError);
    await expect(d.fdAssociate!('g', [])).rejects.toThrow(/at least one file descriptor/);
    await expect(d.fdAssociate!('g', [-1])).rejects.toThrow(RangeError);
    await expect(d.fdAssociate!('g', [2 ** 31])).rejects.toThrow(RangeError);
    await expect(d.fdAssociate!('g', 3)).rejects.toThrow(TypeError);
    await expect(d.fdAssociate!('', [0])).rejects.toThrow(TypeError);
    await expect(d.fdAssociate!('g', [0], { writeable: true })).rejects.toThrow(/unknown option/);
    await expect(d.start!({ files: [1.5] })).rejects.toThrow(RangeError);
    await expect(d.start!({ files: 'x' })).rejects.toThrow(TypeError);
    await expect(d.start!({ files: [0], pasued: true })).rejects.toThrow(/pasued/);
    await expect(d.connectGraphics!(-1)).rejects.toThrow(RangeError);
    await expect(d.connectGraphics!('3')).rejects.toThrow(TypeError);
    await expect(d.connectGraphics!(3, { idx: -1 })).rejects.toThrow(RangeError);
    const ls = dom.launchSecurity as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(ls.setState!()).rejects.toThrow(TypeError);
    await expect(ls.setState!({ secret: 'a' })).rejects.toThrow(TypeError);
    await expect(ls.setState!({ secret: 'a', header: 'b', address: 5 })).rejects.toThrow(RangeError);
    await expect(ls.setState!({ secret: 'a', header: 'b', adress: 5n })).rejects.toThrow(/unknown option/);
    const create = hv.domains.create.bind(hv.domains) as (...a: unknown[]) => Promise<unknown>;
    await expect(create('<domain/>', { files: [null] })).rejects.toThrow(TypeError);
  });

  it('the test driver answers each with its typed error', async () => {
    // The test driver has a launch-security getter that refuses VIR_TYPED_PARAM_STRING_OKAY (the flag every
    // typed-parameter getter passes, as sev-measurement is a string); the rest it does not have.
    const attempts: [() => Promise<unknown>, string][] = [
      [() => dom.detachDeviceAlias('ua-none'), 'NO_SUPPORT'],
      [() => dom.launchSecurity.info(), 'INVALID_ARG'],
      [() => dom.launchSecurity.setState({ secret: 'AAAA', header: 'AAAA' }), 'NO_SUPPORT'],
      [() => dom.fdAssociate('g', [0]), 'NO_SUPPORT'],
      [() => dom.connectGraphics(0), 'NO_SUPPORT'],
    ];
    for (const [attempt, code] of attempts) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LibvirtError);
      expect((err as LibvirtError).codeName).toBe(code);
    }
  });
});
