import { InterfaceXMLFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom } from '../core/checks.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { type InterfaceDef, parseInterfaceXml } from '../xml/interface.js';

/**
 * A host network interface as libvirt's interface driver sees it (`eth0`, a bridge, a bond). Holds one libvirt
 * reference, released by `free()`, `await using`, the connection's `close()`, or garbage collection.
 * `definition()` gives its document typed by the XML model (`InterfaceDef`), `xml()` as a string.
 */
export class Interface extends LiveObject {
  /** @internal Interfaces come from `hv.interfaces`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The interface's name, e.g. `eth0`. */
    readonly name: string,
    /** Its MAC address (empty for interfaces without one). */
    readonly mac: string,
  ) {
    super(handle, { fn: 'virInterfaceLookupByName', key: name });
  }

  /** Brings the interface up as defined (`virInterfaceCreate`). */
  async start(): Promise<void> {
    await call('virInterfaceCreate', this.handle, 0);
  }

  /** Brings the interface down (`virInterfaceDestroy`). */
  async stop(): Promise<void> {
    await call('virInterfaceDestroy', this.handle, 0);
  }

  /** Removes the interface's definition from the host configuration (`virInterfaceUndefine`). */
  async undefine(): Promise<void> {
    await call('virInterfaceUndefine', this.handle);
  }

  /** Whether the interface is up (`virInterfaceIsActive`). */
  async isActive(): Promise<boolean> {
    return (await call('virInterfaceIsActive', this.handle)) === 1;
  }

  /** The interface's XML (`virInterfaceGetXMLDesc`); `inactive: true` gives the configuration, not live state. */
  async xml(options?: { inactive?: boolean }): Promise<string> {
    const flags = flagsFrom(options, 'xml options', { inactive: InterfaceXMLFlags.INACTIVE });
    return call('virInterfaceGetXMLDesc', this.handle, flags);
  }

  /** The interface's definition, typed by the XML model; `inactive: true` gives the configuration. Reads it with `virInterfaceGetXMLDesc`. */
  async definition(options?: { inactive?: boolean }): Promise<InterfaceDef> {
    return parseInterfaceXml(await this.xml(options));
  }

  /** `Interface(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `Interface(${this.name})`;
  }
}

/** How lookups read an interface's identity and wrap it. */
export const INTERFACE_SPEC: LookupSpec<Interface> = {
  what: 'interface',
  notFound: ErrorCode.NO_INTERFACE,
  describers: ['virInterfaceGetName', 'virInterfaceGetMACString'],
  wrap: (handle, [name, mac]) => new Interface(handle, name as string, mac as string),
};
