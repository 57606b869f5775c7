import type { Readable } from 'node:stream';
import {
  StorageVolDeleteFlags,
  StorageVolInfoFlags,
  StorageVolResizeFlags,
  StorageVolType,
  StorageVolWipeAlgorithm,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, optionsObject, requireOneOf, requireSize } from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import { fetchOne, type LookupSpec } from '../core/lookup.js';
import { parseStorageVolumeXml, type StorageVolumeDef } from '../xml/storage-volume.js';
import type { StoragePool } from './pool.js';
import { poolSpec } from './pool-spec.js';
import {
  type DownloadOptions,
  downloadVolume,
  type UploadOptions,
  type UploadSource,
  uploadVolume,
} from './volume-transfer.js';

/** A volume's type by name: `'file' | 'block' | 'dir' | 'network' | 'netdir' | 'ploop'`. */
export type StorageVolumeTypeName = EnumName<typeof StorageVolType>;
const TYPES = enumNames(StorageVolType);

/** How `wipe()` overwrites the data: libvirt's algorithms (`'zero'`, `'nnsa'`, `'dod'`, …, `'trim'`). */
export type WipeAlgorithm = EnumName<typeof StorageVolWipeAlgorithm>;
const WIPE = enumNames(StorageVolWipeAlgorithm);

/** What `volume.info()` returns; sizes in bytes. */
export interface StorageVolumeInfo {
  /** `'unknown'` only for a type newer than this libvirt-ts. */
  type: StorageVolumeTypeName | 'unknown';
  /** The size the guest sees. */
  capacity: number;
  /** Bytes used on the host (or the file's physical size with `{ physical: true }`). */
  allocation: number;
}

/** `volume.resize()` options (`virStorageVolResize`). */
export interface StorageVolumeResizeOptions {
  /** Allocate the new space now rather than leaving the volume sparse. */
  allocate?: boolean;
  /** `size` is added to (with `shrink`, taken from) the current capacity. */
  delta?: boolean;
  /** Allow the capacity to decrease (data past the new end is lost). */
  shrink?: boolean;
}

let handleOf: (volume: StorageVolume) => Handle;

/**
 * A volume of a storage pool (a disk image file, an LV, an RBD image, …). Holds one libvirt reference, released
 * by `free()`, `await using`, the connection's `close()`, or garbage collection.
 */
export class StorageVolume extends LiveObject {
  static {
    handleOf = (volume) => volume.handle;
  }

  /** @internal Volumes come from `pool.volumes`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The volume's name within its pool. */
    readonly name: string,
    /** libvirt's connection-wide key for the volume (a dir pool uses the path). */
    readonly key: string,
    /** Where the volume lives on the host (a file or device path, or a network URL-like name). */
    readonly path: string,
  ) {
    super(handle, { fn: 'virStorageVolLookupByKey', key });
  }

  /**
   * Type and sizes (`virStorageVolGetInfo`); `physical: true` reports a file's physical size as allocation
   * (`virStorageVolGetInfoFlags`, which not every driver has).
   */
  async info(options?: { physical?: boolean }): Promise<StorageVolumeInfo> {
    const flags = flagsFrom(options, 'info options', { physical: StorageVolInfoFlags.GET_PHYSICAL });
    const info =
      flags === 0
        ? await call('virStorageVolGetInfo', this.handle)
        : await call('virStorageVolGetInfoFlags', this.handle, flags);
    return {
      type: TYPES.nameOf(info.type) ?? 'unknown',
      capacity: info.capacity,
      allocation: info.allocation,
    };
  }

  /**
   * Changes the capacity (`virStorageVolResize`). `size` is bytes or a string with a unit (`'2 GiB'`, `'512M'`);
   * libvirt refuses to shrink unless `shrink: true`.
   */
  async resize(size: number | string, options?: StorageVolumeResizeOptions): Promise<void> {
    const bytes = requireSize(size, 'size');
    const flags = flagsFrom(options, 'resize options', {
      allocate: StorageVolResizeFlags.ALLOCATE,
      delta: StorageVolResizeFlags.DELTA,
      shrink: StorageVolResizeFlags.SHRINK,
    });
    await call('virStorageVolResize', this.handle, bytes, flags);
  }

  /**
   * Overwrites the volume's data (`virStorageVolWipe`, or `virStorageVolWipePattern` for an `algorithm` other
   * than the default single pass of zeroes).
   */
  async wipe(options?: { algorithm?: WipeAlgorithm }): Promise<void> {
    const o = optionsObject(options, 'wipe options', ['algorithm'] as const);
    if (o.algorithm === undefined) {
      await call('virStorageVolWipe', this.handle, 0);
      return;
    }
    const algorithm = requireOneOf(o.algorithm, 'wipe options.algorithm', WIPE.names);
    await call('virStorageVolWipePattern', this.handle, WIPE.valueOf(algorithm), 0);
  }

  /**
   * Deletes the volume and its data (`virStorageVolDelete`). `zeroed: true` clears the data first;
   * `withSnapshots: true` also removes the snapshots some backends (RBD) keep.
   */
  async delete(options?: { zeroed?: boolean; withSnapshots?: boolean }): Promise<void> {
    const flags = flagsFrom(options, 'delete options', {
      zeroed: StorageVolDeleteFlags.ZEROED,
      withSnapshots: StorageVolDeleteFlags.WITH_SNAPSHOTS,
    });
    await call('virStorageVolDelete', this.handle, flags);
  }

  /** The volume's XML (`virStorageVolGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virStorageVolGetXMLDesc', this.handle, 0);
  }

  /** The volume's definition, typed by the XML model. Reads it with `virStorageVolGetXMLDesc`. */
  async definition(): Promise<StorageVolumeDef> {
    return parseStorageVolumeXml(await this.xml());
  }

  /**
   * Writes `source` (a Buffer, a Readable or an async iterable of chunks) into the volume through a libvirt
   * stream (`virStorageVolUpload`), with `offset`, `length`, `sparse`, `onProgress` and an abort `signal`.
   */
  upload(source: UploadSource, options?: UploadOptions): Promise<void> {
    return uploadVolume(this.handle, source, options);
  }

  /** The volume's bytes as a Readable (`virStorageVolDownload`), with `offset`, `length`, `sparse`, `signal`. */
  download(options?: DownloadOptions): Readable {
    return downloadVolume(this.handle, options);
  }

  /** The pool holding this volume (`virStoragePoolLookupByVolume`): a new object, freed on its own. */
  async pool(): Promise<StoragePool> {
    return fetchOne(poolSpec(), 'virStoragePoolLookupByVolume', [this.handle]);
  }

  /** `StorageVolume(path)`, for logs; no libvirt call. */
  override toString(): string {
    return `StorageVolume(${this.path})`;
  }
}

/**
 * @internal The volume's handle, for the SDK's own use (cloning from it, transfers); a non-volume is a
 * TypeError naming `what`.
 */
export function volumeHandle(volume: unknown, what: string): Handle {
  if (!(volume instanceof StorageVolume)) {
    throw new TypeError(`${what} must be a StorageVolume (from pool.volumes), got ${typeof volume}`);
  }
  return handleOf(volume);
}

/** How lookups read a volume's identity and wrap it. */
export const VOLUME_SPEC: LookupSpec<StorageVolume> = {
  what: 'storage volume',
  notFound: ErrorCode.NO_STORAGE_VOL,
  describers: ['virStorageVolGetName', 'virStorageVolGetKey', 'virStorageVolGetPath'],
  wrap: (handle, [name, key, path]) =>
    new StorageVolume(handle, name as string, key as string, path as string),
};
