import { attr, element, leaves, list, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint, yesNo } from '../engine/kinds.js';

// network.rng `<dns>`: the records and forwarding of the network's dnsmasq.

/** `<forwarder addr= domain=/>`: where to send queries (for `domain` only, when given). */
export const dnsForwarder = element({ domain: attr(str), addr: attr(str) });

/** `<txt name= value=/>`. */
export const dnsTxt = element({ name: attr(str), value: attr(str) });

/** `<srv service= protocol= .../>`. */
export const dnsSrv = element({
  service: attr(str),
  protocol: attr(oneOf('tcp', 'udp')),
  domain: attr(str),
  target: attr(str),
  port: attr(uint),
  priority: attr(uint),
  weight: attr(uint),
});

/** `<host ip=><hostname>..</hostname></host>`: an address record with one or more names. */
export const dnsHost = element({ ip: attr(str), hostnames: leaves(str, 'hostname') });

/** `<dns>`: the network's DNS server: on or off, forwarders, and the host, SRV and TXT records it serves. */
export const networkDns = element({
  /** 'no' turns the network's DNS server off. */
  enable: attr(yesNo),
  /** 'no' keeps names without a domain from being forwarded. */
  forwardPlainNames: attr(yesNo),
  forwarders: list(dnsForwarder, 'forwarder'),
  txts: list(dnsTxt, 'txt'),
  srvs: list(dnsSrv, 'srv'),
  hosts: list(dnsHost, 'host'),
});

export type NetworkDns = XmlType<typeof networkDns>;
