import { DomainSnapshotCreateFlags, DomainSnapshotListFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type FlagTable, flagsFrom, requireNonEmptyString } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { ErrorCode } from '../core/errors.js';
import { LiveCollection } from '../core/live-object.js';
import { adoptChild, fetchAll, fetchOne, isNotFound } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { buildDomainSnapshotXml, type DomainSnapshotDef } from '../xml/index.js';
import { type DomainSnapshot, snapshotSpec } from './snapshot.js';

/** `dom.snapshots.create()` options (`virDomainSnapshotCreateFlags`). */
export interface SnapshotCreateOptions {
  /** Redefine metadata of an existing snapshot from its XML. */
  redefine?: boolean;
  /** With `redefine`: make it the current snapshot. */
  current?: boolean;
  /** Take the snapshot without keeping libvirt metadata. */
  noMetadata?: boolean;
  /** Stop the domain after the snapshot. */
  halt?: boolean;
  /** Disk state only (external overlays), no memory. */
  diskOnly?: boolean;
  /** Reuse existing external files. */
  reuseExternal?: boolean;
  /** Freeze guest filesystems through the guest agent first. */
  quiesce?: boolean;
  /** All disks or none. */
  atomic?: boolean;
  /** Keep the guest running while memory is saved. */
  live?: boolean;
  /** Validate the XML against libvirt's schema. */
  validate?: boolean;
}

const F = DomainSnapshotCreateFlags;
const CREATE: FlagTable = {
  redefine: F.REDEFINE,
  current: F.CURRENT,
  noMetadata: F.NO_METADATA,
  halt: F.HALT,
  diskOnly: F.DISK_ONLY,
  reuseExternal: F.REUSE_EXT,
  quiesce: F.QUIESCE,
  atomic: F.ATOMIC,
  live: F.LIVE,
  validate: F.VALIDATE,
};

/** `dom.snapshots.list()` filter (`virDomainSnapshotListFlags`); each `true` narrows the list. */
export interface SnapshotListFilter {
  /** `VIR_DOMAIN_SNAPSHOT_LIST_ROOTS`: only snapshots without a parent. */
  roots?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_LEAVES`: only snapshots without children. */
  leaves?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES`: only snapshots with children. */
  noLeaves?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_METADATA`: only snapshots libvirt keeps metadata for. */
  metadata?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA`: only snapshots without libvirt metadata. */
  noMetadata?: boolean;
  /** Taken while the domain was shut off. */
  inactive?: boolean;
  /** Taken while the domain was running (with memory). */
  active?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY`: only disk-only snapshots. */
  diskOnly?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL`: only snapshots stored inside the disk images (qcow2). */
  internal?: boolean;
  /** `VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL`: only snapshots stored in separate files. */
  external?: boolean;
  /** Parents before children. */
  topological?: boolean;
}

const L = DomainSnapshotListFlags;
const LIST: FlagTable = {
  roots: L.ROOTS,
  leaves: L.LEAVES,
  noLeaves: L.NO_LEAVES,
  metadata: L.METADATA,
  noMetadata: L.NO_METADATA,
  inactive: L.INACTIVE,
  active: L.ACTIVE,
  diskOnly: L.DISK_ONLY,
  internal: L.INTERNAL,
  external: L.EXTERNAL,
  topological: L.TOPOLOGICAL,
};

/** `dom.snapshots`: the snapshots of one domain. */
export class DomainSnapshotCollection extends LiveCollection {
  /** @internal */
  constructor(domain: () => Handle) {
    super(domain);
  }

  /**
   * Takes a snapshot (`virDomainSnapshotCreateXML`) from a typed definition (the XML model's
   * `DomainSnapshot`: `{ name, description, memory, disks }`) or XML; `{}` lets libvirt pick every default.
   */
  async create(
    definition: DefOrXml<DomainSnapshotDef> = {},
    options?: SnapshotCreateOptions,
  ): Promise<DomainSnapshot> {
    const xml = definitionXml(definition, buildDomainSnapshotXml, 'snapshots.create');
    const flags = flagsFrom(options, 'snapshots.create options', CREATE);
    return fetchOne(snapshotSpec(this.parent), 'virDomainSnapshotCreateXML', [this.parent, xml, flags]);
  }

  /** The domain's snapshots (`virDomainListAllSnapshots`). */
  async list(filter?: SnapshotListFilter): Promise<DomainSnapshot[]> {
    const flags = flagsFrom(filter, 'snapshots.list filter', LIST);
    return fetchAll(snapshotSpec(this.parent), 'virDomainListAllSnapshots', [this.parent, flags]);
  }

  /** The snapshots' names, with no objects to free (`virDomainSnapshotListNames`). */
  async names(filter?: SnapshotListFilter): Promise<string[]> {
    const flags = flagsFrom(filter, 'snapshots.names filter', LIST);
    return nameList(
      () => call('virDomainSnapshotNum', this.parent, flags),
      (max) => call('virDomainSnapshotListNames', this.parent, max, flags),
    );
  }

  /** How many snapshots the filter matches (`virDomainSnapshotNum`). */
  async count(filter?: SnapshotListFilter): Promise<number> {
    return call('virDomainSnapshotNum', this.parent, flagsFrom(filter, 'snapshots.count filter', LIST));
  }

  /** Whether the domain has a current snapshot (`virDomainHasCurrentSnapshot`). */
  async hasCurrent(): Promise<boolean> {
    return (await call('virDomainHasCurrentSnapshot', this.parent, 0)) === 1;
  }

  /**
   * The snapshot with this name; rejects with `ErrorCode.NO_DOMAIN_SNAPSHOT` when there is none
   * (`virDomainSnapshotLookupByName`).
   */
  async get(name: string): Promise<DomainSnapshot> {
    requireNonEmptyString(name, 'snapshot name');
    return fetchOne(snapshotSpec(this.parent), 'virDomainSnapshotLookupByName', [this.parent, name, 0]);
  }

  /** Like `get`, but resolves `undefined` when there is no such snapshot (`virDomainSnapshotLookupByName`). */
  async find(name: string): Promise<DomainSnapshot | undefined> {
    return this.get(name).catch((err: unknown) => {
      if (isNotFound(err, ErrorCode.NO_DOMAIN_SNAPSHOT)) return undefined;
      throw err;
    });
  }

  /**
   * The current snapshot (the one a revert without a name goes to), or undefined when there is none
   * (`virDomainSnapshotCurrent`).
   */
  async current(): Promise<DomainSnapshot | undefined> {
    try {
      return await fetchOne(snapshotSpec(this.parent), 'virDomainSnapshotCurrent', [this.parent, 0]);
    } catch (err) {
      if (isNotFound(err, ErrorCode.NO_DOMAIN_SNAPSHOT)) return undefined;
      throw err;
    }
  }

  /**
   * Wraps a snapshot handle of this domain that `libvirt-ts/raw`'s `call()` returned into a DomainSnapshot with
   * a reference of its own (`virDomainSnapshotRef`): `handle` stays yours to free. A snapshot of another domain
   * (its XML names the domain's UUID) or connection is a TypeError.
   */
  async fromRaw(handle: Handle): Promise<DomainSnapshot> {
    const parent = this.parent;
    return adoptChild(
      snapshotSpec(parent),
      handle,
      'snapshot',
      'virDomainSnapshotRef',
      parent,
      async (own) => {
        const xml = await call('virDomainSnapshotGetXMLDesc', own, 0);
        return domainUuidIn(xml) === (await call('virDomainGetUUIDString', parent));
      },
    );
  }
}

/** The UUID of the `<domain>` a snapshot or checkpoint XML embeds. */
export function domainUuidIn(xml: string): string | undefined {
  return /<domain\b[^>]*>[\s\S]*?<uuid>([^<]+)<\/uuid>/.exec(xml)?.[1]?.trim();
}
