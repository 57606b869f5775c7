import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { hex, oneOf, onOff, str, uint, yesNo } from '../engine/kinds.js';

// network.rng `<forward>`, in the order libvirt writes it (virNetworkDefFormatBuf).

/** The forward modes a `<forward mode=>` may name (`'nat'`, `'route'`, `'bridge'`, …). */
export const NETWORK_FORWARD_MODES = [
  'nat',
  'route',
  'open',
  'bridge',
  'passthrough',
  'private',
  'vepa',
  'hostdev',
] as const;
/** A network forward mode (`<forward mode=>`). */
export type NetworkForwardMode = (typeof NETWORK_FORWARD_MODES)[number];

const addressRange = element({ start: attr(str), end: attr(str) });

/** `<nat ipv6=>`: the public IPv4 addresses and ports masqueraded traffic may use. */
export const forwardNat = element({
  ipv6: attr(yesNo),
  address: child(addressRange),
  port: child(element({ start: attr(uint), end: attr(uint) })),
});

/** `<interface dev= connections=/>`: one host device of a bridge/private/vepa/passthrough pool of devices. */
export const forwardInterface = element({ dev: attr(str), connections: attr(uint) });

/**
 * `<address type='pci' .../>`: one SR-IOV virtual function of a hostdev network. The PCI address as libvirt
 * writes it for forward devices (hex), plus the live `connections` count the shared device address lacks.
 */
export const forwardAddress = element({
  type: attr(oneOf('pci')),
  domain: attr(hex(4)),
  bus: attr(hex(2)),
  slot: attr(hex(2)),
  function: attr(hex(1)),
  multifunction: attr(onOff),
  connections: attr(uint),
});

/** `<forward>`: how the network reaches the outside (absent = isolated). */
export const networkForward = element({
  dev: attr(str),
  mode: attr(oneOf(...NETWORK_FORWARD_MODES)),
  /** hostdev: let libvirt detach the VFs from their host drivers. */
  managed: attr(yesNo),
  driver: child(element({ name: attr(oneOf('kvm', 'vfio', 'xen')) })),
  nat: child(forwardNat),
  /** The SR-IOV physical function whose virtual functions form the pool. */
  pf: child(element({ dev: attr(str) })),
  interfaces: list(forwardInterface, 'interface'),
  addresses: list(forwardAddress, 'address'),
});

export type NetworkForwardNat = XmlType<typeof forwardNat>;
export type NetworkForward = XmlType<typeof networkForward>;
