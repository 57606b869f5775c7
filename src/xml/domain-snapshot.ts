import { scaledInteger } from './common/size.js';
import { DISK_FORMATS, diskSource } from './domain/devices/disk.js';
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
  raw,
  str,
  uint,
  type XmlType,
  zeroOne,
} from './engine/index.js';

/**
 * `virDomainSnapshotGetXMLDesc()` and the input of `virDomainSnapshotCreateXML()` (domainsnapshot.rng), in the
 * order libvirt's virDomainSnapshotDefFormat writes it. The embedded `<domain>` is the full domain model.
 */

export const SNAPSHOT_STATES = [
  'running',
  'blocked',
  'paused',
  'shutdown',
  'shutoff',
  'crashed',
  'disk-snapshot',
  'pmsuspended',
] as const;

/** `<memory snapshot= file=/>`: whether and where the guest's RAM is saved. */
export const snapshotMemory = element({
  snapshot: attr(oneOf('no', 'internal', 'external')),
  file: attr(str),
});

/** `<driver type=>` of an external disk snapshot: the new overlay's format. */
export const snapshotDiskDriver = element({
  type: attr(oneOf(...DISK_FORMATS)),
  metadataCache: child(element({ maxSize: child(scaledInteger, 'max_size') }), 'metadata_cache'),
});

/**
 * `<disk name= snapshot=>`: what happens to one disk. External snapshots name the overlay with `type` and
 * `<source>` (a file, block device or network source, as in a domain disk).
 */
export const snapshotDisk = element({
  name: attr(str),
  snapshot: attr(oneOf('no', 'internal', 'external', 'manual')),
  type: attr(oneOf('file', 'block', 'network')),
  driver: child(snapshotDiskDriver),
  source: child(diskSource),
});
export type SnapshotDisk = XmlType<typeof snapshotDisk>;

export const domainSnapshot = element({
  name: leaf(str),
  description: leaf(str),
  state: leaf(oneOf(...SNAPSHOT_STATES)),
  parent: child(element({ name: leaf(str) })),
  creationTime: leaf(uint),
  memory: child(snapshotMemory),
  disks: child(element({ disks: list(snapshotDisk, 'disk') })),
  /** The domain definition when the snapshot was taken. */
  domain: child(domain),
  /** For a snapshot of a running domain: its inactive (next boot) definition. */
  inactiveDomain: child(domain, 'inactiveDomain'),
  /** Hypervisor data libvirt needs to revert (QEMU: the CPU it ran with); free-form. */
  cookie: raw(),
  /** Only in libvirt's own saved state: whether this is the current snapshot. */
  active: leaf(zeroOne),
});
export type DomainSnapshotDef = XmlType<typeof domainSnapshot>;

export const domainSnapshotDocument = defineDocument('domainsnapshot', domainSnapshot, {
  namespaces: { qemu: QEMU_NAMESPACE },
});
export const parseDomainSnapshotXml = (xml: string): DomainSnapshotDef => domainSnapshotDocument.parse(xml);
export const buildDomainSnapshotXml = (def: DomainSnapshotDef): string => domainSnapshotDocument.build(def);
