import {
  ConnectGetAllDomainStatsFlags,
  DomainSaveImageXMLFlags,
  DomainStatsTypes,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call, type Describers, describeAllDomainStats, describeEach } from '../../native/libvirt.js';
import type { CreatedFromIso, CreateFromIsoOptions } from '../connection/create-from-iso.js';
import {
  flagsFrom,
  optionsObject,
  requireFileDescriptors,
  requireNonEmptyString,
  requireString,
  requireUint32,
} from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { ErrorCode, ErrorDomain, LibvirtError } from '../core/errors.js';
import { LiveCollection } from '../core/live-object.js';
import {
  fetchAll,
  fetchOne,
  isNotFound,
  type LookupBy,
  type LookupSpec,
  lookup,
  lookupOrUndefined,
} from '../core/lookup.js';
import { type DomainInfo, decodeDomainInfo, isUuid, type RawDomainInfo } from '../core/values.js';
import { buildDomainXml, type DomainDef } from '../xml/index.js';
import { Domain } from './domain.js';
import { saveStateFlags } from './misc.js';
import {
  type CreateOptions,
  createFlags,
  type DefineOptions,
  type DomainListFilter,
  defineFlags,
  listFlags,
  saveFlags,
} from './options.js';
import { type RestoreOptions, saveParams } from './save-params.js';
import { type DomainState, decodeDomainState } from './state.js';
import { type DomainStats, decodeDomainStats, type StatsAllOptions, statsArguments } from './stats.js';
import { withVolumeFormats } from './volume-disk-format.js';

/** The wizard, which spans the families: the Hypervisor passes it in. */
type Wizard = (options: CreateFromIsoOptions) => Promise<CreatedFromIso>;

const DESCRIBERS = ['virDomainGetName', 'virDomainGetUUIDString'] as const;

/** How lookups read a domain's identity and wrap it. */
export const DOMAIN_SPEC: LookupSpec<Domain> = {
  what: 'domain',
  notFound: ErrorCode.NO_DOMAIN,
  describers: DESCRIBERS,
  wrap: (handle, [name, uuid]) => new Domain(handle, name as string, uuid as string),
};

/** A string that looks like a UUID is tried as one first, then as a name (as virsh does). */
const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virDomainLookupByUUIDString', accepts: isUuid },
  { fn: 'virDomainLookupByName' },
  { fn: 'virDomainLookupByUUID', bytes: true },
];

/** One domain's entry in `listWithInfo()`. */
export interface DomainWithInfo {
  /** The domain. */
  domain: Domain;
  /** Its `virDomainGetInfo` answer, read right after the listing. */
  info: DomainInfo;
}

/** One domain's entry in `listWithState()`. */
export interface DomainWithState {
  /** The domain. */
  domain: Domain;
  /** Its state and reason (`virDomainGetState`), read right after the listing. */
  state: DomainState;
}

/**
 * A bulk listing is retried this many times when a guest listed went away before its getter ran on the worker
 * (the getter fails with NO_DOMAIN and the whole listing with it); each try is one round trip.
 */
const VANISHED_RETRIES = 3;

/** The listing filters `virConnectGetAllDomainStats` takes too (state and persistence; same values). */
const F = ConnectGetAllDomainStatsFlags;
const STATS_LIST_FLAGS =
  F.ACTIVE | F.INACTIVE | F.PERSISTENT | F.TRANSIENT | F.RUNNING | F.PAUSED | F.SHUTOFF | F.OTHER;

/** One domain's entry in `statsAll()`. */
export interface DomainStatsEntry {
  /** The domain. */
  domain: Domain;
  /** Its statistics. */
  stats: DomainStats;
}

/** `hv.domains`: the domains of one connection. */
export class DomainCollection extends LiveCollection {
  readonly #wizard: Wizard | undefined;

  /** @internal */
  constructor(connection: Handle, wizard?: Wizard) {
    super(connection);
    this.#wizard = wizard;
  }

  /**
   * virt-manager's New VM wizard in one call: the OS detected from the ISO (or given), the host's defaults
   * (`DomainBuilder.os().forHost()`), a disk volume in `pool` (`virStorageVolCreateXML`: qcow2 in file-backed
   * pools, else raw), the definition (`virDomainDefineXMLFlags`) with the ISO as CD-ROM and a NIC on `network`,
   * then the start (`virDomainCreateWithFlags`), paused by default. A failing step (or the signal) undoes what
   * was created, newest first.
   */
  createFromIso(options: CreateFromIsoOptions): Promise<CreatedFromIso> {
    if (!this.#wizard) throw new TypeError('domains.createFromIso needs the collection of a Hypervisor');
    return this.#wizard(options);
  }

  /**
   * The domains, running or not (`virConnectListAllDomains`); `filter` narrows by state, persistence,
   * autostart, managed save, snapshots (`{ running: true }`, `{ autostart: false }`).
   */
  async list(filter?: DomainListFilter): Promise<Domain[]> {
    return fetchAll(DOMAIN_SPEC, 'virConnectListAllDomains', [
      this.parent,
      listFlags(filter, 'domains.list filter'),
    ]);
  }

  /**
   * `list()` with each domain's `info()` (state, memory, vCPUs, CPU time), read on the worker right after the
   * listing: one round trip for any number of domains, where `list()` then `info()` on each takes one per
   * domain. The dashboard's call (`virConnectListAllDomains`, then `virDomainGetInfo` on each).
   */
  async listWithInfo(filter?: DomainListFilter): Promise<DomainWithInfo[]> {
    const flags = listFlags(filter, 'domains.listWithInfo filter');
    return this.#listWith(flags, 'virDomainGetInfo', (domain, raw) => ({
      domain,
      info: decodeDomainInfo(raw as RawDomainInfo),
    }));
  }

  /**
   * `list()` with each domain's `state()` (state and reason, by name), in one round trip like `listWithInfo`.
   * Where the driver has bulk stats (qemu, test) and the filter is by state or persistence only, the states
   * come from one `virConnectGetAllDomainStats(STATE)`: one RPC to libvirtd for all guests instead of one each.
   */
  async listWithState(filter?: DomainListFilter): Promise<DomainWithState[]> {
    const flags = listFlags(filter, 'domains.listWithState filter');
    if ((flags & ~STATS_LIST_FLAGS) === 0) {
      try {
        const records = await describeAllDomainStats(this.parent, DomainStatsTypes.STATE, flags, DESCRIBERS);
        return await Promise.all(
          records.map(async ([record, described]) => {
            const domain = DOMAIN_SPEC.wrap(record.dom, described);
            return { domain, state: decodeDomainStats(record.params).state ?? (await domain.state()) };
          }),
        );
      } catch (err) {
        if (!(err instanceof LibvirtError && err.code === ErrorCode.NO_SUPPORT)) throw err;
      }
    }
    return this.#listWith(flags, 'virDomainGetState', (domain, raw) => {
      const { state, reason } = raw as { state: number; reason: number };
      return { domain, state: decodeDomainState(state, reason) };
    });
  }

  async #listWith<T>(
    flags: number,
    getter: Describers[number],
    entry: (domain: Domain, raw: unknown) => T,
  ): Promise<T[]> {
    const describers = [...DESCRIBERS, getter];
    for (let attempt = 1; ; attempt++) {
      try {
        const found = await describeEach('virConnectListAllDomains', [this.parent, flags], describers);
        return found.map(([handle, [name, uuid, raw]]) => entry(DOMAIN_SPEC.wrap(handle, [name, uuid]), raw));
      } catch (err) {
        // The worker released every reference of the failed listing; list again without the vanished guest.
        if (attempt >= VANISHED_RETRIES || !isNotFound(err, ErrorCode.NO_DOMAIN)) throw err;
      }
    }
  }

  /**
   * The domain with this name or UUID (a string, or libvirt's 16 raw bytes). Rejects with a LibvirtError whose
   * code is `ErrorCode.NO_DOMAIN` when there is none. Tries `virDomainLookupByUUIDString` for a UUID,
   * `virDomainLookupByName`, and `virDomainLookupByUUID` for raw bytes.
   */
  get(nameOrUuid: string | Uint8Array): Promise<Domain> {
    return lookup(DOMAIN_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such domain (`virDomainLookupByName`,
   * `virDomainLookupByUUIDString` or `virDomainLookupByUUID`).
   */
  find(nameOrUuid: string | Uint8Array): Promise<Domain | undefined> {
    return lookupOrUndefined(DOMAIN_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /** The number of domains (`virConnectNumOfDomains` + `virConnectNumOfDefinedDomains`). */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfDomains', this.parent),
      call('virConnectNumOfDefinedDomains', this.parent),
    ]);
    return active + inactive;
  }

  /**
   * Defines a persistent domain, not started (`virDomainDefineXMLFlags`), from the XML model's `Domain`
   * (e.g. `new DomainBuilder(...).build()`) or XML. Redefining an existing name/UUID updates its definition.
   */
  async define(definition: DefOrXml<DomainDef>, options?: DefineOptions): Promise<Domain> {
    // A disk on a storage volume gets the volume's format (a qcow2 volume read as raw is data loss).
    const xml = await withVolumeFormats(
      this.parent,
      definitionXml(definition, buildDomainXml, 'domains.define'),
    );
    const flags = defineFlags(options, 'domains.define options');
    // Without options the original call, which every driver and libvirt version has.
    if (options === undefined) return fetchOne(DOMAIN_SPEC, 'virDomainDefineXML', [this.parent, xml]);
    return fetchOne(DOMAIN_SPEC, 'virDomainDefineXMLFlags', [this.parent, xml, flags]);
  }

  /**
   * Creates and starts a transient domain, gone once it stops (`virDomainCreateXML`). `files`: file
   * descriptors of this process handed to it as it starts (`virDomainCreateXMLWithFiles`); libvirt duplicates
   * them, they stay yours to close.
   */
  async create(
    definition: DefOrXml<DomainDef>,
    options?: CreateOptions & { files?: number[] },
  ): Promise<Domain> {
    const xml = await withVolumeFormats(
      this.parent,
      definitionXml(definition, buildDomainXml, 'domains.create'),
    );
    if (options !== null && typeof options === 'object' && 'files' in options) {
      const { files, ...rest } = options;
      const fds = requireFileDescriptors(files, 'domains.create files');
      const flags = createFlags(rest, 'domains.create options');
      return fetchOne(DOMAIN_SPEC, 'virDomainCreateXMLWithFiles', [this.parent, xml, fds, flags]);
    }
    const flags = createFlags(options, 'domains.create options');
    return fetchOne(DOMAIN_SPEC, 'virDomainCreateXML', [this.parent, xml, flags]);
  }

  /** The running domain with this hypervisor ID (`virDomainLookupByID`); NO_DOMAIN when there is none. */
  async getById(id: number): Promise<Domain> {
    requireUint32(id, 'domains.getById id');
    return fetchOne(DOMAIN_SPEC, 'virDomainLookupByID', [this.parent, id]);
  }

  /** The definition stored in a save image made by `domain.save(path)` (`virDomainSaveImageGetXMLDesc`). */
  async saveImageXml(path: string, options?: { secure?: boolean }): Promise<string> {
    requireNonEmptyString(path, 'domains.saveImageXml path');
    const flags = flagsFrom(options, 'domains.saveImageXml options', {
      secure: DomainSaveImageXMLFlags.SECURE,
    });
    return call('virDomainSaveImageGetXMLDesc', this.parent, path, flags);
  }

  /**
   * Replaces the definition in a save image (same name and UUID), optionally changing the state it restores
   * in (`virDomainSaveImageDefineXML`).
   */
  async defineSaveImageXml(
    path: string,
    xml: string,
    options?: { running?: boolean; paused?: boolean },
  ): Promise<void> {
    requireNonEmptyString(path, 'domains.defineSaveImageXml path');
    requireNonEmptyString(xml, 'domains.defineSaveImageXml xml');
    const flags = saveStateFlags(options, 'domains.defineSaveImageXml options');
    await call('virDomainSaveImageDefineXML', this.parent, path, xml, flags);
  }

  /**
   * Restores a domain saved with `domain.save(path)`: `virDomainRestore` without options,
   * `virDomainRestoreFlags` with them; `xml` replaces the saved definition (same name and UUID; e.g. a changed
   * disk path); `params` adds typed save parameters of newer libvirt (`virDomainRestoreParams`).
   */
  async restore(path: string, options?: RestoreOptions): Promise<void> {
    requireNonEmptyString(path, 'domains.restore path');
    const { xml, params, ...rest } = optionsObject(options, 'domains.restore options', [
      'bypassCache',
      'running',
      'paused',
      'xml',
      'params',
    ]);
    const dxml = xml === undefined ? null : requireString(xml, 'domains.restore options.xml');
    if (options === undefined) {
      await call('virDomainRestore', this.parent, path);
      return;
    }
    if (params !== undefined) {
      const typed = saveParams(path, dxml, params, 'domains.restore options.params');
      const flags = saveFlags(rest, 'domains.restore options');
      await call('virDomainRestoreParams', this.parent, typed, flags);
      return;
    }
    await call('virDomainRestoreFlags', this.parent, path, dxml, saveFlags(rest, 'domains.restore options'));
  }

  /**
   * Typed statistics of many domains in one call (`virConnectGetAllDomainStats`): every domain, or those the
   * filter selects, each with its `Domain` object. libvirt fails the whole call when a guest's QEMU exits while
   * it is queried; that call is repeated (at most 3 times in all), and if guests keep
   * exiting, the domains are asked one by one instead, so one guest stopping never fails the whole answer.
   */
  async statsAll(options?: StatsAllOptions): Promise<DomainStatsEntry[]> {
    const [stats, flags] = statsArguments(options, 'domains.statsAll options');
    for (let attempt = 1; attempt <= STATS_ATTEMPTS; attempt++) {
      try {
        const records = await describeAllDomainStats(this.parent, stats, flags, DESCRIBERS);
        return records.map(([record, described]) => ({
          domain: DOMAIN_SPEC.wrap(record.dom, described),
          stats: decodeDomainStats(record.params),
        }));
      } catch (error) {
        if (!isGuestExit(error)) throw error;
      }
    }
    return statsOneByOne(this, options);
  }
}

/** How many bulk queries `statsAll()` makes before it asks domain by domain (and how often it asks each). */
export const STATS_ATTEMPTS = 3;

/**
 * True for the failures `virConnectGetAllDomainStats` reports when one guest's QEMU exits mid-query ("End of file
 * from qemu monitor", "Unable to read from monitor", "domain is not running"): raised by the QEMU driver, not
 * the connection.
 */
function isGuestExit(error: unknown): boolean {
  return (
    error instanceof LibvirtError &&
    !error.connectionClosed &&
    error.domain === ErrorDomain.QEMU &&
    (error.code === ErrorCode.INTERNAL_ERROR ||
      error.code === ErrorCode.SYSTEM_ERROR ||
      error.code === ErrorCode.OPERATION_INVALID ||
      error.code === ErrorCode.OPERATION_FAILED)
  );
}

/**
 * @internal `statsAll()` when guests kept exiting during every bulk query (a host where guests stop all the
 * time): the domains, then each one's stats on its own (`virDomainListGetStats`). A guest that exits while it is
 * asked is asked again (its state is all there is then); one that has gone away by then is left out.
 */
export async function statsOneByOne(
  domains: Pick<DomainCollection, 'list'>,
  options?: StatsAllOptions,
): Promise<DomainStatsEntry[]> {
  const { filter, ...perDomain } = options ?? {};
  const entries: DomainStatsEntry[] = [];
  for (const domain of await domains.list(filter)) {
    for (let attempt = 1; ; attempt++) {
      try {
        entries.push({ domain, stats: await domain.stats(perDomain) });
        break;
      } catch (error) {
        if (isNotFound(error, ErrorCode.NO_DOMAIN)) break;
        if (attempt >= STATS_ATTEMPTS || !isGuestExit(error)) throw error;
      }
    }
  }
  return entries;
}
