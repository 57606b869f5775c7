// Domain snapshots on test:///default: create from the typed model and from XML, list/get/find/current,
// parent links, revert and delete, each checked through another call than the one that made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
const NAME = `lvts-h10-snap-${process.pid}`;
const XML = `<domain type='test'><name>${NAME}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;

describe('Domain snapshots on test:///default', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
    dom = await hv.domains.define(XML);
    await dom.start();
  });

  afterAll(async () => {
    const d = await hv.domains.find(NAME);
    if (d && (await d.isActive())) await d.destroy();
    if (d) await d.undefine({ snapshots: true });
    await hv.close();
  });

  it('has no snapshots and no current one at first', async () => {
    expect(await dom.snapshots.list()).toEqual([]);
    expect(await dom.snapshots.current()).toBeUndefined();
    expect(await dom.snapshots.find('s1')).toBeUndefined();
    const err = await dom.snapshots.get('s1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_DOMAIN_SNAPSHOT);
    expect((await hv.domains.list({ hasSnapshot: false })).map((d) => d.name)).toContain(NAME);
  });

  it('creates a chain from a typed definition and from XML, with parents and the current mark', async () => {
    const s1 = await dom.snapshots.create({ name: 's1', description: 'first' });
    expect(s1.name).toBe('s1');
    expect(await s1.isCurrent()).toBe(true);
    expect(await s1.parent()).toBeUndefined();
    const def = await s1.definition();
    expect(def).toMatchObject({ name: 's1', description: 'first', state: 'running' });
    expect(def.domain?.name).toBe(NAME);

    await dom.suspend();
    const s2 = await dom.snapshots.create('<domainsnapshot><name>s2</name></domainsnapshot>');
    expect((await s2.definition()).state).toBe('paused');
    expect((await s2.parent())?.name).toBe('s1');
    expect(await s1.isCurrent()).toBe(false);
    expect((await dom.snapshots.current())?.name).toBe('s2');
    expect((await s1.children()).map((s) => s.name)).toEqual(['s2']);

    expect((await dom.snapshots.list()).map((s) => s.name).sort()).toEqual(['s1', 's2']);
    expect((await dom.snapshots.list({ roots: true })).map((s) => s.name)).toEqual(['s1']);
    expect((await dom.snapshots.list({ leaves: true })).map((s) => s.name)).toEqual(['s2']);
    expect((await hv.domains.list({ hasSnapshot: true })).map((d) => d.name)).toContain(NAME);
  });

  it('reverts to a snapshot, restoring the state it recorded', async () => {
    expect((await dom.state()).state).toBe('paused');
    const s1 = await dom.snapshots.get('s1');
    await s1.revert();
    expect(await dom.state()).toMatchObject({ state: 'running', reason: 'from_snapshot' });
    expect((await dom.snapshots.current())?.name).toBe('s1');
    await (await dom.snapshots.get('s2')).revert({ running: true });
    expect((await dom.state()).state).toBe('running');
  });

  it('deletes a snapshot with its children', async () => {
    const s1 = await dom.snapshots.get('s1');
    await s1.delete({ children: true });
    expect(await dom.snapshots.list()).toEqual([]);
    expect(await dom.snapshots.find('s2')).toBeUndefined();
  });

  it('checks arguments before C', async () => {
    await expect(dom.snapshots.get('')).rejects.toThrow(TypeError);
    await expect(dom.snapshots.create({ name: 'x' }, { atomc: true } as never)).rejects.toThrow(
      /unknown option/,
    );
    await expect(dom.snapshots.create(42 as never)).rejects.toThrow(TypeError);
    await expect(dom.snapshots.list({ roots: 1 } as never)).rejects.toThrow(/must be a boolean/);
  });
});
