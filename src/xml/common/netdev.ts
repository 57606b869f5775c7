import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint, uuid, yesNo } from '../engine/kinds.js';

// libvirt's virNetDev* pieces (networkcommon.rng), shared by networks, their portgroups, network ports and
// domain interfaces.

/** `<virtualport type=><parameters .../></virtualport>`: 802.1Qbg/Qbh, Open vSwitch or midonet port profile. */
export const virtualPort = element({
  type: attr(oneOf('802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet')),
  parameters: child(
    element({
      /** 802.1Qbg */
      managerid: attr(uint),
      typeid: attr(uint),
      typeidversion: attr(uint),
      instanceid: attr(uuid),
      /** 802.1Qbh, openvswitch */
      profileid: attr(str),
      /** openvswitch, midonet */
      interfaceid: attr(uuid),
    }),
  ),
});
export type VirtualPort = XmlType<typeof virtualPort>;

/** One direction of `<bandwidth>`: average/peak/floor in KiB/s, burst in KiB. */
export const bandwidthLimit = element({
  average: attr(uint),
  peak: attr(uint),
  floor: attr(uint),
  burst: attr(uint),
});
export type BandwidthLimit = XmlType<typeof bandwidthLimit>;

/** `<bandwidth>`: quality of service of a network, portgroup, port or interface. */
export const bandwidth = element({
  /** Set by libvirt on running networks/ports: the tc class it created. */
  classID: attr(uint),
  inbound: child(bandwidthLimit),
  outbound: child(bandwidthLimit),
});
export type Bandwidth = XmlType<typeof bandwidth>;

/** `<tag id= nativeMode=/>` of a `<vlan>`. */
export const vlanTag = element({ id: attr(uint), nativeMode: attr(oneOf('tagged', 'untagged')) });

/** `<vlan trunk=>`: one tag, or several with `trunk='yes'`. */
export const vlan = element({ trunk: attr(yesNo), tags: list(vlanTag, 'tag') });
export type Vlan = XmlType<typeof vlan>;

/** `<mtu size=/>`. */
export const mtu = element({ size: attr(uint) });

/** `<port isolated=/>`: keep ports of the same bridge from talking to each other. */
export const portOptions = element({ isolated: attr(yesNo) });
