// libvirt-ts's object API, as a user writes it: Hypervisor.connect, hv.domains.get(name), dom.info(), dom.free().
// LVTS_BENCH_CONCURRENCY=N passes `{ concurrency: N }` to Hypervisor.connect (when the executor has it).
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from 'libvirt-ts';
import { guestXml } from './guests.js';
import type { Adapter } from './js-peer.js';

const concurrency = process.env.LVTS_BENCH_CONCURRENCY;
const connectOptions = concurrency ? ({ concurrency: Number(concurrency) } as object) : undefined;

/** A guest removed by another program since the listing is skipped, as by every peer. */
function unlessVanished(err: unknown): undefined {
  if (err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN) return undefined;
  throw err;
}

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
    await Promise.all(domains.map((d) => d.state().catch(unlessVanished)));
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
