import { encryption } from './common/encryption.js';
import { deviceSeclabel } from './common/seclabel.js';
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
  yesNo,
} from './engine/index.js';
import { STORAGE_FILE_FORMATS } from './storage-volume.js';

/**
 * A domain backup job (`virDomainBackupGetXMLDesc()`, the input of `virDomainBackupBegin()`), described from
 * domainbackup.rng. Push mode: libvirt writes each disk to a `<target>`; pull mode: an NBD `<server>` exports
 * each disk (with a `<scratch>` file holding the blocks the guest overwrites meanwhile) for a client to read.
 */

export const DOMAIN_BACKUP_MODES = ['push', 'pull'] as const;

/** `<target file=|dev=>` (push) or `<scratch file=|dev=>` (pull), with seclabels and LUKS encryption. */
export const domainBackupFile = element({
  file: attr(str),
  dev: attr(str),
  seclabels: list(deviceSeclabel, 'seclabel'),
  encryption: child(encryption),
});
export type DomainBackupFile = XmlType<typeof domainBackupFile>;

/** `<disk name= backup= type=>`: one disk of the guest in the backup (or left out with `backup: false`). */
export const domainBackupDisk = element({
  /** The disk's target (`vda`). */
  name: attr(str),
  backup: attr(yesNo),
  /** `full`, or `incremental` from the checkpoint named by `incremental`. */
  backupmode: attr(oneOf('full', 'incremental')),
  incremental: attr(str),
  /** pull: the NBD export name (default: the disk's name). */
  exportname: attr(str),
  /** pull: the dirty bitmap exported beside the data. */
  exportbitmap: attr(str),
  type: attr(oneOf('file', 'block')),
  /**
   * Written by libvirt for a running job: the index of the disk's node in the job (not in domainbackup.rng, which
   * therefore rejects libvirt 9.0's own backup-dumpxml output).
   */
  index: attr(uint),
  /** `<driver type=>`: the target's (or scratch file's) format. */
  driver: child(element({ type: attr(oneOf(...STORAGE_FILE_FORMATS)) })),
  target: child(domainBackupFile),
  scratch: child(domainBackupFile),
});
export type DomainBackupDisk = XmlType<typeof domainBackupDisk>;

/** pull: `<server transport='tcp' name= port=>` or `<server transport='unix' socket=>`, TLS optional. */
export const domainBackupServer = element({
  transport: attr(oneOf('tcp', 'unix')),
  tls: attr(yesNo),
  name: attr(str),
  port: attr(uint),
  socket: attr(str),
});
export type DomainBackupServer = XmlType<typeof domainBackupServer>;

export const domainBackup = element({
  mode: attr(oneOf(...DOMAIN_BACKUP_MODES)),
  /** Back up only what changed since this checkpoint (its name). */
  incremental: leaf(str),
  server: child(domainBackupServer),
  disks: child(element({ disks: list(domainBackupDisk, 'disk') })),
});
export type DomainBackupDef = XmlType<typeof domainBackup>;

export const domainBackupDocument = defineDocument('domainbackup', domainBackup);
export const parseDomainBackupXml = (xml: string): DomainBackupDef => domainBackupDocument.parse(xml);
export const buildDomainBackupXml = (def: DomainBackupDef): string => domainBackupDocument.build(def);
