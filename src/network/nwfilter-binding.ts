/** One network filter binding (`hv.nwfilterBindings`): a filter applied to one host-side port device. */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { type NWFilterBindingDef, parseNWFilterBindingXml } from '../xml/nwfilter-binding.js';

/** How bindings become objects: one round trip also reads the port device and the filter's name. */
export const NWFILTER_BINDING_SPEC: LookupSpec<NWFilterBinding> = {
  what: 'network filter binding',
  notFound: ErrorCode.NO_NWFILTER_BINDING,
  describers: ['virNWFilterBindingGetPortDev', 'virNWFilterBindingGetFilterName'],
  wrap: (handle, [portDev, filterName]) =>
    new NWFilterBinding(handle, portDev as string, filterName as string),
};

/**
 * A filter bound to a port (libvirt makes one for each guest interface with a `<filterref>`). Holds one
 * libvirt reference, released by `free()`, `await using`, the connection's `close()`, or garbage collection.
 */
export class NWFilterBinding extends LiveObject {
  /** @internal Bindings come from `hv.nwfilterBindings`. */
  constructor(
    handle: Handle,
    /** The host-side port device, e.g. "vnet0". */
    readonly portDev: string,
    /** The name of the filter applied. */
    readonly filterName: string,
  ) {
    super(handle, { fn: 'virNWFilterBindingLookupByPortDev', key: portDev });
  }

  /** The binding's XML (`virNWFilterBindingGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virNWFilterBindingGetXMLDesc', this.handle, 0);
  }

  /**
   * The binding's definition (owner, port, MAC, filter and parameters), typed by the XML model. Reads it with
   * `virNWFilterBindingGetXMLDesc`.
   */
  async definition(): Promise<NWFilterBindingDef> {
    return parseNWFilterBindingXml(await this.xml());
  }

  /** Removes the binding, and with it the filter rules on the port (`virNWFilterBindingDelete`). */
  async delete(): Promise<void> {
    await call('virNWFilterBindingDelete', this.handle);
  }

  /** `NWFilterBinding(port → filter)`, for logs; no libvirt call. */
  override toString(): string {
    return `NWFilterBinding(${this.portDev} → ${this.filterName})`;
  }
}
