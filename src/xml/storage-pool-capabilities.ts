import {
  attr,
  child,
  defineDocument,
  element,
  leaves,
  list,
  oneOf,
  str,
  type XmlType,
  yesNo,
} from './engine/index.js';
import { STORAGE_POOL_TYPES } from './storage-pool.js';

/**
 * Storage pool capabilities (`virConnectGetStoragePoolCapabilities()`), described from storagepoolcaps.rng: for
 * each pool type, whether this host supports it, and the source (pool) and volume formats it accepts.
 */

/** `<enum name=><value>…</value></enum>`: the values one option may take (`sourceFormatType`, `targetFormatType`). */
export const storagePoolCapsEnum = element({ name: attr(str), values: leaves(str, 'value') });
export type StoragePoolCapsEnum = XmlType<typeof storagePoolCapsEnum>;

/** `<poolOptions>` / `<volOptions>`: the default format and the enums of accepted values. */
export const storagePoolCapsOptions = element({
  defaultFormat: child(element({ type: attr(str) })),
  enums: list(storagePoolCapsEnum, 'enum'),
});
export type StoragePoolCapsOptions = XmlType<typeof storagePoolCapsOptions>;

/** `<pool type= supported=>`: one pool type (`dir`, `logical`, `rbd`, …; the names of `STORAGE_POOL_TYPES`). */
export const storagePoolCapsPool = element({
  type: attr(oneOf(...STORAGE_POOL_TYPES)),
  supported: attr(yesNo),
  poolOptions: child(storagePoolCapsOptions),
  volOptions: child(storagePoolCapsOptions),
});
export type StoragePoolCapsPool = XmlType<typeof storagePoolCapsPool>;

export const storagePoolCapabilities = element({ pools: list(storagePoolCapsPool, 'pool') });
export type StoragePoolCapabilities = XmlType<typeof storagePoolCapabilities>;

export const storagePoolCapabilitiesDocument = defineDocument(
  'storagepoolCapabilities',
  storagePoolCapabilities,
);
export const parseStoragePoolCapabilitiesXml = (xml: string): StoragePoolCapabilities =>
  storagePoolCapabilitiesDocument.parse(xml);
export const buildStoragePoolCapabilitiesXml = (def: StoragePoolCapabilities): string =>
  storagePoolCapabilitiesDocument.build(def);
