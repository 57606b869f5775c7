import { bandwidth, portOptions, virtualPort, vlan } from './common/netdev.js';
import { pciAddress } from './common/pci-address.js';
import {
  attr,
  child,
  defineDocument,
  element,
  leaf,
  oneOf,
  str,
  uuid,
  type XmlType,
  yesNo,
} from './engine/index.js';

/**
 * `virNetworkPortGetXMLDesc()`: one guest NIC's port on a virtual network (networkport.rng), in the order
 * libvirt's virNetworkPortDefFormat writes it.
 */

/** `<owner>`: the domain the port belongs to. */
export const networkPortOwner = element({ name: leaf(str), uuid: leaf(uuid) });

/** How a network port is plugged into the host (`<plug type=>`). */
export const NETWORK_PORT_PLUG_TYPES = ['network', 'bridge', 'direct', 'hostdev-pci'] as const;

/**
 * `<plug type=>`: how the port is connected. network/bridge: `bridge` (+ `macTableManager`); direct: `dev` +
 * `mode`; hostdev-pci: `managed`, `<driver name=>` and the VF's `<address>`.
 */
export const networkPortPlug = element({
  type: attr(oneOf(...NETWORK_PORT_PLUG_TYPES)),
  bridge: attr(str),
  macTableManager: attr(oneOf('kernel', 'libvirt')),
  dev: attr(str),
  mode: attr(oneOf('bridge', 'passthrough', 'private', 'vepa')),
  managed: attr(yesNo),
  driver: child(element({ name: attr(oneOf('kvm', 'vfio')) })),
  address: child(pciAddress),
});
export type NetworkPortPlug = XmlType<typeof networkPortPlug>;

export const networkPort = element({
  uuid: leaf(uuid),
  owner: child(networkPortOwner),
  group: leaf(str),
  mac: child(element({ address: attr(str) })),
  virtualport: child(virtualPort),
  bandwidth: child(bandwidth),
  vlan: child(vlan),
  portOptions: child(portOptions, 'port'),
  rxfilters: child(element({ trustGuest: attr(yesNo) })),
  plug: child(networkPortPlug),
});
export type NetworkPortDef = XmlType<typeof networkPort>;

export const networkPortDocument = defineDocument('networkport', networkPort);
export const parseNetworkPortXml = (xml: string): NetworkPortDef => networkPortDocument.parse(xml);
export const buildNetworkPortXml = (def: NetworkPortDef): string => networkPortDocument.build(def);
