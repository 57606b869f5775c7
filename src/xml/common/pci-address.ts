import { attr, element, type XmlType } from '../engine/describe.js';
import { hex, onOff } from '../engine/kinds.js';

/**
 * A host PCI address written all in hex, as libvirt's virPCIDeviceAddressFormat does
 * (`<address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>`): node devices, network port plugs.
 */
export const pciAddress = element({
  domain: attr(hex(4)),
  bus: attr(hex(2)),
  slot: attr(hex(2)),
  function: attr(hex(1)),
  multifunction: attr(onOff),
});
export type PciAddress = XmlType<typeof pciAddress>;
