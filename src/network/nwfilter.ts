/** One network filter (`hv.nwfilters`): ebtables/iptables rules libvirt applies to guest interfaces. */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { type NWFilterDef, parseNWFilterXml } from '../xml/nwfilter.js';

/** How filters become objects: one round trip also reads name and UUID. */
export const NWFILTER_SPEC: LookupSpec<NWFilter> = {
  what: 'network filter',
  notFound: ErrorCode.NO_NWFILTER,
  describers: ['virNWFilterGetName', 'virNWFilterGetUUIDString'],
  wrap: (handle, [name, uuid]) => new NWFilter(handle, name as string, uuid as string),
};

/**
 * A network filter. Holds one libvirt reference, released by `free()`, `await using`, the connection's
 * `close()`, or garbage collection. `definition()` gives its rules typed by the XML model (`NWFilterDef`).
 */
export class NWFilter extends LiveObject {
  /** @internal Filters come from `hv.nwfilters`. */
  constructor(
    handle: Handle,
    /** The filter's name at the time it was looked up. */
    readonly name: string,
    /** The filter's UUID. */
    readonly uuid: string,
  ) {
    super(handle, { fn: 'virNWFilterLookupByUUIDString', key: uuid });
  }

  /** The filter's XML (`virNWFilterGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virNWFilterGetXMLDesc', this.handle, 0);
  }

  /**
   * The filter's definition (name, chain, priority, filterrefs, rules), typed by the XML model. Reads it with
   * `virNWFilterGetXMLDesc`.
   */
  async definition(): Promise<NWFilterDef> {
    return parseNWFilterXml(await this.xml());
  }

  /** Removes the filter's definition (`virNWFilterUndefine`); libvirt refuses while a filter or port uses it. */
  async undefine(): Promise<void> {
    await call('virNWFilterUndefine', this.handle);
  }

  /** `NWFilter(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `NWFilter(${this.name})`;
  }
}
