// Consoles, graphics sockets and migration on test:///default, which implements none of them: each rejects with
// libvirt's typed error, leaves no stream on the loop thread, and the connection stays usable; bad arguments are
// refused before anything reaches C.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loop } from '../../native/loop/index.js';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

describe('stream and migration errors on the test driver', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect('test:///default');
    dom = await hv.domains.get('test');
  });

  afterAll(async () => {
    await hv?.close();
  });

  it('console() rejects with NO_SUPPORT and leaves no watched stream', async () => {
    const err = await dom.console().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    expect(await loop.streamCommand({ op: 'stream-count', id: loop.allocateId() })).toBe(0);
    expect(await hv.isAlive()).toBe(true);
  });

  it('openGraphics() rejects with NO_SUPPORT', async () => {
    const err = await dom.openGraphics().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
  });

  it('migrate() to a URI rejects with a LibvirtError and the domain stays', async () => {
    const err = await dom.migrate('test:///default', { live: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((await dom.info()).state).toBe('running');
  });

  it('refuses bad arguments before C', async () => {
    await expect(dom.console({ devName: 1 as never })).rejects.toThrow(TypeError);
    await expect(dom.console({ force: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(dom.console(null as never)).rejects.toThrow(TypeError);
    await expect(dom.openGraphics({ idx: -1 })).rejects.toThrow(RangeError);
    await expect(dom.openGraphics({ idx: 2 ** 32 })).rejects.toThrow(RangeError);
    await expect(dom.migrate(42 as never)).rejects.toThrow(TypeError);
    await expect(dom.migrate('', {})).rejects.toThrow(TypeError);
    await expect(dom.migrate('test:///default', { bandwidth: 1.5 })).rejects.toThrow(RangeError);
    // A poll interval of 2^31 ms and up would be a 1 ms timer in Node.
    for (const progressIntervalMs of [0, 2 ** 31, Number.POSITIVE_INFINITY]) {
      await expect(dom.migrate('test:///default', { progressIntervalMs })).rejects.toThrow(RangeError);
    }
    await expect(dom.migrate('test:///default\0x', {})).rejects.toThrow(/must not contain a NUL/);
    await expect(dom.migrate('test:///default', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
