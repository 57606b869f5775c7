/** One checkpoint of a domain (`dom.checkpoints`): a point from which incremental backups start. */
import {
  DomainCheckpointDeleteFlags,
  DomainCheckpointListFlags,
  DomainCheckpointXMLFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type FlagTable, flagsFrom } from '../core/checks.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import { fetchAll, fetchOne, isNotFound, type LookupSpec } from '../core/lookup.js';
import { type DomainCheckpointDef, parseDomainCheckpointXml } from '../xml/index.js';

/** `checkpoint.xml()` / `definition()` options (`virDomainCheckpointXMLFlags`). */
export interface CheckpointXmlOptions {
  /** Include secrets in the embedded domain definition. */
  secure?: boolean;
  /** Leave out the embedded `<domain>`. */
  noDomain?: boolean;
  /** Add each disk's current bitmap size (running domain only). */
  size?: boolean;
}

/** `checkpoint.delete()`. */
export interface CheckpointDeleteOptions {
  /** Delete the descendants too. */
  children?: boolean;
  /** Delete only the descendants. */
  childrenOnly?: boolean;
  /** Remove libvirt's metadata only, leaving the disk bitmaps. */
  metadataOnly?: boolean;
}

const XML: FlagTable = {
  secure: DomainCheckpointXMLFlags.SECURE,
  noDomain: DomainCheckpointXMLFlags.NO_DOMAIN,
  size: DomainCheckpointXMLFlags.SIZE,
};
const DELETE: FlagTable = {
  children: DomainCheckpointDeleteFlags.CHILDREN,
  childrenOnly: DomainCheckpointDeleteFlags.CHILDREN_ONLY,
  metadataOnly: DomainCheckpointDeleteFlags.METADATA_ONLY,
};
const CHILDREN: FlagTable = {
  descendants: DomainCheckpointListFlags.DESCENDANTS,
  topological: DomainCheckpointListFlags.TOPOLOGICAL,
  leaves: DomainCheckpointListFlags.LEAVES,
  noLeaves: DomainCheckpointListFlags.NO_LEAVES,
};

/** How checkpoints of `domain` become objects: one round trip also reads the name. */
export function checkpointSpec(domain: Handle): LookupSpec<DomainCheckpoint> {
  return {
    what: 'domain checkpoint',
    notFound: ErrorCode.NO_DOMAIN_CHECKPOINT,
    describers: ['virDomainCheckpointGetName'],
    wrap: (handle, [name]) => new DomainCheckpoint(handle, name as string, domain),
  };
}

/**
 * A domain checkpoint. Holds one libvirt reference, released by `free()`, `await using`, the connection's
 * close, or garbage collection.
 */
export class DomainCheckpoint extends LiveObject {
  /** The handle of the checkpoint's domain, by which it is found again after a reconnect. */
  readonly #domain: Handle;

  /** @internal Checkpoints come from `dom.checkpoints`. */
  constructor(
    handle: Handle,
    /** The checkpoint's name (unique within its domain). */
    readonly name: string,
    domain: Handle,
  ) {
    super(handle, { fn: 'virDomainCheckpointLookupByName', key: name, parent: domain, rest: [0] });
    this.#domain = domain;
  }

  /** The checkpoint's XML (`virDomainCheckpointGetXMLDesc`). */
  async xml(options?: CheckpointXmlOptions): Promise<string> {
    return call(
      'virDomainCheckpointGetXMLDesc',
      this.handle,
      flagsFrom(options, 'checkpoint.xml options', XML),
    );
  }

  /**
   * The checkpoint's typed definition (the XML model's `DomainCheckpointDef`). Reads it with
   * `virDomainCheckpointGetXMLDesc`.
   */
  async definition(options?: CheckpointXmlOptions): Promise<DomainCheckpointDef> {
    return parseDomainCheckpointXml(await this.xml(options));
  }

  /** The parent checkpoint, or undefined for a root (`virDomainCheckpointGetParent`). */
  async parent(): Promise<DomainCheckpoint | undefined> {
    try {
      return await fetchOne(checkpointSpec(this.#domain), 'virDomainCheckpointGetParent', [this.handle, 0]);
    } catch (err) {
      if (isNotFound(err, ErrorCode.NO_DOMAIN_CHECKPOINT)) return undefined;
      throw err;
    }
  }

  /** The direct children (`virDomainCheckpointListAllChildren`); `descendants` for the whole subtree. */
  async children(options?: {
    descendants?: boolean;
    topological?: boolean;
    leaves?: boolean;
    noLeaves?: boolean;
  }): Promise<DomainCheckpoint[]> {
    const flags = flagsFrom(options, 'checkpoint.children options', CHILDREN);
    return fetchAll(checkpointSpec(this.#domain), 'virDomainCheckpointListAllChildren', [this.handle, flags]);
  }

  /** Deletes the checkpoint and its disk bitmaps (`virDomainCheckpointDelete`). */
  async delete(options?: CheckpointDeleteOptions): Promise<void> {
    await call(
      'virDomainCheckpointDelete',
      this.handle,
      flagsFrom(options, 'checkpoint.delete options', DELETE),
    );
  }

  /** `DomainCheckpoint(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `DomainCheckpoint(${this.name})`;
  }
}
