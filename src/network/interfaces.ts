import { ConnectListAllInterfacesFlags, InterfaceDefineFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, type LookupBy, lookup, lookupOrUndefined } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { buildInterfaceXml, type InterfaceDef } from '../xml/interface.js';
import { INTERFACE_SPEC, type Interface } from './interface.js';

/** `hv.interfaces.list(filter)`: `{ active: true }` or `{ inactive: true }`; none (or both) lists all. */
export interface InterfaceFilter {
  /** `VIR_CONNECT_LIST_INTERFACES_ACTIVE`: interfaces that are up. */
  active?: boolean;
  /** `VIR_CONNECT_LIST_INTERFACES_INACTIVE`: interfaces that are down. */
  inactive?: boolean;
}

const FILTERS = {
  active: ConnectListAllInterfacesFlags.ACTIVE,
  inactive: ConnectListAllInterfacesFlags.INACTIVE,
} as const;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** A MAC address is tried as one first, then as a name. */
const BY_NAME_OR_MAC: readonly LookupBy[] = [
  { fn: 'virInterfaceLookupByMACString', accepts: (key) => MAC.test(key) },
  { fn: 'virInterfaceLookupByName' },
];

/**
 * `hv.interfaces`: the host's network interfaces. On Linux hosts libvirt's udev backend only reads them;
 * defining and changing interfaces needs the netcf backend (or the test driver).
 */
export class InterfaceCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** The interfaces, all or those matching `filter` (`virConnectListAllInterfaces`). */
  async list(filter?: InterfaceFilter): Promise<Interface[]> {
    const flags = flagsFrom(filter, 'interface filter', FILTERS);
    return fetchAll(INTERFACE_SPEC, 'virConnectListAllInterfaces', [this.parent, flags]);
  }

  /**
   * The interface with this name or MAC address. Rejects with a LibvirtError whose code is
   * `ErrorCode.NO_INTERFACE` when there is none (`virInterfaceLookupByName`, or `virInterfaceLookupByMACString`
   * for a MAC).
   */
  async get(nameOrMac: string): Promise<Interface> {
    return lookup(INTERFACE_SPEC, this.parent, nameOrMac, BY_NAME_OR_MAC);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such interface (`virInterfaceLookupByName` or
   * `virInterfaceLookupByMACString`).
   */
  async find(nameOrMac: string): Promise<Interface | undefined> {
    return lookupOrUndefined(INTERFACE_SPEC, this.parent, nameOrMac, BY_NAME_OR_MAC);
  }

  /**
   * Defines an interface in the host configuration, not started (`virInterfaceDefineXML`), from a typed
   * definition (e.g. `HostInterfaceBuilder.bridge('br0').member('eth0').build()`) or XML. libvirt's udev
   * backend (Debian's and most Linux builds) only reads interfaces and refuses this with
   * `ErrorCode.NO_SUPPORT`; the netcf backend and the test driver define.
   */
  async define(definition: DefOrXml<InterfaceDef>, options?: { validate?: boolean }): Promise<Interface> {
    const xml = definitionXml(definition, buildInterfaceXml, 'interface definition');
    const flags = flagsFrom(options, 'define options', { validate: InterfaceDefineFlags.VALIDATE });
    return fetchOne(INTERFACE_SPEC, 'virInterfaceDefineXML', [this.parent, xml, flags]);
  }

  /**
   * Snapshots the host's interface configuration so later changes can be undone together
   * (`virInterfaceChangeBegin`); finish with `commitChanges()` or `rollbackChanges()`.
   */
  async beginChanges(): Promise<void> {
    await call('virInterfaceChangeBegin', this.parent, 0);
  }

  /** Keeps the changes made since `beginChanges()` (`virInterfaceChangeCommit`). */
  async commitChanges(): Promise<void> {
    await call('virInterfaceChangeCommit', this.parent, 0);
  }

  /** Restores the configuration saved by `beginChanges()` (`virInterfaceChangeRollback`). */
  async rollbackChanges(): Promise<void> {
    await call('virInterfaceChangeRollback', this.parent, 0);
  }

  /**
   * The names of all interfaces, active ones first (`virConnectListInterfaces`, `virConnectListDefinedInterfaces`).
   * On Linux (libvirt's udev backend) these older lists leave out the loopback device, which `list()` includes.
   */
  async names(): Promise<string[]> {
    const c = this.parent;
    const [active, inactive] = await Promise.all([
      nameList(
        () => call('virConnectNumOfInterfaces', c),
        (max) => call('virConnectListInterfaces', c, max),
      ),
      nameList(
        () => call('virConnectNumOfDefinedInterfaces', c),
        (max) => call('virConnectListDefinedInterfaces', c, max),
      ),
    ]);
    return [...active, ...inactive];
  }

  /**
   * The number of interfaces, up or down (`virConnectNumOfInterfaces` plus `virConnectNumOfDefinedInterfaces`).
   */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfInterfaces', this.parent),
      call('virConnectNumOfDefinedInterfaces', this.parent),
    ]);
    return active + inactive;
  }
}
