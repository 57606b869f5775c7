import {
  attr,
  child,
  defineDocument,
  type ElementDesc,
  element,
  flag,
  list,
  num,
  oneOf,
  onOff,
  type ShapeOf,
  str,
  uint,
  type XmlType,
  yesNo,
} from './engine/index.js';

/** The kinds of host interface an `<interface type=>` may name. */
export const HOST_INTERFACE_TYPES = ['ethernet', 'bridge', 'bond', 'vlan'] as const;
/** A host interface's kind: `'ethernet'`, `'bridge'`, `'bond'` or `'vlan'`. */
export type HostInterfaceType = (typeof HOST_INTERFACE_TYPES)[number];
/** When the host brings the interface up (`<start mode=>`): at boot, never, or on hotplug. */
export const HOST_INTERFACE_START_MODES = ['onboot', 'none', 'hotplug'] as const;
/** The link states a `<link state=>` may name (the kernel's operstate). */
export const HOST_INTERFACE_LINK_STATES = [
  'unknown',
  'notpresent',
  'down',
  'lowerlayerdown',
  'testing',
  'dormant',
  'up',
] as const;
/** The bonding modes a `<bond mode=>` may name. */
export const BOND_MODES = [
  'balance-rr',
  'active-backup',
  'balance-xor',
  'broadcast',
  '802.3ad',
  'balance-tlb',
  'balance-alb',
] as const;
/** A bonding mode (`<bond mode=>`): `'balance-rr'`, `'active-backup'`, `'802.3ad'`, … */
export type BondMode = (typeof BOND_MODES)[number];

/** `<ip address= prefix=/>` inside a `<protocol>`. */
export const hostInterfaceIp = element({ address: attr(str), prefix: attr(uint) });
export type HostInterfaceIp = XmlType<typeof hostInterfaceIp>;

/** `<protocol family='ipv4|ipv6'>`: DHCP, IPv6 autoconf, static addresses and the default route. */
export const hostInterfaceProtocol = element({
  family: attr(oneOf('ipv4', 'ipv6')),
  /** ipv6 only: stateless autoconfiguration. */
  autoconf: flag(),
  /** `<dhcp peerdns='yes|no'/>`: address from DHCP. */
  dhcp: child(element({ peerdns: attr(yesNo) })),
  ips: list(hostInterfaceIp, 'ip'),
  route: child(element({ gateway: attr(str) })),
});
export type HostInterfaceProtocol = XmlType<typeof hostInterfaceProtocol>;

/** `<link speed= state=/>`: reported by libvirt for the running device (speed in Mbit/s). */
export const hostInterfaceLink = element({
  speed: attr(uint),
  state: attr(oneOf(...HOST_INTERFACE_LINK_STATES)),
});

/** `<miimon freq= downdelay= updelay= carrier=/>`: MII link monitoring of a bond (times in ms). */
export const bondMiimon = element({
  freq: attr(uint),
  downdelay: attr(uint),
  updelay: attr(uint),
  carrier: attr(oneOf('ioctl', 'netif')),
});

/** `<arpmon interval= target= validate=/>`: ARP link monitoring of a bond. */
export const bondArpmon = element({
  interval: attr(uint),
  target: attr(str),
  validate: attr(oneOf('none', 'active', 'backup', 'all')),
});

/** `<vlan tag=><interface name=/></vlan>`: the VLAN id and the device it is on. */
export const hostInterfaceVlan = element({
  tag: attr(uint),
  interface: child(element({ name: attr(str) })),
});

const interfaceFields = {
  type: attr(oneOf(...HOST_INTERFACE_TYPES)),
  /** The device name (`eth0`, `br0`, `bond0`, `eth0.42`). */
  name: attr(str),
  /** `<start mode=>`: when the host brings the interface up. */
  start: child(element({ mode: attr(oneOf(...HOST_INTERFACE_START_MODES)) })),
  /** `<mtu size=>` in bytes. */
  mtu: child(element({ size: attr(uint) })),
  protocols: list(hostInterfaceProtocol, 'protocol'),
  link: child(hostInterfaceLink),
  /** ethernet: `<mac address=>`. */
  mac: child(element({ address: attr(str) })),
} as const;

const bridgeFields = {
  /** Spanning tree protocol. */
  stp: attr(onOff),
  /** Forward delay in seconds. */
  delay: attr(num),
} as const;

const bondFields = {
  mode: attr(oneOf(...BOND_MODES)),
  miimon: child(bondMiimon),
  arpmon: child(bondArpmon),
} as const;

/** `<bridge stp= delay=>` with the bridged interfaces (ethernet, VLAN or bond). */
export interface HostInterfaceBridge extends ShapeOf<typeof bridgeFields> {
  /** The `<interface>` child elements: the bridge's members. */
  interfaces?: InterfaceDef[];
}
/** `<bond mode=>` with its link monitor and the bonded (ethernet) interfaces; the first is the primary. */
export interface HostInterfaceBond extends ShapeOf<typeof bondFields> {
  /** The `<interface>` child elements: the bonded devices. */
  interfaces?: InterfaceDef[];
}
/**
 * A host interface definition: `type` says which of `mac`/`bridge`/`bond`/`vlan` applies. A host network
 * interface (`virInterfaceGetXMLDesc()`, the input of `virInterfaceDefineXML()`), described from interface.rng:
 * an ethernet device, a bridge, a bond or a VLAN, with start mode, MTU and IPv4/IPv6 addressing. Bridges and
 * bonds hold their member interfaces as nested `<interface>` elements (the same description).
 */
export interface InterfaceDef extends ShapeOf<typeof interfaceFields> {
  /** The `<bridge>` child element, for `type='bridge'`. */
  bridge?: HostInterfaceBridge;
  /** The `<bond>` child element, for `type='bond'`. */
  bond?: HostInterfaceBond;
  /** The `<vlan>` child element, for `type='vlan'`. */
  vlan?: XmlType<typeof hostInterfaceVlan>;
}

const nested = (): ElementDesc<InterfaceDef> => hostInterface;

/** `<bridge>`: a bridge's settings (STP, delay) and its member interfaces. */
export const hostInterfaceBridge: ElementDesc<HostInterfaceBridge> = element({
  ...bridgeFields,
  interfaces: list(nested, 'interface'),
});
/** `<bond>`: a bond's mode, link monitoring and bonded interfaces. */
export const hostInterfaceBond: ElementDesc<HostInterfaceBond> = element({
  ...bondFields,
  interfaces: list(nested, 'interface'),
});
export const hostInterface: ElementDesc<InterfaceDef> = element({
  ...interfaceFields,
  bridge: child(hostInterfaceBridge),
  bond: child(hostInterfaceBond),
  vlan: child(hostInterfaceVlan),
});

export const hostInterfaceDocument = defineDocument('interface', hostInterface);
export const parseInterfaceXml = (xml: string): InterfaceDef => hostInterfaceDocument.parse(xml);
export const buildInterfaceXml = (def: InterfaceDef): string => hostInterfaceDocument.build(def);
