import {
  DomainSnapshotDeleteFlags,
  DomainSnapshotListFlags,
  DomainSnapshotRevertFlags,
  DomainSnapshotXMLFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom } from '../core/checks.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import { fetchAll, fetchOne, isNotFound, type LookupSpec } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { type DomainSnapshotDef, parseDomainSnapshotXml } from '../xml/index.js';

/** `snapshot.revert()`: the state to leave the domain in, whatever it was when the snapshot was taken. */
export interface RevertOptions {
  /** `VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING`: run the domain after the revert, whatever the snapshot's state. */
  running?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED`: leave the domain paused after the revert. */
  paused?: boolean;
  /** Revert even when libvirt considers it risky (e.g. a running snapshot onto an incompatible config). */
  force?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM`: recreate the UEFI variable store from its template. */
  resetNvram?: boolean;
}

/** `snapshot.delete()`. */
export interface SnapshotDeleteOptions {
  /** Delete the descendants too. */
  children?: boolean;
  /** Delete only the descendants, keeping this one. */
  childrenOnly?: boolean;
  /** Remove libvirt's metadata only, leaving the snapshot data in the disk images. */
  metadataOnly?: boolean;
}

const REVERT = {
  running: DomainSnapshotRevertFlags.RUNNING,
  paused: DomainSnapshotRevertFlags.PAUSED,
  force: DomainSnapshotRevertFlags.FORCE,
  resetNvram: DomainSnapshotRevertFlags.RESET_NVRAM,
};
const DELETE = {
  children: DomainSnapshotDeleteFlags.CHILDREN,
  childrenOnly: DomainSnapshotDeleteFlags.CHILDREN_ONLY,
  metadataOnly: DomainSnapshotDeleteFlags.METADATA_ONLY,
};
const CHILDREN = { descendants: DomainSnapshotListFlags.DESCENDANTS };
const XML = { secure: DomainSnapshotXMLFlags.SECURE };

/** How snapshots of `domain` become objects: one round trip also reads the name. */
export function snapshotSpec(domain: Handle): LookupSpec<DomainSnapshot> {
  return {
    what: 'domain snapshot',
    notFound: ErrorCode.NO_DOMAIN_SNAPSHOT,
    describers: ['virDomainSnapshotGetName'],
    wrap: (handle, [name]) => new DomainSnapshot(handle, name as string, domain),
  };
}

/**
 * One snapshot of a domain (`dom.snapshots`). Holds one libvirt reference, released by `free()`, `await
 * using`, the connection's close, or garbage collection.
 */
export class DomainSnapshot extends LiveObject {
  /** The handle of the snapshot's domain, by which it is found again after a reconnect. */
  readonly #domain: Handle;

  /** @internal Snapshots come from `dom.snapshots`. */
  constructor(
    handle: Handle,
    /** The snapshot's name (unique within its domain). */
    readonly name: string,
    domain: Handle,
  ) {
    super(handle, { fn: 'virDomainSnapshotLookupByName', key: name, parent: domain, rest: [0] });
    this.#domain = domain;
  }

  /** The snapshot's XML (`virDomainSnapshotGetXMLDesc`); `secure` includes secrets. */
  async xml(options?: { secure?: boolean }): Promise<string> {
    return call('virDomainSnapshotGetXMLDesc', this.handle, flagsFrom(options, 'snapshot.xml options', XML));
  }

  /**
   * The snapshot's typed definition (the XML model's `DomainSnapshotDef`). Reads it with
   * `virDomainSnapshotGetXMLDesc`.
   */
  async definition(options?: { secure?: boolean }): Promise<DomainSnapshotDef> {
    return parseDomainSnapshotXml(await this.xml(options));
  }

  /** The parent snapshot, or undefined for a root snapshot (`virDomainSnapshotGetParent`). */
  async parent(): Promise<DomainSnapshot | undefined> {
    try {
      return await fetchOne(snapshotSpec(this.#domain), 'virDomainSnapshotGetParent', [this.handle, 0]);
    } catch (err) {
      if (isNotFound(err, ErrorCode.NO_DOMAIN_SNAPSHOT)) return undefined;
      throw err;
    }
  }

  /** The direct children (`virDomainSnapshotListAllChildren`); `descendants` for the whole subtree. */
  async children(options?: { descendants?: boolean }): Promise<DomainSnapshot[]> {
    const flags = flagsFrom(options, 'snapshot.children options', CHILDREN);
    return fetchAll(snapshotSpec(this.#domain), 'virDomainSnapshotListAllChildren', [this.handle, flags]);
  }

  /** The children's names, with no objects to free (`virDomainSnapshotListChildrenNames`). */
  async childNames(options?: { descendants?: boolean }): Promise<string[]> {
    const flags = flagsFrom(options, 'snapshot.childNames options', CHILDREN);
    return nameList(
      () => call('virDomainSnapshotNumChildren', this.handle, flags),
      (max) => call('virDomainSnapshotListChildrenNames', this.handle, max, flags),
    );
  }

  /** How many children (or with `descendants`, descendants) it has (`virDomainSnapshotNumChildren`). */
  async childCount(options?: { descendants?: boolean }): Promise<number> {
    return call(
      'virDomainSnapshotNumChildren',
      this.handle,
      flagsFrom(options, 'snapshot.childCount options', CHILDREN),
    );
  }

  /** Whether this is the domain's current snapshot (`virDomainSnapshotIsCurrent`). */
  async isCurrent(): Promise<boolean> {
    return (await call('virDomainSnapshotIsCurrent', this.handle, 0)) === 1;
  }

  /** Whether libvirt keeps metadata for this snapshot (`virDomainSnapshotHasMetadata`). */
  async hasMetadata(): Promise<boolean> {
    return (await call('virDomainSnapshotHasMetadata', this.handle, 0)) === 1;
  }

  /** Reverts the domain to this snapshot (`virDomainRevertToSnapshot`). */
  async revert(options?: RevertOptions): Promise<void> {
    await call(
      'virDomainRevertToSnapshot',
      this.handle,
      flagsFrom(options, 'snapshot.revert options', REVERT),
    );
  }

  /** Deletes the snapshot (`virDomainSnapshotDelete`). This object stays usable only for `free()`. */
  async delete(options?: SnapshotDeleteOptions): Promise<void> {
    await call('virDomainSnapshotDelete', this.handle, flagsFrom(options, 'snapshot.delete options', DELETE));
  }

  /** `DomainSnapshot(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `DomainSnapshot(${this.name})`;
  }
}
