import type { Handle } from '../native/handles.js';
import { call, describeAllDomainStats } from '../native/libvirt.js';
import { optionsObject, requireNonEmptyString, requireString } from './checks.js';
import { type DefOrXml, definitionXml } from './definitions.js';
import { Domain } from './domain.js';
import {
  type CreateOptions,
  createFlags,
  type DefineOptions,
  type DomainListFilter,
  defineFlags,
  listFlags,
  type SaveOptions,
  saveFlags,
} from './domain-options.js';
import { type DomainStats, decodeDomainStats, type StatsAllOptions, statsArguments } from './domain-stats.js';
import { ErrorCode } from './errors.js';
import { current } from './live-handles.js';
import { fetchAll, fetchOne, type LookupBy, type LookupSpec, lookup, lookupOrUndefined } from './lookup.js';
import { isUuid } from './values.js';
import { buildDomainXml, type Domain as DomainDefinition } from './xml/index.js';

const DESCRIBERS = ['virDomainGetName', 'virDomainGetUUIDString'] as const;

const SPEC: LookupSpec<Domain> = {
  what: 'domain',
  notFound: ErrorCode.NO_DOMAIN,
  describers: DESCRIBERS,
  wrap: (handle, [name, uuid]) => new Domain(handle, name as string, uuid as string),
};

/** A string that looks like a UUID is tried as one first, then as a name (as virsh does). */
const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virDomainLookupByUUIDString', accepts: isUuid },
  { fn: 'virDomainLookupByName' },
];

/** One domain's entry in `statsAll()`. */
export interface DomainStatsEntry {
  domain: Domain;
  stats: DomainStats;
}

/** `hv.domains`: the domains of one connection. */
export class DomainCollection {
  /** The connection this collection was made with; `#connection` follows it across reconnects. */
  readonly #original: Handle;

  /** @internal */
  constructor(connection: Handle) {
    this.#original = connection;
  }

  get #connection(): Handle {
    return current(this.#original);
  }

  /**
   * The domains, running or not (`virConnectListAllDomains`); `filter` narrows by state, persistence,
   * autostart, managed save, snapshots (`{ running: true }`, `{ autostart: false }`).
   */
  async list(filter?: DomainListFilter): Promise<Domain[]> {
    return fetchAll(SPEC, 'virConnectListAllDomains', [
      this.#connection,
      listFlags(filter, 'domains.list filter'),
    ]);
  }

  /**
   * The domain with this name or UUID. Rejects with a LibvirtError whose code is `ErrorCode.NO_DOMAIN` when
   * there is none.
   */
  get(nameOrUuid: string): Promise<Domain> {
    return lookup(SPEC, this.#connection, nameOrUuid, BY_NAME_OR_UUID);
  }

  /** Like `get`, but resolves `undefined` when there is no such domain. */
  find(nameOrUuid: string): Promise<Domain | undefined> {
    return lookupOrUndefined(SPEC, this.#connection, nameOrUuid, BY_NAME_OR_UUID);
  }

  /** The number of domains (`virConnectNumOfDomains` + `virConnectNumOfDefinedDomains`). */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfDomains', this.#connection),
      call('virConnectNumOfDefinedDomains', this.#connection),
    ]);
    return active + inactive;
  }

  /**
   * Defines a persistent domain, not started (`virDomainDefineXMLFlags`), from the XML model's `Domain`
   * (e.g. `new DomainBuilder(...).build()`) or XML. Redefining an existing name/UUID updates its definition.
   */
  async define(definition: DefOrXml<DomainDefinition>, options?: DefineOptions): Promise<Domain> {
    const xml = definitionXml(definition, buildDomainXml, 'domains.define');
    const flags = defineFlags(options, 'domains.define options');
    return fetchOne(SPEC, 'virDomainDefineXMLFlags', [this.#connection, xml, flags]);
  }

  /** Creates and starts a transient domain, gone once it stops (`virDomainCreateXML`). */
  async create(definition: DefOrXml<DomainDefinition>, options?: CreateOptions): Promise<Domain> {
    const xml = definitionXml(definition, buildDomainXml, 'domains.create');
    const flags = createFlags(options, 'domains.create options');
    return fetchOne(SPEC, 'virDomainCreateXML', [this.#connection, xml, flags]);
  }

  /**
   * Restores a domain saved with `domain.save(path)` (`virDomainRestoreFlags`); `xml` replaces the saved
   * definition (same name and UUID; e.g. a changed disk path).
   */
  async restore(path: string, options?: SaveOptions & { xml?: string }): Promise<void> {
    requireNonEmptyString(path, 'domains.restore path');
    const { xml, ...rest } = optionsObject(options, 'domains.restore options', [
      'bypassCache',
      'running',
      'paused',
      'xml',
    ]);
    const dxml = xml === undefined ? null : requireString(xml, 'domains.restore options.xml');
    await call(
      'virDomainRestoreFlags',
      this.#connection,
      path,
      dxml,
      saveFlags(rest, 'domains.restore options'),
    );
  }

  /**
   * Typed statistics of many domains in one call (`virConnectGetAllDomainStats`): every domain, or those the
   * filter selects, each with its `Domain` object.
   */
  async statsAll(options?: StatsAllOptions): Promise<DomainStatsEntry[]> {
    const [stats, flags] = statsArguments(options, 'domains.statsAll options');
    const records = await describeAllDomainStats(this.#connection, stats, flags, DESCRIBERS);
    return records.map(([record, described]) => ({
      domain: SPEC.wrap(record.dom, described),
      stats: decodeDomainStats(record.params),
    }));
  }
}
