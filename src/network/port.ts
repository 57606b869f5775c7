import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionsObject } from '../core/checks.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { type NetworkPortDef, parseNetworkPortXml } from '../xml/network-port.js';

/** A port's bandwidth limits (`virNetworkPortGetParameters`): kilobytes per second, burst in kilobytes. */
export interface NetworkPortBandwidth {
  /** The inbound limits (`VIR_NETWORK_PORT_BANDWIDTH_IN_*`): average, peak and floor in KiB/s, burst in KiB. */
  inbound?: {
    /** The average rate, in KiB/s. */
    average?: number;
    /** The most rate, in KiB/s. */
    peak?: number;
    /** How much may come in at the peak rate, in KiB. */
    burst?: number;
    /** The rate guaranteed to the port, in KiB/s. */
    floor?: number;
  };
  /** The outbound limits (`VIR_NETWORK_PORT_BANDWIDTH_OUT_*`): average and peak in KiB/s, burst in KiB. */
  outbound?: {
    /** The average rate, in KiB/s. */
    average?: number;
    /** The most rate, in KiB/s. */
    peak?: number;
    /** How much may go out at the peak rate, in KiB. */
    burst?: number;
  };
}

/** The typed-parameter names (VIR_NETWORK_PORT_BANDWIDTH_*) under each direction. */
const BANDWIDTH_FIELDS = {
  inbound: ['average', 'peak', 'burst', 'floor'],
  outbound: ['average', 'peak', 'burst'],
} as const;
type Direction = keyof typeof BANDWIDTH_FIELDS;
const DIRECTIONS = Object.keys(BANDWIDTH_FIELDS) as Direction[];

/**
 * One port of a virtual network: the connection of a guest interface (or another consumer) to the network,
 * with its MAC, owner and bandwidth. Holds one libvirt reference, released by `free()`, `await using`, the
 * connection's `close()`, or garbage collection.
 */
export class NetworkPort extends LiveObject {
  /**
   * @internal Ports come from `network.ports`; the constructor is not public API. `network` is the handle of
   * the network the port was found through: after a reconnect the port is looked up again under it.
   */
  constructor(
    handle: Handle,
    /** The port's UUID. */
    readonly uuid: string,
    network: Handle,
  ) {
    super(handle, { fn: 'virNetworkPortLookupByUUIDString', key: uuid, parent: network });
  }

  /** The port's bandwidth limits; a direction without limits is absent (`virNetworkPortGetParameters`). */
  async bandwidth(): Promise<NetworkPortBandwidth> {
    const params = await call('virNetworkPortGetParameters', this.handle, 0);
    const result: NetworkPortBandwidth = {};
    for (const direction of DIRECTIONS) {
      const limits: Record<string, number> = {};
      for (const field of BANDWIDTH_FIELDS[direction]) {
        const value = params[`${direction}.${field}`];
        if (typeof value === 'number' && value !== 0) limits[field] = value;
      }
      if (Object.keys(limits).length > 0) result[direction] = limits;
    }
    return result;
  }

  /**
   * Replaces the live port's bandwidth limits (`virNetworkPortSetParameters`): what is not given has no limit
   * afterwards, as libvirt builds the new limits from these fields alone.
   */
  async setBandwidth(bandwidth: NetworkPortBandwidth): Promise<void> {
    const given = optionsObject(bandwidth, 'bandwidth', DIRECTIONS);
    const params: Record<string, { type: 'uint'; value: number }> = {};
    for (const direction of DIRECTIONS) {
      const fields = BANDWIDTH_FIELDS[direction];
      const limits = optionsObject(given[direction], `bandwidth.${direction}`, fields);
      for (const field of fields) {
        const value = limits[field as keyof typeof limits];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
          throw new RangeError(`bandwidth.${direction}.${field} must be an integer from 0 to 4294967295`);
        }
        params[`${direction}.${field}`] = { type: 'uint', value };
      }
    }
    await call('virNetworkPortSetParameters', this.handle, params, 0);
  }

  /** Removes the port from its network (`virNetworkPortDelete`). */
  async delete(): Promise<void> {
    await call('virNetworkPortDelete', this.handle, 0);
  }

  /** The port's XML (`virNetworkPortGetXMLDesc`). */
  async xml(): Promise<string> {
    return call('virNetworkPortGetXMLDesc', this.handle, 0);
  }

  /** The port's definition, typed by the XML model. Reads it with `virNetworkPortGetXMLDesc`. */
  async definition(): Promise<NetworkPortDef> {
    return parseNetworkPortXml(await this.xml());
  }

  /** `NetworkPort(uuid)`, for logs; no libvirt call. */
  override toString(): string {
    return `NetworkPort(${this.uuid})`;
  }
}

/** How lookups read the identity of a port of `network` and wrap it. */
export function networkPortSpec(network: Handle): LookupSpec<NetworkPort> {
  return {
    what: 'network port',
    notFound: ErrorCode.NO_NETWORK_PORT,
    describers: ['virNetworkPortGetUUIDString'],
    wrap: (handle, [uuid]) => new NetworkPort(handle, uuid as string, network),
  };
}
