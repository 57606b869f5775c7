import type { SourceAuth } from '../common/auth.js';
import { tagKind } from '../engine/document.js';
import { DISK_LABEL_FORMATS, FILESYSTEM_FORMATS, type StoragePermissions } from '../storage-common.js';
import {
  buildStoragePoolXml,
  STORAGE_POOL_TYPES,
  type StoragePoolDef,
  type StoragePoolFormat,
  type StoragePoolSource,
  type StoragePoolSourceAdapter,
  type StoragePoolType,
  storagePoolDocument,
} from '../storage-pool.js';
import {
  badInput,
  checkAbsolutePath,
  checkInteger,
  checkObjectName,
  checkOneOf,
  checkText,
  checkUuid,
} from './checks.js';

/** A server of a network pool (`<source><host name= port=>`). */
export interface PoolHostInput {
  /** The server's host name or address. */
  name: string;
  /** The server's port; default the protocol's. */
  port?: number;
}

/** What a pool's `<source>` can say, in plain terms; which parts a type needs or takes is checked. */
export interface StoragePoolSourceInput {
  /** netfs, iscsi, iscsi-direct, rbd, sheepdog, gluster: the server(s). */
  host?: string | PoolHostInput | Array<string | PoolHostInput>;
  /** netfs: the exported directory (cifs: the share, glusterfs: the volume); gluster: a subdirectory. */
  dir?: string;
  /** fs, disk, zfs: the block device; logical: its physical volume(s); iscsi, iscsi-direct: the target IQN. */
  device?: string | string[];
  /** logical: the volume group (default: the pool's name); rbd: the Ceph pool; gluster: the volume; zfs: the zpool. */
  name?: string;
  /**
   * The source's format (`<source><format type=>`): a filesystem for fs and netfs, a partition table for disk,
   * …
   */
  format?: StoragePoolFormat;
  /** scsi: a scsi_host name (`'host0'`) or a whole adapter (fc_host vHBA, parent PCI address). */
  adapter?: string | StoragePoolSourceAdapter;
  /** iscsi, iscsi-direct: this host's initiator IQN. */
  initiator?: string;
  /** iscsi (CHAP) or rbd (cephx): the user and the libvirt secret holding the key. */
  auth?: {
    /** The user to authenticate as. */
    username: string;
    /** The libvirt secret holding the key: by its usage name or its UUID. */
    secret:
      | {
          /** The secret's usage name. */
          usage: string;
        }
      | {
          /** The secret's UUID. */
          uuid: string;
        };
  };
  /** netfs (nfs): the NFS version to mount with. */
  protocolVersion?: number;
  /** disk: whether partition device names put a 'p' before the number. */
  partSeparator?: boolean;
}

type SourcePart = keyof StoragePoolSourceInput;

interface PoolRule {
  required: SourcePart[];
  /** Parts beyond the required ones the type takes. */
  optional: SourcePart[];
  formats?: readonly StoragePoolFormat[];
  /** Where the volumes appear when not told; 'none' for types without a target. */
  target: ((pool: string, source: StoragePoolSource) => string) | 'none' | 'optional';
  multipleDevices?: boolean;
  authType?: 'chap' | 'ceph';
}

// What virt-manager proposes for a new pool's target directory.
const imagesDir = (pool: string): string => `/var/lib/libvirt/images/${pool}`;

/** storagepool.rng, per type: the source parts it needs and takes, its formats, its target. */
const RULES: Record<StoragePoolType, PoolRule> = {
  dir: { required: [], optional: [], target: imagesDir },
  fs: { required: ['device'], optional: ['format'], formats: FILESYSTEM_FORMATS, target: imagesDir },
  netfs: {
    required: ['host', 'dir'],
    optional: ['format', 'protocolVersion'],
    formats: ['auto', 'nfs', 'cifs', 'glusterfs'],
    target: imagesDir,
  },
  logical: {
    required: [],
    optional: ['name', 'device', 'format'],
    formats: ['unknown', 'lvm2'],
    target: (_pool, source) => `/dev/${source.name}`,
    multipleDevices: true,
  },
  disk: {
    required: ['device'],
    optional: ['format', 'partSeparator'],
    formats: DISK_LABEL_FORMATS,
    target: () => '/dev',
  },
  iscsi: {
    required: ['host', 'device'],
    optional: ['initiator', 'auth'],
    target: () => '/dev/disk/by-path',
    authType: 'chap',
  },
  'iscsi-direct': {
    required: ['host', 'device', 'initiator'],
    optional: ['auth'],
    target: 'none',
    authType: 'chap',
  },
  scsi: { required: ['adapter'], optional: [], target: () => '/dev/disk/by-path' },
  mpath: { required: [], optional: [], target: () => '/dev/mapper' },
  rbd: { required: ['host', 'name'], optional: ['auth'], target: 'none', authType: 'ceph' },
  sheepdog: { required: ['host', 'name'], optional: [], target: 'none' },
  gluster: { required: ['host', 'name'], optional: ['dir'], target: 'none' },
  zfs: { required: ['name'], optional: ['device'], target: 'optional' },
  vstorage: { required: ['name'], optional: [], target: imagesDir },
};

/**
 * A storage pool definition for the flows of virt-manager's "add pool" wizard:
 * `new StoragePoolBuilder('images', 'dir').target('/srv/images').build()`. Each type's source parts are checked
 * (netfs needs a host and a dir, iscsi a host and the target IQN, ...), and what is not said gets the default
 * virt-manager would propose (a dir/fs/netfs pool under /var/lib/libvirt/images/<name>, an iscsi pool's volumes
 * in /dev/disk/by-path, a logical pool's volume group named after the pool).
 */
export class StoragePoolBuilder {
  readonly #type: StoragePoolType;
  readonly #rule: PoolRule;
  readonly #def: StoragePoolDef;
  #given: Set<SourcePart> = new Set();

  constructor(name: string, type: StoragePoolType) {
    checkObjectName('storage pool', name);
    this.#type = checkOneOf('storage pool type', type, STORAGE_POOL_TYPES);
    this.#rule = RULES[this.#type];
    this.#def = { type: this.#type, name };
  }

  /** Sets the pool's UUID (`<uuid>`); default: libvirt generates one. */
  uuid(uuid: string): this {
    this.#def.uuid = checkUuid('pool uuid', uuid);
    return this;
  }

  /** Where the pool's volumes appear (a directory, or the device directory of block pools). */
  target(path: string, permissions?: StoragePermissions): this {
    if (this.#rule.target === 'none') throw badInput(`${this.#type} pools have no target path`);
    this.#def.target = { path: checkAbsolutePath('pool target path', path) };
    if (permissions !== undefined) this.#def.target.permissions = { ...permissions };
    return this;
  }

  /** The pool's source; replaces an earlier one. Parts the pool type does not take are refused. */
  source(input: StoragePoolSourceInput): this {
    if (input === null || typeof input !== 'object') throw badInput('pool source must be an object');
    const rule = this.#rule;
    const takes = new Set<SourcePart>([...rule.required, ...rule.optional]);
    const source: StoragePoolSource = {};
    const given = new Set<SourcePart>();
    for (const key of Object.keys(input) as SourcePart[]) {
      if (input[key] === undefined) continue;
      if (!takes.has(key)) {
        const accepted = [...takes].join(', ') || 'no source parts';
        throw badInput(`${this.#type} pools take no source '${key}' (they take: ${accepted})`);
      }
      given.add(key);
    }
    if (input.host !== undefined) source.hosts = hostsOf(input.host);
    if (input.device !== undefined) source.devices = this.#devicesOf(input.device, input.partSeparator);
    if (input.dir !== undefined) source.dir = { path: checkText('pool source dir', input.dir) };
    if (input.adapter !== undefined) source.adapter = adapterOf(input.adapter);
    if (input.name !== undefined) source.name = checkText('pool source name', input.name);
    if (input.initiator !== undefined) {
      source.initiator = { iqn: { name: checkText('pool source initiator', input.initiator) } };
    }
    if (input.format !== undefined) {
      source.format = { type: checkOneOf(`${this.#type} pool format`, input.format, rule.formats ?? []) };
    }
    if (input.auth !== undefined) source.auth = authOf(input.auth, rule.authType ?? 'chap');
    if (input.protocolVersion !== undefined) {
      source.protocol = { ver: checkInteger('NFS protocol version', input.protocolVersion, 2, 4) };
    }
    if (input.partSeparator !== undefined && input.device === undefined) {
      throw badInput('partSeparator needs the source device it applies to');
    }
    this.#def.source = source;
    this.#given = given;
    return this;
  }

  /** fs, netfs: extra mount options (`fs:mount_opts`). */
  mountOptions(...options: string[]): this {
    if (this.#type !== 'fs' && this.#type !== 'netfs')
      throw badInput('mount options apply to fs and netfs pools');
    this.#def.fsMountOpts = { options: options.map((o) => ({ name: checkText('mount option', o) })) };
    return this;
  }

  /** rbd: extra Ceph client settings (`rbd:config_opts`). */
  rbdConfig(options: Record<string, string>): this {
    if (this.#type !== 'rbd') throw badInput('Ceph config options apply to rbd pools');
    this.#def.rbdConfigOpts = {
      options: Object.entries(options).map(([name, value]) => ({
        name: checkText('Ceph option name', name),
        value: checkText(`Ceph option ${name}`, value),
      })),
    };
    return this;
  }

  /** rbd: report volume allocation as their capacity instead of measuring it (fast for big pools). */
  refreshAllocation(mode: 'default' | 'capacity'): this {
    if (this.#type !== 'rbd') throw badInput('refresh allocation applies to rbd pools');
    this.#def.refresh = {
      volume: { allocation: checkOneOf('refresh allocation', mode, ['default', 'capacity']) },
    };
    return this;
  }

  /** dir, fs: copy-on-write of files on btrfs. */
  cow(enabled: boolean): this {
    if (this.#type !== 'dir' && this.#type !== 'fs')
      throw badInput('the cow feature applies to dir and fs pools');
    if (typeof enabled !== 'boolean') throw badInput('cow takes a boolean');
    this.#def.features = { cow: { state: enabled } };
    return this;
  }

  /** The definition; throws naming the first required source part that is missing. */
  build(): StoragePoolDef {
    const rule = this.#rule;
    const def = structuredClone(this.#def);
    const source = def.source ?? {};
    for (const part of rule.required) {
      if (!this.#given.has(part)) {
        throw badInput(`a ${this.#type} pool needs a source ${part}: .source({ ${part}: ... })`);
      }
    }
    // libvirt names a logical pool's volume group after the pool when not told.
    if (this.#type === 'logical' && source.name === undefined) source.name = def.name;
    if (Object.keys(source).length > 0) def.source = source;
    if (def.target === undefined && typeof rule.target === 'function') {
      def.target = { path: rule.target(def.name as string, source) };
    }
    return tagKind(def, storagePoolDocument);
  }

  /** The definition as XML. */
  toXml(): string {
    return buildStoragePoolXml(this.build());
  }

  #devicesOf(device: string | string[], partSeparator: boolean | undefined): StoragePoolSource['devices'] {
    const paths = Array.isArray(device) ? device : [device];
    if (paths.length === 0) throw badInput('pool source device list is empty');
    if (paths.length > 1 && !this.#rule.multipleDevices) {
      throw badInput(`${this.#type} pools take one source device, got ${paths.length}`);
    }
    return paths.map((path) => {
      const d: NonNullable<StoragePoolSource['devices']>[number] = {
        path: checkText('pool source device', path),
      };
      if (partSeparator !== undefined) d.partSeparator = partSeparator;
      return d;
    });
  }
}

function hostsOf(host: NonNullable<StoragePoolSourceInput['host']>): StoragePoolSource['hosts'] {
  const list = Array.isArray(host) ? host : [host];
  if (list.length === 0) throw badInput('pool source host list is empty');
  return list.map((h) => {
    if (typeof h === 'string') return { name: checkText('pool source host', h) };
    if (h === null || typeof h !== 'object') throw badInput('a pool source host is a name or { name, port }');
    const out: { name: string; port?: number } = { name: checkText('pool source host name', h.name) };
    if (h.port !== undefined) out.port = checkInteger('pool source host port', h.port, 1, 65535);
    return out;
  });
}

function adapterOf(adapter: string | StoragePoolSourceAdapter): StoragePoolSourceAdapter {
  if (typeof adapter === 'string')
    return { type: 'scsi_host', name: checkText('scsi adapter name', adapter) };
  if (adapter === null || typeof adapter !== 'object')
    throw badInput('a pool adapter is a name or an object');
  if (adapter.type === 'fc_host' && (adapter.wwnn === undefined || adapter.wwpn === undefined)) {
    throw badInput('an fc_host adapter needs wwnn and wwpn');
  }
  if (adapter.type !== 'fc_host' && adapter.name === undefined && adapter.parentaddr === undefined) {
    throw badInput('a scsi_host adapter needs a name or a parentaddr');
  }
  return structuredClone(adapter);
}

function authOf(auth: NonNullable<StoragePoolSourceInput['auth']>, type: 'chap' | 'ceph'): SourceAuth {
  if (auth === null || typeof auth !== 'object') throw badInput('pool auth must be { username, secret }');
  const secret = auth.secret as { usage?: unknown; uuid?: unknown } | undefined;
  const out: SourceAuth = { type, username: checkText('pool auth username', auth.username) };
  if (secret && typeof secret.usage === 'string')
    out.secret = { usage: checkText('auth secret usage', secret.usage) };
  else if (secret && typeof secret.uuid === 'string')
    out.secret = { uuid: checkText('auth secret uuid', secret.uuid) };
  else throw badInput('pool auth needs secret: { usage } or { uuid }');
  return out;
}
