import { deviceAddress } from './common/address.js';
import { sourceAuth } from './common/auth.js';
import { scaledInteger } from './common/size.js';
import { sourceHost } from './common/source-host.js';
import { attr, child, element, leaf, list, type XmlType } from './engine/describe.js';
import { defineDocument } from './engine/document.js';
import { oneOf, str, uint, uuid, yesNo } from './engine/kinds.js';
import {
  DISK_LABEL_FORMATS,
  FILESYSTEM_FORMATS,
  storagePermissions as permissions,
} from './storage-common.js';

// /usr/share/libvirt/schemas/storagepool.rng (+ storagecommon.rng). Fields are in the order libvirt writes them
// (virStoragePoolDefFormat); which ones apply depends on the pool type.

/** The pool types a `<pool type=>` may name. */
export const STORAGE_POOL_TYPES = [
  'dir',
  'fs',
  'netfs',
  'logical',
  'disk',
  'iscsi',
  'iscsi-direct',
  'scsi',
  'mpath',
  'rbd',
  'sheepdog',
  'gluster',
  'zfs',
  'vstorage',
] as const;
/** A storage pool type (`<pool type=>`): `'dir'`, `'fs'`, `'netfs'`, `'logical'`, `'iscsi'`, `'rbd'`, … */
export type StoragePoolType = (typeof STORAGE_POOL_TYPES)[number];

/** Every `<source><format type=>` of every pool type (fs, netfs, disk, logical). */
export const STORAGE_POOL_FORMATS = [
  ...FILESYSTEM_FORMATS,
  // netfs
  'nfs',
  'cifs',
  'glusterfs',
  ...DISK_LABEL_FORMATS,
] as const;
/**
 * A pool source format (`<source><format type=>`): a filesystem, a network filesystem, or a partition table.
 */
export type StoragePoolFormat = (typeof STORAGE_POOL_FORMATS)[number];

/** `<freeExtent start= end=/>`: a free byte range of a disk pool's device (output only). */
export const poolFreeExtent = element({ start: attr(uint), end: attr(uint) });

/** `<device path=>`: a block device (fs, disk, logical, zfs) or the target IQN (iscsi, iscsi-direct). */
export const poolSourceDevice = element({
  path: attr(str),
  partSeparator: attr(yesNo, 'part_separator'),
  freeExtents: list(poolFreeExtent, 'freeExtent'),
});

/**
 * `<adapter>` of a scsi pool: `scsi_host` by `name` or by the PCI address of its parent (`parentaddr`), or a
 * vHBA `fc_host` by its wwnn/wwpn, created on the parent HBA.
 */
export const poolSourceAdapter = element({
  type: attr(oneOf('scsi_host', 'fc_host')),
  name: attr(str),
  parent: attr(str),
  parentWwnn: attr(str, 'parent_wwnn'),
  parentWwpn: attr(str, 'parent_wwpn'),
  parentFabricWwn: attr(str, 'parent_fabric_wwn'),
  managed: attr(yesNo),
  wwnn: attr(str),
  wwpn: attr(str),
  parentaddr: child(element({ uniqueId: attr(uint, 'unique_id'), address: child(deviceAddress) })),
});

const nameAttr = element({ name: attr(str) });

/** `<source>`: where the pool's storage comes from. */
export const poolSource = element({
  hosts: list(sourceHost, 'host'),
  devices: list(poolSourceDevice, 'device'),
  /** netfs: the exported directory (a path, or a share/volume name for cifs/glusterfs); gluster: a subdirectory. */
  dir: child(element({ path: attr(str) })),
  adapter: child(poolSourceAdapter),
  /** logical: the volume group; rbd: the Ceph pool; gluster: the volume; zfs: the zpool. */
  name: leaf(str),
  initiator: child(element({ iqn: child(nameAttr) })),
  format: child(
    element({
      type: attr(oneOf(...STORAGE_POOL_FORMATS)),
      vendor: child(nameAttr),
      product: child(nameAttr),
    }),
  ),
  auth: child(sourceAuth),
  /** netfs: the NFS protocol version to mount with. */
  protocol: child(element({ ver: attr(uint) })),
  vendor: child(nameAttr),
  product: child(nameAttr),
});

/** `<target>`: where the pool's volumes appear on the host. */
export const poolTarget = element({
  path: leaf(str),
  permissions: child(permissions),
});

/** `<features><cow state=/></features>`: copy-on-write of a btrfs-backed dir/fs pool. */
export const poolFeatures = element({ cow: child(element({ state: attr(yesNo) })) });

/** `<refresh><volume allocation=/></refresh>` (rbd): report capacity as allocation instead of measuring. */
export const poolRefresh = element({
  volume: child(element({ allocation: attr(oneOf('default', 'capacity')) })),
});

/** `<fs:mount_opts><fs:option name=/></fs:mount_opts>` (fs, netfs): extra mount options. */
export const poolFsMountOpts = element({ options: list(nameAttr, 'fs:option') });

/** `<rbd:config_opts><rbd:option name= value=/></rbd:config_opts>`: extra Ceph client settings. */
export const poolRbdConfigOpts = element({
  options: list(element({ name: attr(str), value: attr(str) }), 'rbd:option'),
});

export const storagePool = element({
  type: attr(oneOf(...STORAGE_POOL_TYPES)),
  name: leaf(str),
  uuid: leaf(uuid),
  capacity: child(scaledInteger),
  allocation: child(scaledInteger),
  available: child(scaledInteger),
  features: child(poolFeatures),
  source: child(poolSource),
  target: child(poolTarget),
  refresh: child(poolRefresh),
  fsMountOpts: child(poolFsMountOpts, 'fs:mount_opts'),
  rbdConfigOpts: child(poolRbdConfigOpts, 'rbd:config_opts'),
});

export type StoragePoolSourceDevice = XmlType<typeof poolSourceDevice>;
export type StoragePoolSourceAdapter = XmlType<typeof poolSourceAdapter>;
export type StoragePoolSource = XmlType<typeof poolSource>;
export type StoragePoolTarget = XmlType<typeof poolTarget>;
export type StoragePoolDef = XmlType<typeof storagePool>;

/** Namespaces of the pool extensions libvirt defines (storagepool.rng). */
export const STORAGE_POOL_NAMESPACES = {
  /** Mount options of fs and netfs pools (`<fs:mount_opts>`). */
  fs: 'http://libvirt.org/schemas/storagepool/fs/1.0',
  /** Ceph configuration options of rbd pools (`<rbd:config_opts>`). */
  rbd: 'http://libvirt.org/schemas/storagepool/rbd/1.0',
} as const;

export const storagePoolDocument = defineDocument('pool', storagePool, {
  namespaces: STORAGE_POOL_NAMESPACES,
});
export const parseStoragePoolXml = (xml: string): StoragePoolDef => storagePoolDocument.parse(xml);
export const buildStoragePoolXml = (def: StoragePoolDef): string => storagePoolDocument.build(def);
