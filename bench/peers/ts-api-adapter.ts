// libvirt-ts's object API, as a user writes it: Hypervisor.connect, hv.domains.get(name), dom.info(), dom.free().
// LVTS_BENCH_CONCURRENCY=N passes `{ concurrency: N }` to Hypervisor.connect (when the executor has it).
import { type Domain, Hypervisor } from 'libvirt-ts';
import { guestXml } from './guests.js';
import type { Adapter } from './js-peer.js';

const concurrency = process.env.LVTS_BENCH_CONCURRENCY;
const connectOptions = concurrency ? ({ concurrency: Number(concurrency) } as object) : undefined;

async function freeAll(domains: readonly Domain[]): Promise<void> {
  await Promise.all(domains.map((d) => d.free()));
}

export const adapter: Adapter<Hypervisor> = {
  open: (uri) => Hypervisor.connect(uri, connectOptions),
  async define(hv, count) {
    for (let i = 0; i < count; i++) await (await hv.domains.define(guestXml(i))).free();
  },
  async seq(hv, name) {
    const dom = await hv.domains.get(name);
    await dom.info();
    await dom.free();
  },
  async xml(hv, name) {
    const dom = await hv.domains.get(name);
    await dom.xml();
    await dom.free();
  },
  async list(hv) {
    const domains = await hv.domains.list();
    await Promise.all(domains.map((d) => d.state()));
    await freeAll(domains);
    return domains.length;
  },
  async listbulk(hv) {
    const entries = await hv.domains.listWithState();
    await freeAll(entries.map((e) => e.domain));
    return entries.length;
  },
  async liststats(hv) {
    const entries = await hv.domains.statsAll({ groups: ['state'] });
    await freeAll(entries.map((e) => e.domain));
    return entries.length;
  },
};
