import {
  ConnectListAllNetworksFlags,
  NetworkCreateFlags,
  NetworkDefineFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { LiveCollection } from '../core/live-object.js';
import { fetchAll, fetchOne, type LookupBy, lookup, lookupOrUndefined } from '../core/lookup.js';
import { nameList } from '../core/name-lists.js';
import { isUuid } from '../core/values.js';
import { buildNetworkXml, type NetworkDef } from '../xml/network/network.js';
import { NETWORK_SPEC, type Network } from './network.js';

/**
 * `hv.networks.list(filter)`: each `true` narrows the list (flags of one group, such as active/inactive, are
 * alternatives, as in libvirt); `autostart` selects by presence (`true`) or absence (`false`).
 */
export interface NetworkFilter {
  /** `VIR_CONNECT_LIST_NETWORKS_ACTIVE`: running networks. */
  active?: boolean;
  /** `VIR_CONNECT_LIST_NETWORKS_INACTIVE`: networks that are not running. */
  inactive?: boolean;
  /** `VIR_CONNECT_LIST_NETWORKS_PERSISTENT`: networks with a persistent definition. */
  persistent?: boolean;
  /** `VIR_CONNECT_LIST_NETWORKS_TRANSIENT`: networks without one. */
  transient?: boolean;
  /** `true`: networks that autostart (`VIR_CONNECT_LIST_NETWORKS_AUTOSTART`); `false`: those that do not. */
  autostart?: boolean;
}

const FILTERS = {
  active: ConnectListAllNetworksFlags.ACTIVE,
  inactive: ConnectListAllNetworksFlags.INACTIVE,
  persistent: ConnectListAllNetworksFlags.PERSISTENT,
  transient: ConnectListAllNetworksFlags.TRANSIENT,
  autostart: [ConnectListAllNetworksFlags.AUTOSTART, ConnectListAllNetworksFlags.NO_AUTOSTART],
} as const;

/** A string that looks like a UUID is tried as one first, then as a name (as virsh does). */
const BY_NAME_OR_UUID: readonly LookupBy[] = [
  { fn: 'virNetworkLookupByUUIDString', accepts: isUuid },
  { fn: 'virNetworkLookupByName' },
  { fn: 'virNetworkLookupByUUID', bytes: true },
];

/** `hv.networks`: the virtual networks of one connection. */
export class NetworkCollection extends LiveCollection {
  /** @internal */
  constructor(connection: Handle) {
    super(connection);
  }

  /** The networks, all or those matching `filter` (`virConnectListAllNetworks`). */
  async list(filter?: NetworkFilter): Promise<Network[]> {
    const flags = flagsFrom(filter, 'network filter', FILTERS);
    return fetchAll(NETWORK_SPEC, 'virConnectListAllNetworks', [this.parent, flags]);
  }

  /**
   * The network with this name or UUID (a string, or libvirt's 16 raw bytes). Rejects with a LibvirtError whose code is `ErrorCode.NO_NETWORK` when
   * there is none (`virNetworkLookupByUUIDString`, `virNetworkLookupByName`, or `virNetworkLookupByUUID` for
   * bytes).
   */
  async get(nameOrUuid: string | Uint8Array): Promise<Network> {
    return lookup(NETWORK_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such network (`virNetworkLookupByName`,
   * `virNetworkLookupByUUIDString` or `virNetworkLookupByUUID`).
   */
  async find(nameOrUuid: string | Uint8Array): Promise<Network | undefined> {
    return lookupOrUndefined(NETWORK_SPEC, this.parent, nameOrUuid, BY_NAME_OR_UUID);
  }

  /**
   * Defines a persistent network, not started (`virNetworkDefineXMLFlags`), from a typed definition (e.g.
   * `new NetworkBuilder('lab').build()`, an isolated bridge) or XML.
   */
  async define(definition: DefOrXml<NetworkDef>, options?: { validate?: boolean }): Promise<Network> {
    const xml = definitionXml(definition, buildNetworkXml, 'network definition');
    const flags = flagsFrom(options, 'define options', { validate: NetworkDefineFlags.VALIDATE });
    // Without flags, the original call: it also works with libvirt before 7.7, which lacks the Flags variant.
    if (flags === 0) return fetchOne(NETWORK_SPEC, 'virNetworkDefineXML', [this.parent, xml]);
    return fetchOne(NETWORK_SPEC, 'virNetworkDefineXMLFlags', [this.parent, xml, flags]);
  }

  /** Creates and starts a transient network (`virNetworkCreateXMLFlags`): it disappears when stopped. */
  async create(definition: DefOrXml<NetworkDef>, options?: { validate?: boolean }): Promise<Network> {
    const xml = definitionXml(definition, buildNetworkXml, 'network definition');
    const flags = flagsFrom(options, 'create options', { validate: NetworkCreateFlags.VALIDATE });
    // Without flags, the original call: it also works with libvirt before 7.8, which lacks the Flags variant.
    if (flags === 0) return fetchOne(NETWORK_SPEC, 'virNetworkCreateXML', [this.parent, xml]);
    return fetchOne(NETWORK_SPEC, 'virNetworkCreateXMLFlags', [this.parent, xml, flags]);
  }

  /** The names of all networks, running ones first (`virConnectListNetworks`, `virConnectListDefinedNetworks`). */
  async names(): Promise<string[]> {
    const c = this.parent;
    const [active, inactive] = await Promise.all([
      nameList(
        () => call('virConnectNumOfNetworks', c),
        (max) => call('virConnectListNetworks', c, max),
      ),
      nameList(
        () => call('virConnectNumOfDefinedNetworks', c),
        (max) => call('virConnectListDefinedNetworks', c, max),
      ),
    ]);
    return [...active, ...inactive];
  }

  /**
   * The number of networks, running or not (`virConnectNumOfNetworks` plus `virConnectNumOfDefinedNetworks`).
   */
  async count(): Promise<number> {
    const [active, inactive] = await Promise.all([
      call('virConnectNumOfNetworks', this.parent),
      call('virConnectNumOfDefinedNetworks', this.parent),
    ]);
    return active + inactive;
  }
}
