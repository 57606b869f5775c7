import { StorageVolCreateFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, optionsObject, requireNonEmptyString } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, isNotFound, type LookupBy, lookup } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { buildStorageVolumeXml, type StorageVolumeDef } from '../xml/storage-volume.js';
import { type StorageVolume, VOLUME_SPEC, volumeHandle } from './volume.js';

/** `pool.volumes.create()` options (`virStorageVolCreateXML`, or `virStorageVolCreateXMLFrom` with `from`). */
export interface StorageVolumeCreateOptions {
  /** Clone this volume's data into the new one (`virStorageVolCreateXMLFrom`); it may be in another pool. */
  from?: StorageVolume;
  /** qcow2: allocate the metadata now (faster first writes), the data stays sparse. */
  preallocateMetadata?: boolean;
  /** With `from`: a copy-on-write (reflink) clone where the filesystem supports it. */
  reflink?: boolean;
  /** Validate the XML against libvirt's schema first. */
  validate?: boolean;
}

const CREATE_OPTIONS = ['from', 'preallocateMetadata', 'reflink', 'validate'] as const;

/**
 * `pool.volumes`: the volumes of one storage pool. `get` takes a volume's name, path or key; libvirt looks
 * paths and keys up across the whole connection, so those may name a volume of another pool.
 */
export class StorageVolumeCollection extends LiveCollection {
  /** @internal */
  constructor(pool: () => Handle) {
    super(pool);
  }

  /** Every volume of the pool (`virStoragePoolListAllVolumes`); the pool must be running. */
  async list(): Promise<StorageVolume[]> {
    return fetchAll(VOLUME_SPEC, 'virStoragePoolListAllVolumes', [this.parent, 0]);
  }

  /**
   * The volume with this name, path (anything with a `/`) or key. Rejects with a LibvirtError whose code is
   * `ErrorCode.NO_STORAGE_VOL` when there is none (`virStorageVolLookupByName` in this pool,
   * `virStorageVolLookupByPath` or `virStorageVolLookupByKey`).
   */
  async get(nameOrPathOrKey: string): Promise<StorageVolume> {
    const key = requireNonEmptyString(nameOrPathOrKey, 'storage volume name, path or key');
    const connection = this.parent.connection as Handle;
    // Names never hold '/': a key with one is a path (or a backend key like 'rbdpool/image').
    const ways: [Handle, LookupBy][] = key.includes('/')
      ? [
          [connection, { fn: 'virStorageVolLookupByPath' }],
          [connection, { fn: 'virStorageVolLookupByKey' }],
        ]
      : [
          [this.parent, { fn: 'virStorageVolLookupByName' }],
          [connection, { fn: 'virStorageVolLookupByKey' }],
        ];
    let last: unknown;
    for (const [parent, way] of ways) {
      try {
        return await lookup(VOLUME_SPEC, parent, key, [way]);
      } catch (err) {
        if (!isNotFound(err, VOLUME_SPEC.notFound)) throw err;
        last = err;
      }
    }
    throw last;
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such volume (`virStorageVolLookupByName`,
   * `virStorageVolLookupByPath` or `virStorageVolLookupByKey`).
   */
  async find(nameOrPathOrKey: string): Promise<StorageVolume | undefined> {
    try {
      return await this.get(nameOrPathOrKey);
    } catch (err) {
      if (isNotFound(err, VOLUME_SPEC.notFound)) return undefined;
      throw err;
    }
  }

  /**
   * Creates a volume in this pool from a typed definition (e.g. `new StorageVolumeBuilder('disk.qcow2')
   * .capacity('10 GiB').build()`) or XML (`virStorageVolCreateXML`); with `from`, a clone of that volume.
   */
  async create(
    definition: DefOrXml<StorageVolumeDef>,
    options?: StorageVolumeCreateOptions,
  ): Promise<StorageVolume> {
    const xml = definitionXml(definition, buildStorageVolumeXml, 'storage volume definition');
    const { from, ...rest } = optionsObject(options, 'create options', CREATE_OPTIONS);
    const flags = flagsFrom(rest, 'create options', {
      preallocateMetadata: StorageVolCreateFlags.PREALLOC_METADATA,
      reflink: StorageVolCreateFlags.REFLINK,
      validate: StorageVolCreateFlags.VALIDATE,
    });
    if (from === undefined) {
      return fetchOne(VOLUME_SPEC, 'virStorageVolCreateXML', [this.parent, xml, flags]);
    }
    const clone = volumeHandle(from, 'create options.from');
    return fetchOne(VOLUME_SPEC, 'virStorageVolCreateXMLFrom', [this.parent, xml, clone, flags]);
  }

  /** The names of the pool's volumes (`virStoragePoolListVolumes`); the pool must be running. */
  async names(): Promise<string[]> {
    const pool = this.parent;
    return nameList(
      () => call('virStoragePoolNumOfVolumes', pool),
      (max) => call('virStoragePoolListVolumes', pool, max),
    );
  }

  /** The number of volumes in the pool (`virStoragePoolNumOfVolumes`). */
  async count(): Promise<number> {
    return call('virStoragePoolNumOfVolumes', this.parent);
  }
}
