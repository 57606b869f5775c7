import { domain } from './domain/index.js';
import { QEMU_NAMESPACE } from './domain/qemu.js';
import {
  attr,
  child,
  defineDocument,
  element,
  leaf,
  list,
  oneOf,
  str,
  uint,
  type XmlType,
} from './engine/index.js';

/**
 * `virDomainCheckpointGetXMLDesc()` and the input of `virDomainCheckpointCreateXML()` (domaincheckpoint.rng), in
 * the order libvirt's virDomainCheckpointDefFormat writes it.
 */

/** `<disk name= checkpoint='bitmap' bitmap= size=/>`: the dirty bitmap tracking one disk (`size`: bytes dirty). */
export const checkpointDisk = element({
  name: attr(str),
  checkpoint: attr(oneOf('no', 'bitmap')),
  bitmap: attr(str),
  size: attr(uint),
});
export type CheckpointDisk = XmlType<typeof checkpointDisk>;

export const domainCheckpoint = element({
  name: leaf(str),
  description: leaf(str),
  parent: child(element({ name: leaf(str) })),
  creationTime: leaf(uint),
  disks: child(element({ disks: list(checkpointDisk, 'disk') })),
  /** The domain definition when the checkpoint was taken. */
  domain: child(domain),
});
export type DomainCheckpointDef = XmlType<typeof domainCheckpoint>;

export const domainCheckpointDocument = defineDocument('domaincheckpoint', domainCheckpoint, {
  namespaces: { qemu: QEMU_NAMESPACE },
});
export const parseDomainCheckpointXml = (xml: string): DomainCheckpointDef =>
  domainCheckpointDocument.parse(xml);
export const buildDomainCheckpointXml = (def: DomainCheckpointDef): string =>
  domainCheckpointDocument.build(def);
