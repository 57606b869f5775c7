import { attr, child, defineDocument, element, leaf, str, uuid, type XmlType } from './engine/index.js';
import { nwfilterRef } from './nwfilter.js';

/**
 * A network filter binding (`virNWFilterBindingGetXMLDesc()`, the input of `virNWFilterBindingCreateXML()`),
 * described from nwfilterbinding.rng: which filter, with which parameters, applies to which host-side port, on
 * behalf of which domain. libvirt makes one for every guest NIC with a `<filterref>`.
 */

/** `<owner>`: the domain the port belongs to. */
export const nwfilterBindingOwner = element({ name: leaf(str), uuid: leaf(uuid) });

export const nwfilterBinding = element({
  owner: child(nwfilterBindingOwner),
  /** `<portdev name=>`: the host-side device (`vnet0`). */
  portdev: child(element({ name: attr(str) })),
  /** `<linkdev name=>`: the device the port is attached to (macvtap). */
  linkdev: child(element({ name: attr(str) })),
  /** `<mac address=>`: the guest NIC's MAC. */
  mac: child(element({ address: attr(str) })),
  filterref: child(nwfilterRef),
});
export type NWFilterBindingDef = XmlType<typeof nwfilterBinding>;

export const nwfilterBindingDocument = defineDocument('filterbinding', nwfilterBinding);
export const parseNWFilterBindingXml = (xml: string): NWFilterBindingDef =>
  nwfilterBindingDocument.parse(xml);
export const buildNWFilterBindingXml = (def: NWFilterBindingDef): string =>
  nwfilterBindingDocument.build(def);
