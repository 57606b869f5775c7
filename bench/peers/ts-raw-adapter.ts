// libvirt-ts/raw's asynchronous door: call(name, ...args) through the executor, Handles freed by hand.
import { call, ErrorNumber, type Handle, LibvirtError } from 'libvirt-ts/raw';
import { guestXml } from './guests.js';
import type { Adapter } from './js-peer.js';

/** A guest removed by another program since the listing is skipped, as by every peer. */
function unlessVanished(err: unknown): undefined {
  if (err instanceof LibvirtError && err.code === ErrorNumber.ERR_NO_DOMAIN) return undefined;
  throw err;
}

export const adapter: Adapter<Handle> = {
  open: (uri) => call('virConnectOpen', uri),
  async define(conn, count) {
    for (let i = 0; i < count; i++) await (await call('virDomainDefineXML', conn, guestXml(i))).free();
  },
  async seq(conn, name) {
    const dom = await call('virDomainLookupByName', conn, name);
    await call('virDomainGetInfo', dom);
    await dom.free();
  },
  async xml(conn, name) {
    const dom = await call('virDomainLookupByName', conn, name);
    await call('virDomainGetXMLDesc', dom, 0);
    await dom.free();
  },
  async list(conn) {
    const domains = await call('virConnectListAllDomains', conn, 0);
    await Promise.all(domains.map((d) => call('virDomainGetState', d, 0).catch(unlessVanished)));
    await Promise.all(domains.map((d) => d.free()));
    return domains.length;
  },
  async liststats(conn) {
    const records = await call('virConnectGetAllDomainStats', conn, 1 /* VIR_DOMAIN_STATS_STATE */, 0);
    await Promise.all(records.map((r) => r.dom.free()));
    return records.length;
  },
};
