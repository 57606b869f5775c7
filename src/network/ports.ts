import { randomUUID } from 'node:crypto';
import { NetworkPortCreateFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { flagsFrom, requireUuid } from '../core/checks.js';
import { type DefOrXml, definitionXml } from '../core/definitions.js';
import { ErrorCode } from '../core/errors.js';
import { LiveCollection } from '../core/live-object.js';
import {
  adoptChild,
  fetchAll,
  fetchOne,
  isNotFound,
  type LookupBy,
  lookup,
  lookupOrUndefined,
} from '../core/lookup.js';
import { buildNetworkPortXml, type NetworkPortDef } from '../xml/network-port.js';
import { type NetworkPort, networkPortSpec } from './port.js';

const BY_UUID: readonly LookupBy[] = [
  { fn: 'virNetworkPortLookupByUUIDString' },
  { fn: 'virNetworkPortLookupByUUID', bytes: true },
];
/** A UUID string is checked here (a port has no name to fall back to); bytes are checked by `lookup`. */
const portKey = (uuid: string | Uint8Array) =>
  uuid instanceof Uint8Array ? uuid : requireUuid(uuid, 'network port UUID');

/** `network.ports.create()` options (`virNetworkPortCreateXML`). */
export interface NetworkPortCreateOptions {
  /** Re-register a port that already exists in the host (after a libvirtd restart) instead of making one. */
  reclaim?: boolean;
  /** Validate the XML against libvirt's schema first. */
  validate?: boolean;
}

/** `network.ports`: the ports of one running network (each guest interface plugged into it has one). */
export class NetworkPortCollection extends LiveCollection {
  /** @internal */
  constructor(network: () => Handle) {
    super(network);
  }

  /** Wraps ports with the network they came from, so each one can be found again after a reconnect. */
  #spec() {
    return networkPortSpec(this.parent);
  }

  /** Every port of the network (`virNetworkListAllPorts`). */
  async list(): Promise<NetworkPort[]> {
    return fetchAll(this.#spec(), 'virNetworkListAllPorts', [this.parent, 0]);
  }

  /**
   * The port with this UUID. Rejects with a LibvirtError whose code is `ErrorCode.NO_NETWORK_PORT` when there is
   * none; a string that is not a UUID is a RangeError (`virNetworkPortLookupByUUIDString`, or
   * `virNetworkPortLookupByUUID` for bytes).
   */
  async get(uuid: string | Uint8Array): Promise<NetworkPort> {
    return lookup(this.#spec(), this.parent, portKey(uuid), BY_UUID);
  }

  /**
   * Like `get`, but resolves `undefined` when there is no such port (`virNetworkPortLookupByUUIDString` or
   * `virNetworkPortLookupByUUID`).
   */
  async find(uuid: string | Uint8Array): Promise<NetworkPort | undefined> {
    return lookupOrUndefined(this.#spec(), this.parent, portKey(uuid), BY_UUID);
  }

  /**
   * Adds a port to the running network from a typed definition or XML (`virNetworkPortCreateXML`). libvirt
   * needs the port's UUID; a typed definition without one gets a random UUID.
   */
  async create(
    definition: DefOrXml<NetworkPortDef>,
    options?: NetworkPortCreateOptions,
  ): Promise<NetworkPort> {
    const withUuid =
      typeof definition === 'object' && definition !== null && definition.uuid === undefined
        ? { ...definition, uuid: randomUUID() }
        : definition;
    const xml = definitionXml(withUuid, buildNetworkPortXml, 'network port definition');
    const flags = flagsFrom(options, 'create options', {
      reclaim: NetworkPortCreateFlags.RECLAIM,
      validate: NetworkPortCreateFlags.VALIDATE,
    });
    return fetchOne(this.#spec(), 'virNetworkPortCreateXML', [this.parent, xml, flags]);
  }

  /**
   * Wraps a port handle of this network that `libvirt-ts/raw`'s `call()` returned into a NetworkPort with a
   * reference of its own (`virNetworkPortRef`): `handle` stays yours to free. A port of another network (this
   * network cannot look its UUID up) or connection is a TypeError.
   */
  async fromRaw(handle: Handle): Promise<NetworkPort> {
    const parent = this.parent;
    return adoptChild(this.#spec(), handle, 'networkPort', 'virNetworkPortRef', parent, async (own) => {
      const uuid = await call('virNetworkPortGetUUIDString', own);
      try {
        await (await call('virNetworkPortLookupByUUIDString', parent, uuid)).free();
        return true;
      } catch (err) {
        if (isNotFound(err, ErrorCode.NO_NETWORK_PORT)) return false;
        throw err;
      }
    });
  }
}
