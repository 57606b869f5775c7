import type { Encryption } from '../common/encryption.js';
import { parseSize } from '../common/size.js';
import { tagKind } from '../engine/document.js';
import type { StoragePermissions } from '../storage-common.js';
import {
  buildStorageVolumeXml,
  STORAGE_VOLUME_FORMATS,
  type StorageVolumeDef,
  type StorageVolumeFormat,
  storageVolumeDocument,
} from '../storage-volume.js';
import { badInput, checkAbsolutePath, checkObjectName, checkOneOf } from './checks.js';

/** Formats that can sit on a backing image (storagecommon.rng storageFormatBacking). */
export const BACKING_CAPABLE_FORMATS = ['qcow2', 'qcow', 'qed', 'vmdk', 'cow'] as const;

/** The image a copy-on-write volume is layered on (`<backingStore>`). */
export interface BackingStoreInput {
  /** The backing image's path. */
  path: string;
  /** The backing image's format; libvirt probes it when left out. */
  format?: StorageVolumeFormat;
}

/**
 * A storage volume definition, as virt-install creates a new disk: `new StorageVolumeBuilder('vm.qcow2')
 * .capacity('10 GiB').build()` is a sparse qcow2 image (allocation 0, format qcow2) unless told otherwise.
 * Sizes are bytes or strings with units ('10 GiB', '512M'); they are written in bytes.
 */
export class StorageVolumeBuilder {
  readonly #def: StorageVolumeDef;
  #format: StorageVolumeFormat | null = 'qcow2';
  #capacity: number | undefined;
  #allocation = 0;

  constructor(name: string) {
    this.#def = { name: checkObjectName('storage volume', name) };
  }

  /** The size the guest sees. Required. */
  capacity(size: number | string): this {
    this.#capacity = parseSize(size, 'volume capacity');
    return this;
  }

  /** How much to allocate up front (default 0: sparse, what virt-install does). */
  allocation(size: number | string): this {
    this.#allocation = parseSize(size, 'volume allocation');
    return this;
  }

  /** The image format (default 'qcow2'); `null` writes none, for pools that choose it (logical, disk). */
  format(format: StorageVolumeFormat | null): this {
    this.#format = format === null ? null : checkOneOf('volume format', format, STORAGE_VOLUME_FORMATS);
    return this;
  }

  /** Layer the volume on an existing image (copy-on-write): the volume's format must support backing files. */
  backingStore(backing: BackingStoreInput): this {
    if (backing === null || typeof backing !== 'object')
      throw badInput('backingStore takes { path, format? }');
    const store: NonNullable<StorageVolumeDef['backingStore']> = {
      path: checkAbsolutePath('backing store path', backing.path),
    };
    if (backing.format !== undefined) {
      store.format = { type: checkOneOf('backing store format', backing.format, STORAGE_VOLUME_FORMATS) };
    }
    this.#def.backingStore = store;
    return this;
  }

  /** Owner, group, mode and label of the created file. */
  permissions(permissions: StoragePermissions): this {
    if (permissions === null || typeof permissions !== 'object')
      throw badInput('permissions must be an object');
    this.#target().permissions = { ...permissions };
    return this;
  }

  /** qcow2 compatibility level ('0.10' or '1.1'). */
  compat(level: '0.10' | '1.1'): this {
    this.#target().compat = checkOneOf('qcow2 compat', level, ['0.10', '1.1']);
    return this;
  }

  /** qcow2 lazy refcounts (needs compat 1.1). */
  lazyRefcounts(): this {
    const target = this.#target();
    target.features = { ...target.features, lazyRefcounts: true };
    return this;
  }

  /** qcow2 cluster size (bytes or a string with a unit). */
  clusterSize(size: number | string): this {
    this.#target().clusterSize = { value: parseSize(size, 'cluster size'), unit: 'bytes' };
    return this;
  }

  /** Turn copy-on-write off for the file (btrfs). */
  nocow(): this {
    this.#target().nocow = true;
    return this;
  }

  /** Encrypt the volume (e.g. `{ format: 'luks', secrets: [{ type: 'passphrase', uuid }] }`). */
  encryption(encryption: Encryption): this {
    if (encryption === null || typeof encryption !== 'object') throw badInput('encryption must be an object');
    this.#target().encryption = structuredClone(encryption);
    return this;
  }

  /** The definition; throws when the capacity is missing or the format cannot have a backing store. */
  build(): StorageVolumeDef {
    if (this.#capacity === undefined)
      throw badInput(`volume ${this.#def.name} needs a capacity: .capacity('10 GiB')`);
    const def = structuredClone(this.#def);
    def.capacity = { value: this.#capacity, unit: 'bytes' };
    def.allocation = { value: this.#allocation, unit: 'bytes' };
    // storagevol.rng requires <target>, even when empty.
    def.target ??= {};
    if (this.#format !== null) def.target.format = { type: this.#format };
    if (def.backingStore && !(BACKING_CAPABLE_FORMATS as readonly string[]).includes(this.#format ?? '')) {
      throw badInput(
        `a backing store needs a volume format that supports one (${BACKING_CAPABLE_FORMATS.join(', ')}), not ${this.#format ?? 'none'}`,
      );
    }
    return tagKind(def, storageVolumeDocument);
  }

  /** The definition as XML. */
  toXml(): string {
    return buildStorageVolumeXml(this.build());
  }

  #target(): NonNullable<StorageVolumeDef['target']> {
    this.#def.target ??= {};
    return this.#def.target;
  }
}
