import { encryption } from './common/encryption.js';
import { scaledInteger } from './common/size.js';
import { attr, child, element, flag, leaf, list, type XmlType } from './engine/describe.js';
import { defineDocument } from './engine/document.js';
import { oneOf, str, uint } from './engine/kinds.js';
import {
  FILESYSTEM_FORMATS,
  storagePermissions as permissions,
  storageTimestamps as timestamps,
} from './storage-common.js';

// /usr/share/libvirt/schemas/storagevol.rng (+ storagecommon.rng), in the order libvirt writes it
// (virStorageVolDefFormat).

/** Image file formats: storagecommon.rng's `storageFormat` (with `storageFormatBacking`). */
export const STORAGE_FILE_FORMATS = [
  'raw',
  'dir',
  'bochs',
  'cloop',
  'dmg',
  'iso',
  'vpc',
  'vdi',
  'fat',
  'vhd',
  'ploop',
  'luks',
  'cow',
  'qcow',
  'qcow2',
  'qed',
  'vmdk',
] as const;

/** Every `<format type=>` a volume can have: file formats, filesystem types (fs pools), partition types (disk pools). */
export const STORAGE_VOLUME_FORMATS = [
  // files (storageFormat + 'unknown')
  'unknown',
  ...STORAGE_FILE_FORMATS,
  // devices
  'none',
  ...FILESYSTEM_FORMATS,
  // disk partitions
  'linux',
  'fat16',
  'fat32',
  'linux-swap',
  'linux-lvm',
  'linux-raid',
  'extended',
] as const;
/** A volume format (`<target><format type=>`): an image format (`'raw'`, `'qcow2'`, …) or a partition type. */
export type StorageVolumeFormat = (typeof STORAGE_VOLUME_FORMATS)[number];

/** `<format type=>` of a volume's target or backing store. */
export const volumeFormat = element({ type: attr(oneOf(...STORAGE_VOLUME_FORMATS)) });

/** `<source><device path=><extent start= end=/></device></source>`: where a volume lives on its pool's devices. */
export const volumeSource = element({
  devices: list(
    element({ path: attr(str), extents: list(element({ start: attr(uint), end: attr(uint) }), 'extent') }),
    'device',
  ),
});

/** qcow2 `<features>`. */
export const volumeFileFeatures = element({
  lazyRefcounts: flag('lazy_refcounts'),
  extendedL2: flag('extended_l2'),
});

/** `<target>`: the volume's file or device. */
export const volumeTarget = element({
  path: leaf(str),
  format: child(volumeFormat),
  permissions: child(permissions),
  timestamps: child(timestamps),
  encryption: child(encryption),
  /** qcow2 compatibility level: '0.10' or '1.1'. */
  compat: leaf(str),
  /** Turn copy-on-write off on btrfs. */
  nocow: flag(),
  clusterSize: child(scaledInteger),
  features: child(volumeFileFeatures),
});

/** `<backingStore>`: the image a copy-on-write volume is layered on. */
export const volumeBackingStore = element({
  path: leaf(str),
  format: child(volumeFormat),
  permissions: child(permissions),
  timestamps: child(timestamps),
});

export const storageVolume = element({
  type: attr(oneOf('file', 'block', 'dir', 'network', 'netdir', 'ploop')),
  name: leaf(str),
  key: leaf(str),
  source: child(volumeSource),
  capacity: child(scaledInteger),
  allocation: child(scaledInteger),
  physical: child(scaledInteger),
  target: child(volumeTarget),
  backingStore: child(volumeBackingStore),
});

export type StorageVolumeSource = XmlType<typeof volumeSource>;
export type StorageVolumeTarget = XmlType<typeof volumeTarget>;
export type StorageVolumeBackingStore = XmlType<typeof volumeBackingStore>;
export type StorageVolumeDef = XmlType<typeof storageVolume>;

export const storageVolumeDocument = defineDocument('volume', storageVolume);
export const parseStorageVolumeXml = (xml: string): StorageVolumeDef => storageVolumeDocument.parse(xml);
export const buildStorageVolumeXml = (def: StorageVolumeDef): string => storageVolumeDocument.build(def);
