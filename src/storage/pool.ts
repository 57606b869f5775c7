import {
  StoragePoolBuildFlags,
  StoragePoolCreateFlags,
  StoragePoolDeleteFlags,
  StoragePoolState,
  StorageXMLFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, optionalBoolean, optionsObject, requireBoolean } from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { parseStoragePoolXml, type StoragePoolDef } from '../xml/storage-pool.js';
import { registerPoolSpec } from './pool-spec.js';
import { StorageVolumeCollection } from './volumes.js';

/** A pool's state by name: `'inactive' | 'building' | 'running' | 'degraded' | 'inaccessible'`. */
export type StoragePoolStateName = EnumName<typeof StoragePoolState>;
const STATES = enumNames(StoragePoolState);

/** What `pool.info()` returns; sizes in bytes. */
export interface StoragePoolInfo {
  /** `'unknown'` only for a state newer than this libvirt-ts. */
  state: StoragePoolStateName | 'unknown';
  /** The pool's size, in bytes. */
  capacity: number;
  /** The bytes allocated to volumes. */
  allocation: number;
  /** Free space. */
  available: number;
}

/** How to build a pool while starting or creating it (`pool.start`, `hv.pools.create`). */
export interface StoragePoolStartOptions {
  /** Build the pool first (create the directory, format the disk, …). */
  build?: boolean;
  /** With `build`: `true` overwrites existing data, `false` refuses to (libvirt's default is backend-specific). */
  overwrite?: boolean;
}

/** `virStoragePoolCreateFlags` for `pool.start()` and `hv.pools.create()`. */
export function poolStartFlags(options: unknown, what: string): number {
  const o = optionsObject(options, what, ['build', 'overwrite'] as const);
  const build = optionalBoolean(o.build, `${what}.build`);
  const overwrite = optionalBoolean(o.overwrite, `${what}.overwrite`);
  if (!build) {
    if (overwrite !== undefined) throw new TypeError(`${what}.overwrite applies only with build: true`);
    return StoragePoolCreateFlags.NORMAL;
  }
  if (overwrite === undefined) return StoragePoolCreateFlags.WITH_BUILD;
  return overwrite
    ? StoragePoolCreateFlags.WITH_BUILD_OVERWRITE
    : StoragePoolCreateFlags.WITH_BUILD_NO_OVERWRITE;
}

function xmlFlags(options: unknown): number {
  return flagsFrom(options, 'xml options', { inactive: StorageXMLFlags.INACTIVE });
}

/**
 * A libvirt storage pool: a directory, disk, LVM volume group, iSCSI target, … holding volumes. Holds one libvirt
 * reference, released by `free()`, `await using`, the connection's `close()`, or garbage collection.
 */
export class StoragePool extends LiveObject {
  /** The pool's volumes. */
  readonly volumes: StorageVolumeCollection;

  /** @internal Pools come from `hv.pools` (or `volume.pool()`); the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The pool's name at the time it was looked up. */
    readonly name: string,
    /** The pool's UUID. */
    readonly uuid: string,
  ) {
    super(handle, { fn: 'virStoragePoolLookupByUUIDString', key: uuid });
    this.volumes = new StorageVolumeCollection(() => this.handle);
  }

  /**
   * Prepares the pool's storage (`virStoragePoolBuild`): creates a dir pool's directory, formats an fs/disk
   * pool's device. `overwrite: true` destroys existing data, `false` refuses to touch it; unset is the backend's
   * plain build.
   */
  async build(options?: { overwrite?: boolean }): Promise<void> {
    const o = optionsObject(options, 'build options', ['overwrite'] as const);
    const overwrite = optionalBoolean(o.overwrite, 'build options.overwrite');
    const flags =
      overwrite === undefined
        ? StoragePoolBuildFlags.NEW
        : overwrite
          ? StoragePoolBuildFlags.OVERWRITE
          : StoragePoolBuildFlags.NO_OVERWRITE;
    await call('virStoragePoolBuild', this.handle, flags);
  }

  /** Starts (activates) a defined pool (`virStoragePoolCreate`), optionally building it first. */
  async start(options?: StoragePoolStartOptions): Promise<void> {
    await call('virStoragePoolCreate', this.handle, poolStartFlags(options, 'start options'));
  }

  /** Stops the pool (`virStoragePoolDestroy`); its data and definition stay. A transient pool disappears. */
  async stop(): Promise<void> {
    await call('virStoragePoolDestroy', this.handle);
  }

  /** Rescans the pool's volumes and sizes (`virStoragePoolRefresh`). */
  async refresh(): Promise<void> {
    await call('virStoragePoolRefresh', this.handle, 0);
  }

  /**
   * Deletes the pool's underlying storage (`virStoragePoolDelete`: a dir pool's directory, …); the pool must be
   * stopped. `zeroed: true` clears the data first where the backend can. The definition stays: see `undefine()`.
   */
  async delete(options?: { zeroed?: boolean }): Promise<void> {
    const o = optionsObject(options, 'delete options', ['zeroed'] as const);
    const zeroed = optionalBoolean(o.zeroed, 'delete options.zeroed');
    await call(
      'virStoragePoolDelete',
      this.handle,
      zeroed ? StoragePoolDeleteFlags.ZEROED : StoragePoolDeleteFlags.NORMAL,
    );
  }

  /** Removes the pool's persistent definition (`virStoragePoolUndefine`); a running pool becomes transient. */
  async undefine(): Promise<void> {
    await call('virStoragePoolUndefine', this.handle);
  }

  /** Whether the pool starts with the host (`virStoragePoolGetAutostart`). */
  async getAutostart(): Promise<boolean> {
    return (await call('virStoragePoolGetAutostart', this.handle)) !== 0;
  }

  /** Sets whether the pool starts with the host (`virStoragePoolSetAutostart`; persistent pools only). */
  async setAutostart(autostart: boolean): Promise<void> {
    await call('virStoragePoolSetAutostart', this.handle, requireBoolean(autostart, 'autostart') ? 1 : 0);
  }

  /** State and sizes in bytes (`virStoragePoolGetInfo`). */
  async info(): Promise<StoragePoolInfo> {
    const info = await call('virStoragePoolGetInfo', this.handle);
    return {
      state: STATES.nameOf(info.state) ?? 'unknown',
      capacity: info.capacity,
      allocation: info.allocation,
      available: info.available,
    };
  }

  /** The pool's XML (`virStoragePoolGetXMLDesc`); `inactive: true` gives the definition used at next start. */
  async xml(options?: { inactive?: boolean }): Promise<string> {
    return call('virStoragePoolGetXMLDesc', this.handle, xmlFlags(options));
  }

  /** The pool's definition, typed by the XML model. Reads it with `virStoragePoolGetXMLDesc`. */
  async definition(options?: { inactive?: boolean }): Promise<StoragePoolDef> {
    return parseStoragePoolXml(await this.xml(options));
  }

  /** Whether the pool is running (`virStoragePoolIsActive`). */
  async isActive(): Promise<boolean> {
    return (await call('virStoragePoolIsActive', this.handle)) === 1;
  }

  /** Whether the pool has a persistent definition (`virStoragePoolIsPersistent`). */
  async isPersistent(): Promise<boolean> {
    return (await call('virStoragePoolIsPersistent', this.handle)) === 1;
  }

  /** `StoragePool(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `StoragePool(${this.name})`;
  }
}

/** How lookups read a pool's identity and wrap it (used by `hv.pools` and `volume.pool()`). */
export const POOL_SPEC: LookupSpec<StoragePool> = {
  what: 'storage pool',
  notFound: ErrorCode.NO_STORAGE_POOL,
  describers: ['virStoragePoolGetName', 'virStoragePoolGetUUIDString'],
  wrap: (handle, [name, uuid]) => new StoragePool(handle, name as string, uuid as string),
};
registerPoolSpec(POOL_SPEC);
