/** One network filter (`hv.nwfilters`): ebtables/iptables rules libvirt applies to guest interfaces. */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { ErrorCode } from '../core/errors.js';
import { current, trackObject } from '../core/live-handles.js';
import type { LookupSpec } from '../core/lookup.js';

/** How filters become objects: one round trip also reads name and UUID. */
export const NWFILTER_SPEC: LookupSpec<NWFilter> = {
  what: 'network filter',
  notFound: ErrorCode.NO_NWFILTER,
  describers: ['virNWFilterGetName', 'virNWFilterGetUUIDString'],
  wrap: (handle, [name, uuid]) => new NWFilter(handle, name as string, uuid as string),
};

/**
 * A network filter. Holds one libvirt reference, released by `free()`, `await using`, the connection's
 * `close()`, or garbage collection. The XML model has no nwfilter kind yet: definitions are XML.
 */
export class NWFilter {
  /** The handle this object was made with; `#handle` follows its replacement after a reconnect. */
  readonly #original: Handle;

  get #handle(): Handle {
    return current(this.#original);
  }

  /** @internal Filters come from `hv.nwfilters`. */
  constructor(
    handle: Handle,
    readonly name: string,
    readonly uuid: string,
  ) {
    this.#original = handle;
    trackObject(handle, 'virNWFilterLookupByUUIDString', uuid);
  }

  /** The filter's XML (`virNWFilterGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virNWFilterGetXMLDesc', this.#handle, 0);
  }

  /** Removes the filter's definition (`virNWFilterUndefine`); libvirt refuses while a filter or port uses it. */
  async undefine(): Promise<void> {
    await call('virNWFilterUndefine', this.#handle);
  }

  get freed(): boolean {
    return this.#handle.freed;
  }

  /** Releases the libvirt reference (not the filter). Idempotent. */
  async free(): Promise<void> {
    await this.#handle.free();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }

  toString(): string {
    return `NWFilter(${this.name})`;
  }
}
