/** `hv.nwfilters` (network filters) and `hv.nwfilterBindings` (filters applied to ports). */
import { NWFilterBindingCreateFlags, NWFilterDefineFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, requireNonEmptyString } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { LiveCollection } from '../core/live-object.js';
import {
  fetchAll,
  fetchOne,
  type LookupBy,
  type LookupKey,
  lookup,
  lookupOrUndefined,
} from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { isUuid } from '../core/values.js';
import { buildNWFilterXml, type NWFilterDef } from '../xml/nwfilter.js';
import { buildNWFilterBindingXml, type NWFilterBindingDef } from '../xml/nwfilter-binding.js';
import { NWFILTER_SPEC, type NWFilter } from './nwfilter.js';
import { NWFILTER_BINDING_SPEC, type NWFilterBinding } from './nwfilter-binding.js';

const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virNWFilterLookupByUUIDString', accepts: isUuid },
  { fn: 'virNWFilterLookupByName' },
  { fn: 'virNWFilterLookupByUUID', bytes: true },
];
const BY_PORT: readonly LookupBy[] = [{ fn: 'virNWFilterBindingLookupByPortDev' }];

/** `hv.nwfilters`: the network filters of one connection. */
export class NWFilterCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** Every filter (`virConnectListAllNWFilters`). */
  async list(): Promise<NWFilter[]> {
    return fetchAll(NWFILTER_SPEC, 'virConnectListAllNWFilters', [this.parent, 0]);
  }

  /**
   * The filter with this name or UUID (string or 16 raw bytes); rejects with `ErrorCode.NO_NWFILTER`
   * (`virNWFilterLookupByUUIDString`, `virNWFilterLookupByName`, or `virNWFilterLookupByUUID` for bytes).
   */
  async get(nameOrUuid: LookupKey): Promise<NWFilter> {
    return lookup(NWFILTER_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such filter (`virNWFilterLookupByName`,
   * `virNWFilterLookupByUUIDString` or `virNWFilterLookupByUUID`).
   */
  async find(nameOrUuid: LookupKey): Promise<NWFilter | undefined> {
    return lookupOrUndefined(NWFILTER_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Defines (or redefines) a filter (`virNWFilterDefineXML[Flags]`) from a typed definition (e.g.
   * `new NWFilterBuilder('web').rule('accept', 'in', 'tcp', { dstportstart: 443 }).build()`) or `<filter>` XML.
   */
  async define(definition: DefOrXml<NWFilterDef>, options?: { validate?: boolean }): Promise<NWFilter> {
    const xml = definitionXml(definition, buildNWFilterXml, 'nwfilters.define definition');
    const flags = flagsFrom(options, 'nwfilters.define options', { validate: NWFilterDefineFlags.VALIDATE });
    // Without flags, the original call: it also works with libvirt before 7.7, which lacks the Flags variant.
    if (flags === 0) return fetchOne(NWFILTER_SPEC, 'virNWFilterDefineXML', [this.parent, xml]);
    return fetchOne(NWFILTER_SPEC, 'virNWFilterDefineXMLFlags', [this.parent, xml, flags]);
  }

  /** The filters' names, with no objects to free (`virConnectListNWFilters`). */
  async names(): Promise<string[]> {
    const c = this.parent;
    return nameList(
      () => call('virConnectNumOfNWFilters', c),
      (max) => call('virConnectListNWFilters', c, max),
    );
  }

  /** The number of filters (`virConnectNumOfNWFilters`). */
  async count(): Promise<number> {
    return call('virConnectNumOfNWFilters', this.parent);
  }
}

/** `hv.nwfilterBindings`: the filters applied to host-side ports, keyed by port device. */
export class NWFilterBindingCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** Every binding (`virConnectListAllNWFilterBindings`). */
  async list(): Promise<NWFilterBinding[]> {
    return fetchAll(NWFILTER_BINDING_SPEC, 'virConnectListAllNWFilterBindings', [this.parent, 0]);
  }

  /**
   * The binding on this port device ("vnet0"); rejects with `ErrorCode.NO_NWFILTER_BINDING`
   * (`virNWFilterBindingLookupByPortDev`).
   */
  async get(portDev: string): Promise<NWFilterBinding> {
    return lookup(NWFILTER_BINDING_SPEC, this.parent, requirePortDev(portDev), BY_PORT);
  }

  /**
   * Like `get`, but resolves `undefined` when the port has no binding (`virNWFilterBindingLookupByPortDev`).
   */
  async find(portDev: string): Promise<NWFilterBinding | undefined> {
    return lookupOrUndefined(NWFILTER_BINDING_SPEC, this.parent, requirePortDev(portDev), BY_PORT);
  }

  /**
   * Applies a filter to a port (`virNWFilterBindingCreateXML`) from a typed definition (`{ owner, portdev, mac,
   * filterref }`) or `<filterbinding>` XML.
   */
  async create(
    definition: DefOrXml<NWFilterBindingDef>,
    options?: { validate?: boolean },
  ): Promise<NWFilterBinding> {
    const xml = definitionXml(definition, buildNWFilterBindingXml, 'nwfilterBindings.create definition');
    const flags = flagsFrom(options, 'nwfilterBindings.create options', {
      validate: NWFilterBindingCreateFlags.VALIDATE,
    });
    return fetchOne(NWFILTER_BINDING_SPEC, 'virNWFilterBindingCreateXML', [this.parent, xml, flags]);
  }
}

function requirePortDev(value: unknown): string {
  return requireNonEmptyString(value, 'network filter binding port device');
}
