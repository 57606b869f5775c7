/**
 * libvirt-ts/osinfo: the operating systems of osinfo-db, and detection from an ISO. Pure file reading.
 *
 * @module libvirt-ts/osinfo
 */
export type {
  DetectOptions,
  LoadOsinfoOptions,
  OsinfoDetection,
  OsinfoListFilter,
  OsinfoMediaMatch,
} from './db.js';
export { loadOsinfo, OsinfoDb } from './db.js';
export { defaultCacheDir, defaultOsinfoDirs } from './dirs.js';
export { IsoReadError, OsinfoDbNotFoundError } from './errors.js';
export type { IsoIdentity } from './iso9660.js';
export { readIsoIdentity } from './iso9660.js';
export { OsinfoParseError } from './parse.js';
export type * from './types.js';
