import { ConnectListAllStoragePoolsFlags, StoragePoolDefineFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, requireNonEmptyString, requireOneOf } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { flagsOfNames, splitFilter } from '../core/list-filters.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, type LookupBy, lookup, lookupOrUndefined } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { isUuid } from '../core/values.js';
import {
  buildStoragePoolXml,
  STORAGE_POOL_TYPES,
  type StoragePoolDef,
  type StoragePoolType,
} from '../xml/storage-pool.js';
import { POOL_SPEC, poolStartFlags, type StoragePool, type StoragePoolStartOptions } from './pool.js';

/**
 * `hv.pools.list(filter)`: each `true` narrows the list (flags of one group, such as active/inactive, are
 * alternatives, as in libvirt); `autostart` selects by presence (`true`) or absence (`false`).
 */
export interface StoragePoolFilter {
  /** `VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE`: running pools. */
  active?: boolean;
  /** `VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE`: pools that are not running. */
  inactive?: boolean;
  /** `VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT`: pools with a persistent definition. */
  persistent?: boolean;
  /** `VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT`: pools without one. */
  transient?: boolean;
  /** `true`: pools that autostart (`VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART`); `false`: those that do not. */
  autostart?: boolean;
  /** Only pools of these types. */
  type?: StoragePoolType | readonly StoragePoolType[];
}

const F = ConnectListAllStoragePoolsFlags;
const FILTERS = {
  active: F.ACTIVE,
  inactive: F.INACTIVE,
  persistent: F.PERSISTENT,
  transient: F.TRANSIENT,
  autostart: [F.AUTOSTART, F.NO_AUTOSTART],
} as const;

/** The list flag of each pool type: `'iscsi-direct'` is `ISCSI_DIRECT`. */
const TYPE_FLAGS = Object.fromEntries(
  STORAGE_POOL_TYPES.map((type) => [type, F[type.toUpperCase().replaceAll('-', '_') as keyof typeof F]]),
) as Record<StoragePoolType, number>;

function listFlags(filter: StoragePoolFilter | undefined): number {
  const { names, rest } = splitFilter(filter, 'pool filter', 'type');
  const flags = flagsFrom(rest, 'pool filter', FILTERS);
  if (names === undefined) return flags;
  return (flags | flagsOfNames(names, 'pool filter.type', TYPE_FLAGS)) >>> 0;
}

/** A string that looks like a UUID is tried as one first, then as a name (as virsh does). */
const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virStoragePoolLookupByUUIDString', accepts: isUuid },
  { fn: 'virStoragePoolLookupByName' },
  { fn: 'virStoragePoolLookupByUUID', bytes: true },
];

/** `hv.pools`: the storage pools of one connection. */
export class StoragePoolCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** The pools, all or those matching `filter` (`virConnectListAllStoragePools`). */
  async list(filter?: StoragePoolFilter): Promise<StoragePool[]> {
    return fetchAll(POOL_SPEC, 'virConnectListAllStoragePools', [this.parent, listFlags(filter)]);
  }

  /**
   * The pool with this name or UUID (a string, or libvirt's 16 raw bytes). Rejects with a LibvirtError whose code is `ErrorCode.NO_STORAGE_POOL` when
   * there is none (`virStoragePoolLookupByUUIDString`, `virStoragePoolLookupByName`, or
   * `virStoragePoolLookupByUUID` for bytes).
   */
  async get(nameOrUuid: string | Uint8Array): Promise<StoragePool> {
    return lookup(POOL_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such pool (`virStoragePoolLookupByName`,
   * `virStoragePoolLookupByUUIDString` or `virStoragePoolLookupByUUID`).
   */
  async find(nameOrUuid: string | Uint8Array): Promise<StoragePool | undefined> {
    return lookupOrUndefined(POOL_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /** The pool whose target is this directory or device path (`virStoragePoolLookupByTargetPath`). */
  async getByTargetPath(path: string): Promise<StoragePool> {
    requireNonEmptyString(path, 'target path');
    return fetchOne(POOL_SPEC, 'virStoragePoolLookupByTargetPath', [this.parent, path]);
  }

  /**
   * Defines a persistent pool, not started (`virStoragePoolDefineXML`), from a typed definition (e.g.
   * `new StoragePoolBuilder('images', 'dir').target('/srv/images').build()`) or XML.
   */
  async define(definition: DefOrXml<StoragePoolDef>, options?: { validate?: boolean }): Promise<StoragePool> {
    const xml = definitionXml(definition, buildStoragePoolXml, 'storage pool definition');
    const flags = flagsFrom(options, 'define options', { validate: StoragePoolDefineFlags.VALIDATE });
    return fetchOne(POOL_SPEC, 'virStoragePoolDefineXML', [this.parent, xml, flags]);
  }

  /**
   * Creates and starts a transient pool (`virStoragePoolCreateXML`): it disappears when stopped. `build: true`
   * builds it first.
   */
  async create(
    definition: DefOrXml<StoragePoolDef>,
    options?: StoragePoolStartOptions,
  ): Promise<StoragePool> {
    const xml = definitionXml(definition, buildStoragePoolXml, 'storage pool definition');
    const flags = poolStartFlags(options, 'create options');
    return fetchOne(POOL_SPEC, 'virStoragePoolCreateXML', [this.parent, xml, flags]);
  }

  /**
   * Asks the host which pools of `type` it could offer (`virConnectFindStoragePoolSources`): e.g. the LVM
   * volume groups, or the NFS exports of the host named in `sourceSpecXml`. Returns libvirt's `<sources>` XML.
   */
  async findSources(type: StoragePoolType, sourceSpecXml?: string): Promise<string> {
    requireOneOf(type, 'pool type', STORAGE_POOL_TYPES);
    if (sourceSpecXml !== undefined) requireNonEmptyString(sourceSpecXml, 'source spec XML');
    return call('virConnectFindStoragePoolSources', this.parent, type, sourceSpecXml ?? null, 0);
  }

  /** The names of all pools, running ones first (`virConnectListStoragePools`, `virConnectListDefinedStoragePools`). */
  async names(): Promise<string[]> {
    const c = this.parent;
    const [active, inactive] = await Promise.all([
      nameList(
        () => call('virConnectNumOfStoragePools', c),
        (max) => call('virConnectListStoragePools', c, max),
      ),
      nameList(
        () => call('virConnectNumOfDefinedStoragePools', c),
        (max) => call('virConnectListDefinedStoragePools', c, max),
      ),
    ]);
    return [...active, ...inactive];
  }

  /**
   * The number of pools, running or not (`virConnectNumOfStoragePools` plus
   * `virConnectNumOfDefinedStoragePools`).
   */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfStoragePools', this.parent),
      call('virConnectNumOfDefinedStoragePools', this.parent),
    ]);
    return active + inactive;
  }
}
