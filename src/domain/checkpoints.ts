/** `dom.checkpoints` (create, list, get, find) and `dom.backup` (begin a push/pull backup, read its XML). */
import {
  DomainBackupBeginFlags,
  DomainCheckpointCreateFlags,
  DomainCheckpointListFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type FlagTable, flagsFrom, requireNonEmptyString } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { ErrorCode } from '../core/errors.js';
import { LiveCollection } from '../core/live-object.js';
import { adoptChild, fetchAll, fetchOne, isNotFound } from '../core/lookup.js';
import {
  buildDomainBackupXml,
  buildDomainCheckpointXml,
  type DomainBackupDef,
  type DomainCheckpointDef,
  parseDomainBackupXml,
} from '../xml/index.js';
import { checkpointSpec, type DomainCheckpoint } from './checkpoint.js';
import { domainUuidIn } from './snapshots.js';

/** `dom.checkpoints.create()` options (`virDomainCheckpointCreateFlags`). */
export interface CheckpointCreateOptions {
  /** Restore metadata of an existing checkpoint from its XML. */
  redefine?: boolean;
  /** With `redefine`: check the disk bitmaps exist. */
  redefineValidate?: boolean;
  /** Freeze guest filesystems through the guest agent first. */
  quiesce?: boolean;
}

/** `dom.checkpoints.list()` filter (`virDomainCheckpointListFlags`). */
export interface CheckpointListFilter {
  /** `VIR_DOMAIN_CHECKPOINT_LIST_ROOTS`: only checkpoints without a parent. */
  roots?: boolean;
  /** `VIR_DOMAIN_CHECKPOINT_LIST_LEAVES`: only checkpoints without children. */
  leaves?: boolean;
  /** `VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES`: only checkpoints with children. */
  noLeaves?: boolean;
  /** Parents before children. */
  topological?: boolean;
}

const CREATE: FlagTable = {
  redefine: DomainCheckpointCreateFlags.REDEFINE,
  redefineValidate: DomainCheckpointCreateFlags.REDEFINE_VALIDATE,
  quiesce: DomainCheckpointCreateFlags.QUIESCE,
};
const LIST: FlagTable = {
  roots: DomainCheckpointListFlags.ROOTS,
  leaves: DomainCheckpointListFlags.LEAVES,
  noLeaves: DomainCheckpointListFlags.NO_LEAVES,
  topological: DomainCheckpointListFlags.TOPOLOGICAL,
};

/** `dom.checkpoints`: the checkpoints of one domain. */
export class DomainCheckpointCollection extends LiveCollection {
  /** @internal */
  constructor(domain: () => Handle) {
    super(domain);
  }

  /**
   * Creates a checkpoint (`virDomainCheckpointCreateXML`) from the XML model's `DomainCheckpoint` (`{ name,
   * description, disks }`) or XML; `{}` lets libvirt name it and cover every disk.
   */
  async create(
    definition: DefOrXml<DomainCheckpointDef> = {},
    options?: CheckpointCreateOptions,
  ): Promise<DomainCheckpoint> {
    const xml = definitionXml(definition, buildDomainCheckpointXml, 'checkpoints.create');
    const flags = flagsFrom(options, 'checkpoints.create options', CREATE);
    return fetchOne(checkpointSpec(this.parent), 'virDomainCheckpointCreateXML', [this.parent, xml, flags]);
  }

  /** The domain's checkpoints (`virDomainListAllCheckpoints`). */
  async list(filter?: CheckpointListFilter): Promise<DomainCheckpoint[]> {
    const flags = flagsFrom(filter, 'checkpoints.list filter', LIST);
    return fetchAll(checkpointSpec(this.parent), 'virDomainListAllCheckpoints', [this.parent, flags]);
  }

  /**
   * The checkpoint with this name; rejects with `ErrorCode.NO_DOMAIN_CHECKPOINT` when there is none
   * (`virDomainCheckpointLookupByName`).
   */
  async get(name: string): Promise<DomainCheckpoint> {
    requireNonEmptyString(name, 'checkpoint name');
    return fetchOne(checkpointSpec(this.parent), 'virDomainCheckpointLookupByName', [this.parent, name, 0]);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such checkpoint (`virDomainCheckpointLookupByName`).
   */
  async find(name: string): Promise<DomainCheckpoint | undefined> {
    return this.get(name).catch((err: unknown) => {
      if (isNotFound(err, ErrorCode.NO_DOMAIN_CHECKPOINT)) return undefined;
      throw err;
    });
  }

  /**
   * Wraps a checkpoint handle of this domain that `libvirt-ts/raw`'s `call()` returned into a DomainCheckpoint
   * with a reference of its own (`virDomainCheckpointRef`): `handle` stays yours to free. A checkpoint of
   * another domain or connection is a TypeError.
   */
  async fromRaw(handle: Handle): Promise<DomainCheckpoint> {
    const parent = this.parent;
    return adoptChild(
      checkpointSpec(parent),
      handle,
      'checkpoint',
      'virDomainCheckpointRef',
      parent,
      async (own) => {
        const xml = await call('virDomainCheckpointGetXMLDesc', own, 0);
        return domainUuidIn(xml) === (await call('virDomainGetUUIDString', parent));
      },
    );
  }
}

/** `dom.backup`: libvirt's backup job of a running domain (one at a time). */
export class DomainBackup {
  readonly #handle: () => Handle;

  /** @internal */
  constructor(domain: () => Handle) {
    this.#handle = domain;
  }

  /**
   * Starts a backup job (`virDomainBackupBegin`) from a typed `DomainBackupDef` (e.g. `{ mode: 'pull', server:
   * { transport: 'unix', socket }, disks: { disks: [{ name: 'vda', backup: true, type: 'file', scratch: { file } }]
   * } }`) or `<domainbackup>` XML, creating a checkpoint at the same instant when `checkpoint` is given (typed or
   * XML). The job shows in `dom.jobs` and ends on its own (push) or with `dom.jobs.abort()` (pull).
   */
  async begin(
    backup: DefOrXml<DomainBackupDef>,
    checkpoint?: DefOrXml<DomainCheckpointDef>,
    options?: { reuseExternal?: boolean },
  ): Promise<void> {
    const xml = definitionXml(backup, buildDomainBackupXml, 'backup.begin backup');
    const checkpointXml =
      checkpoint === undefined
        ? null
        : definitionXml(checkpoint, buildDomainCheckpointXml, 'backup.begin checkpoint');
    const flags = flagsFrom(options, 'backup.begin options', {
      reuseExternal: DomainBackupBeginFlags.EXTERNAL,
    });
    await call('virDomainBackupBegin', this.#handle(), xml, checkpointXml, flags);
  }

  /** The running backup job's XML, with the defaults libvirt filled in (`virDomainBackupGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virDomainBackupGetXMLDesc', this.#handle(), 0);
  }

  /**
   * The running backup job's definition with libvirt's defaults (server port, export names), typed. Reads it
   * with `virDomainBackupGetXMLDesc`.
   */
  async definition(): Promise<DomainBackupDef> {
    return parseDomainBackupXml(await this.xml());
  }
}
