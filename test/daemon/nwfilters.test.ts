/**
 * hv.nwfilters and hv.nwfilterBindings on qemu:///system: define, look up by name / UUID string / raw bytes,
 * name lists and counts, bind to a port, delete and undefine — each step checked with virsh nwfilter-*.
 * Everything is named lvts-h16-* and removed, also after a failure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, type LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const FILTER = `lvts-h16-filter-${process.pid}`;
const PORT = `lvh16p${process.pid % 100000}`;
const FILTER_XML = `<filter name='${FILTER}' chain='root'>
  <rule action='accept' direction='out' priority='500'><all/></rule>
</filter>`;
const BINDING_XML = `<filterbinding>
  <owner><name>lvts-h16-owner</name><uuid>d217f2d7-5a04-4e01-8b98-6b1ae6ed6a6a</uuid></owner>
  <portdev name='${PORT}'/>
  <mac address='52:54:00:00:16:01'/>
  <filterref filter='${FILTER}'/>
</filterbinding>`;

function quiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // already gone
  }
}

describeDaemon('network filters and bindings on qemu:///system', () => {
  let hv: Hypervisor;

  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    quiet('nwfilter-binding-delete', PORT);
    quiet('nwfilter-undefine', FILTER);
  });

  it('defines a filter, finds it every way, binds it to a port and removes both', async () => {
    const before = await hv.nwfilters.count();
    const filter = await hv.nwfilters.define(FILTER_XML, { validate: true });
    expect(filter.name).toBe(FILTER);
    expect(virsh('nwfilter-list')).toContain(filter.uuid);
    expect(await hv.nwfilters.count()).toBe(before + 1);
    expect(await hv.nwfilters.names()).toContain(FILTER);
    expect((await hv.nwfilters.list()).map((f) => f.name)).toContain(FILTER);
    expect((await hv.nwfilters.get(filter.uuid)).name).toBe(FILTER);
    expect((await hv.nwfilters.get(Buffer.from(filter.uuid.replaceAll('-', ''), 'hex'))).name).toBe(FILTER);
    expect(await filter.xml()).toContain(`<filter name='${FILTER}'`);
    expect(virsh('nwfilter-dumpxml', FILTER)).toContain(filter.uuid);

    expect(await hv.nwfilterBindings.find(PORT)).toBeUndefined();
    const binding = await hv.nwfilterBindings.create(BINDING_XML);
    expect(binding).toMatchObject({ portDev: PORT, filterName: FILTER });
    expect(virsh('nwfilter-binding-list')).toMatch(new RegExp(`${PORT}\\s+${FILTER}`));
    expect((await hv.nwfilterBindings.list()).map((b) => b.portDev)).toContain(PORT);
    expect(await (await hv.nwfilterBindings.get(PORT)).xml()).toContain(`<portdev name='${PORT}'/>`);

    await binding.delete();
    expect(virsh('nwfilter-binding-list')).not.toContain(PORT);
    await filter.undefine();
    expect(virsh('nwfilter-list')).not.toContain(FILTER);
    expect(await hv.nwfilters.find(FILTER)).toBeUndefined();
    const gone = await hv.nwfilters.get(FILTER).catch((e: unknown) => e);
    expect((gone as LibvirtError).code).toBe(ErrorCode.NO_NWFILTER);
  });
});
