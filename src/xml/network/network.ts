import { bandwidth, mtu, portOptions, virtualPort, vlan } from '../common/netdev.js';
import { attr, child, element, leaf, list, raw, type XmlType } from '../engine/describe.js';
import { defineDocument } from '../engine/document.js';
import { oneOf, onOff, str, uint, uuid, yesNo } from '../engine/kinds.js';
import { networkDns } from './dns.js';
import { networkForward } from './forward.js';
import { networkIp, networkRoute } from './ip.js';

// /usr/share/libvirt/schemas/network.rng (+ networkcommon.rng), in the order libvirt writes it
// (virNetworkDefFormatBuf).

/** `<bridge>`: the host bridge the network creates (nat/route/open/isolated) or uses (bridge). */
export const networkBridge = element({
  name: attr(str),
  /** firewalld zone to put the bridge in. */
  zone: attr(str),
  stp: attr(onOff),
  /** Forward delay in seconds. */
  delay: attr(uint),
  macTableManager: attr(oneOf('kernel', 'libvirt')),
});

/** `<domain name= localOnly=/>`: the DNS domain of the network's DHCP clients. */
export const networkDomain = element({ name: attr(str), localOnly: attr(yesNo) });

/** `<portgroup>`: settings a guest interface gets by naming the group. */
export const networkPortgroup = element({
  name: attr(str),
  default: attr(yesNo),
  trustGuestRxFilters: attr(yesNo),
  vlan: child(vlan),
  virtualport: child(virtualPort),
  bandwidth: child(bandwidth),
});

/** `<dnsmasq:options><dnsmasq:option value=/></dnsmasq:options>`: raw options passed to dnsmasq. */
export const networkDnsmasqOptions = element({
  options: list(element({ value: attr(str) }), 'dnsmasq:option'),
});

export const network = element({
  /** Live XML only: how many guest interfaces use the network. */
  connections: attr(uint),
  /** 'yes': IPv6 between guests even with no IPv6 address on the network. */
  ipv6: attr(yesNo),
  trustGuestRxFilters: attr(yesNo),
  name: leaf(str),
  uuid: leaf(uuid),
  /** libvirt 9.7 and later. */
  title: leaf(str),
  /** libvirt 9.7 and later. */
  description: leaf(str),
  metadata: raw(),
  forward: child(networkForward),
  bridge: child(networkBridge),
  mtu: child(mtu),
  mac: child(element({ address: attr(str) })),
  domain: child(networkDomain),
  dns: child(networkDns),
  vlan: child(vlan),
  bandwidth: child(bandwidth),
  port: child(portOptions),
  ips: list(networkIp, 'ip'),
  routes: list(networkRoute, 'route'),
  virtualport: child(virtualPort),
  portgroups: list(networkPortgroup, 'portgroup'),
  dnsmasqOptions: child(networkDnsmasqOptions, 'dnsmasq:options'),
});

export type NetworkBridge = XmlType<typeof networkBridge>;
export type NetworkPortgroup = XmlType<typeof networkPortgroup>;
export type NetworkDef = XmlType<typeof network>;

/** The XML namespaces a network definition may use, by prefix: dnsmasq's options. */
export const NETWORK_NAMESPACES = {
  /** dnsmasq's options (`<dnsmasq:options>`). */
  dnsmasq: 'http://libvirt.org/schemas/network/dnsmasq/1.0',
} as const;

export const networkDocument = defineDocument('network', network, { namespaces: NETWORK_NAMESPACES });
export const parseNetworkXml = (xml: string): NetworkDef => networkDocument.parse(xml);
export const buildNetworkXml = (def: NetworkDef): string => networkDocument.build(def);
