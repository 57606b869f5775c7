// @unraid/libvirt 2.2.1 (a node-gyp addon on libuv's thread pool), loaded from the bench's cache folder
// (bench/unraid.ts installs and builds it there; it is never a dependency of libvirt-ts). It has no free():
// its domain objects release their reference when garbage-collected.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { guestXml } from './guests.js';
import type { Adapter } from './js-peer.js';

interface UnraidDomain {
  getInfo(): Promise<unknown>;
  getXMLDesc(flags?: number): Promise<string>;
}
interface UnraidHypervisor {
  connectOpen(): Promise<void>;
  domainDefineXML(xml: string): Promise<UnraidDomain>;
  domainLookupByName(name: string): Promise<UnraidDomain>;
  connectListAllDomains(flags?: number): Promise<UnraidDomain[]>;
}
interface UnraidModule {
  Hypervisor: new (options: { uri: string }) => UnraidHypervisor;
}

const dir = process.env.LVTS_BENCH_UNRAID_DIR;
if (!dir)
  throw new Error('LVTS_BENCH_UNRAID_DIR is not set (the folder holding node_modules/@unraid/libvirt)');
const entry = join(dir, 'node_modules', '@unraid', 'libvirt', 'dist', 'index.js');
const { Hypervisor } = (await import(pathToFileURL(entry).href)) as UnraidModule;

export const adapter: Adapter<UnraidHypervisor> = {
  async open(uri) {
    const hv = new Hypervisor({ uri });
    await hv.connectOpen();
    return hv;
  },
  async define(hv, count) {
    for (let i = 0; i < count; i++) await hv.domainDefineXML(guestXml(i));
  },
  async seq(hv, name) {
    const dom = await hv.domainLookupByName(name);
    await dom.getInfo();
  },
  async xml(hv, name) {
    const dom = await hv.domainLookupByName(name);
    await dom.getXMLDesc();
  },
  async list(hv) {
    // It has no state getter: getInfo() carries the state.
    const domains = await hv.connectListAllDomains();
    // A guest removed by another program since the listing is skipped, as by every peer.
    await Promise.all(
      domains.map((d) =>
        d.getInfo().catch((err: Error) => {
          if (!/not found|no domain/i.test(err.message)) throw err;
        }),
      ),
    );
    return domains.length;
  },
};
