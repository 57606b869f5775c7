import { element, leaf, type XmlType } from './engine/describe.js';
import { int, type Kind, str } from './engine/kinds.js';

// Pieces of /usr/share/libvirt/schemas/storagecommon.rng shared by pools and volumes.

/** The filesystem types libvirt knows (storage_conf.c's fs formats): an fs pool's format, a volume's on an fs pool. */
export const FILESYSTEM_FORMATS = [
  'auto',
  'ext2',
  'ext3',
  'ext4',
  'ufs',
  'iso9660',
  'udf',
  'gfs',
  'gfs2',
  'vfat',
  'hfs+',
  'xfs',
  'ocfs2',
  'vmfs',
] as const;

/** The disk label types of a disk pool (its format), with `'unknown'` (a logical pool's is `'unknown'` or `'lvm2'`). */
export const DISK_LABEL_FORMATS = [
  'unknown',
  'dos',
  'dvh',
  'gpt',
  'mac',
  'bsd',
  'pc98',
  'sun',
  'lvm2',
] as const;

const OCTAL = /^[0-7]+$/;

/**
 * A file mode libvirt writes in octal (`<mode>0755</mode>`) as a number: write `0o755` in code. Written back
 * with four digits like libvirt's `%04o`; a differently spelled input (`755`) keeps its spelling while unchanged.
 */
export const octalMode: Kind<number> = {
  describe: 'a file mode (a non-negative integer, written in octal)',
  parse: (text) => (OCTAL.test(text) ? Number.parseInt(text, 8) : undefined),
  format(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 0o7777) {
      throw new Error(`expected a file mode from 0 to 0o7777, got ${String(value)} (${typeof value})`);
    }
    return value.toString(8).padStart(4, '0');
  },
};

/** `<permissions>` of a pool's or volume's target: mode, numeric owner/group (-1 = unchanged), SELinux label. */
export const storagePermissions = element({
  mode: leaf(octalMode),
  owner: leaf(int),
  group: leaf(int),
  label: leaf(str),
});
export type StoragePermissions = XmlType<typeof storagePermissions>;

/**
 * `<timestamps>`: seconds since the epoch with up to nanoseconds (`1795945691.212216525`). Kept as the text
 * libvirt wrote, since a number would lose the nanoseconds.
 */
export const storageTimestamps = element({
  atime: leaf(str),
  mtime: leaf(str),
  ctime: leaf(str),
  btime: leaf(str),
});
export type StorageTimestamps = XmlType<typeof storageTimestamps>;
