import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint, yesNo } from '../engine/kinds.js';

// network.rng `<ip>` and networkcommon.rng `<route>`.

const family = oneOf('ipv4', 'ipv6');

/** `<lease expiry= unit=/>`: DHCP lease time (expiry 0 = infinite). */
export const dhcpLease = element({
  expiry: attr(uint),
  unit: attr(oneOf('seconds', 'minutes', 'hours')),
});

/** `<range start= end=>`: addresses the DHCP server hands out. */
export const dhcpRange = element({ start: attr(str), end: attr(str), lease: child(dhcpLease) });

/** `<host mac|id= name= ip=>`: a fixed address for a MAC (IPv4) or DUID (IPv6). */
export const dhcpHost = element({
  mac: attr(str),
  id: attr(str),
  name: attr(str),
  ip: attr(str),
  lease: child(dhcpLease),
});

/** `<bootp file= server=/>`: the PXE boot file and its server. */
export const dhcpBootp = element({ file: attr(str), server: attr(str) });

/**
 * `<option number='119' value='...'/>`: a DHCP option the network's DHCP server hands out (newer libvirt than
 * the 9.0 grammar this model was measured against; attributes it does not know are kept unknown).
 */
export const dhcpOption = element({ number: attr(uint), value: attr(str) });

/** `<dhcp>`: the address ranges handed out, the fixed hosts, and the PXE boot file. */
export const networkDhcp = element({
  ranges: list(dhcpRange, 'range'),
  hosts: list(dhcpHost, 'host'),
  bootp: child(dhcpBootp),
  options: list(dhcpOption, 'option'),
});

/** `<ip>`: an address of the host on the network's bridge, with its DHCP and TFTP service. */
export const networkIp = element({
  family: attr(family),
  address: attr(str),
  /** IPv4 only; the alternative to `prefix`. */
  netmask: attr(str),
  prefix: attr(uint),
  /** 'yes': answer reverse lookups for this range locally only. */
  localPtr: attr(yesNo),
  tftp: child(element({ root: attr(str) })),
  dhcp: child(networkDhcp),
});

/** `<route address= prefix|netmask= gateway= metric=/>`: a static route the host adds for the network. */
export const networkRoute = element({
  family: attr(family),
  address: attr(str),
  netmask: attr(str),
  prefix: attr(uint),
  gateway: attr(str),
  metric: attr(uint),
});

export type NetworkDhcp = XmlType<typeof networkDhcp>;
export type NetworkIp = XmlType<typeof networkIp>;
export type NetworkRoute = XmlType<typeof networkRoute>;
