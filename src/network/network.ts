import {
  IPAddrType,
  NetworkUpdateCommand,
  NetworkUpdateFlags,
  NetworkUpdateSection,
  NetworkXMLFlags,
} from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionalString,
  optionsObject,
  requireBoolean,
  requireNonEmptyString,
  requireOneOf,
} from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { ErrorCode } from '../core/errors.js';
import { LiveObject } from '../core/live-object.js';
import type { LookupSpec } from '../core/lookup.js';
import { type NetworkDef, parseNetworkXml } from '../xml/network/network.js';
import { NetworkPortCollection } from './ports.js';

/** `network.update()`'s command, as virsh net-update spells it: `'modify' | 'delete' | 'add-last' | 'add-first'`. */
export type NetworkUpdateCommandName = EnumName<Omit<typeof NetworkUpdateCommand, 'NONE'>>;
const COMMANDS = enumNames(NetworkUpdateCommand, ['NONE']);

/** The part of the definition `network.update()` changes, as virsh spells it: `'ip-dhcp-host'`, `'dns-host'`, … */
export type NetworkUpdateSectionName = EnumName<Omit<typeof NetworkUpdateSection, 'NONE'>>;
const SECTIONS = enumNames(NetworkUpdateSection, ['NONE']);

const ADDRESS_TYPES = enumNames(IPAddrType);
const UPDATE_OPTIONS = ['parentIndex', 'live', 'config'] as const;

/**
 * `network.update()` options (`virNetworkUpdate`): which `<ip>` a DHCP entry belongs to, and which definition
 * to change.
 */
export interface NetworkUpdateOptions {
  /** Which `<ip>` (by position) a DHCP host/range belongs to; -1 (the default) lets libvirt pick by address. */
  parentIndex?: number;
  /** Change the running network (default: the running one if active, else the persistent definition). */
  live?: boolean;
  /** Change the persistent definition. */
  config?: boolean;
}

/** One DHCP lease handed out on the network (`virNetworkGetDHCPLeases`). */
export interface NetworkDhcpLease {
  /** The network's bridge the lease is on. */
  iface: string;
  /** When the lease expires. */
  expiryTime: Date;
  /** `'ipv4' | 'ipv6'` (`'unknown'` for a newer family). */
  type: EnumName<typeof IPAddrType> | 'unknown';
  /** The client's MAC address, when known. */
  mac: string | undefined;
  /** IPv6 only: the identity association. */
  iaid: string | undefined;
  /** The leased address. */
  ipAddress: string;
  /** The address's prefix length. */
  prefix: number;
  /** The host name the client gave, when it gave one. */
  hostname: string | undefined;
  /** The client ID (IPv4) or DUID (IPv6). */
  clientId: string | undefined;
}

function xmlFlags(options: unknown): number {
  return flagsFrom(options, 'xml options', { inactive: NetworkXMLFlags.INACTIVE });
}

/**
 * A libvirt virtual network (a bridge, with NAT, routing or isolation, DHCP and DNS as defined). Holds one libvirt
 * reference, released by `free()`, `await using`, the connection's `close()`, or garbage collection.
 */
export class Network extends LiveObject {
  /** The network's ports (one per plugged-in guest interface). */
  readonly ports: NetworkPortCollection;

  /** @internal Networks come from `hv.networks`; the constructor is not public API. */
  constructor(
    handle: Handle,
    /** The network's name at the time it was looked up. */
    readonly name: string,
    /** The network's UUID. */
    readonly uuid: string,
  ) {
    super(handle, { fn: 'virNetworkLookupByUUIDString', key: uuid });
    this.ports = new NetworkPortCollection(() => this.handle);
  }

  /** Starts a defined network (`virNetworkCreate`). */
  async start(): Promise<void> {
    await call('virNetworkCreate', this.handle);
  }

  /** Stops the network (`virNetworkDestroy`); a transient network disappears. */
  async stop(): Promise<void> {
    await call('virNetworkDestroy', this.handle);
  }

  /** Removes the persistent definition (`virNetworkUndefine`); a running network becomes transient. */
  async undefine(): Promise<void> {
    await call('virNetworkUndefine', this.handle);
  }

  /** Whether the network starts with the host (`virNetworkGetAutostart`). */
  async getAutostart(): Promise<boolean> {
    return (await call('virNetworkGetAutostart', this.handle)) !== 0;
  }

  /** Sets whether the network starts with the host (`virNetworkSetAutostart`; persistent networks only). */
  async setAutostart(autostart: boolean): Promise<void> {
    await call('virNetworkSetAutostart', this.handle, requireBoolean(autostart, 'autostart') ? 1 : 0);
  }

  /** The host bridge device of the network, e.g. `virbr1` (`virNetworkGetBridgeName`). */
  async bridgeName(): Promise<string> {
    return call('virNetworkGetBridgeName', this.handle);
  }

  /** The DHCP leases libvirt's dnsmasq handed out, all or those of one MAC address (`virNetworkGetDHCPLeases`). */
  async dhcpLeases(options?: { mac?: string }): Promise<NetworkDhcpLease[]> {
    const o = optionsObject(options, 'dhcpLeases options', ['mac'] as const);
    const mac = optionalString(o.mac, 'dhcpLeases options.mac');
    const leases = await call('virNetworkGetDHCPLeases', this.handle, mac ?? null, 0);
    return leases.map((l) => ({
      iface: l.iface ?? '',
      expiryTime: new Date(l.expirytime * 1000),
      type: ADDRESS_TYPES.nameOf(l.type) ?? 'unknown',
      mac: l.mac ?? undefined,
      iaid: l.iaid ?? undefined,
      ipAddress: l.ipaddr ?? '',
      prefix: l.prefix,
      hostname: l.hostname ?? undefined,
      clientId: l.clientid ?? undefined,
    }));
  }

  /**
   * Changes one part of the network without redefining it (`virNetworkUpdate`), as `virsh net-update` does:
   * e.g. `update('add-last', 'ip-dhcp-host', "<host mac='52:54:00:00:00:01' ip='192.0.2.10'/>", { live: true,
   * config: true })`. `xml` is the element being added, changed or removed.
   */
  async update(
    command: NetworkUpdateCommandName,
    section: NetworkUpdateSectionName,
    xml: string,
    options?: NetworkUpdateOptions,
  ): Promise<void> {
    const commandValue = COMMANDS.valueOf(requireOneOf(command, 'update command', COMMANDS.names));
    const sectionValue = SECTIONS.valueOf(requireOneOf(section, 'update section', SECTIONS.names));
    requireNonEmptyString(xml, 'update XML');
    const { parentIndex = -1, ...rest } = optionsObject(options, 'update options', UPDATE_OPTIONS);
    if (typeof parentIndex !== 'number' || !Number.isInteger(parentIndex) || parentIndex < -1) {
      throw new RangeError(`update options.parentIndex must be an integer >= -1, got ${String(parentIndex)}`);
    }
    const flags = flagsFrom(rest, 'update options', {
      live: NetworkUpdateFlags.LIVE,
      config: NetworkUpdateFlags.CONFIG,
    });
    await call('virNetworkUpdate', this.handle, commandValue, sectionValue, parentIndex, xml, flags);
  }

  /** Whether the network is running (`virNetworkIsActive`). */
  async isActive(): Promise<boolean> {
    return (await call('virNetworkIsActive', this.handle)) === 1;
  }

  /** Whether the network has a persistent definition (`virNetworkIsPersistent`). */
  async isPersistent(): Promise<boolean> {
    return (await call('virNetworkIsPersistent', this.handle)) === 1;
  }

  /** The network's XML (`virNetworkGetXMLDesc`); `inactive: true` gives the definition used at next start. */
  async xml(options?: { inactive?: boolean }): Promise<string> {
    return call('virNetworkGetXMLDesc', this.handle, xmlFlags(options));
  }

  /** The network's definition, typed by the XML model. Reads it with `virNetworkGetXMLDesc`. */
  async definition(options?: { inactive?: boolean }): Promise<NetworkDef> {
    return parseNetworkXml(await this.xml(options));
  }

  /** `Network(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `Network(${this.name})`;
  }
}

/** How lookups read a network's identity and wrap it. */
export const NETWORK_SPEC: LookupSpec<Network> = {
  what: 'network',
  notFound: ErrorCode.NO_NETWORK,
  describers: ['virNetworkGetName', 'virNetworkGetUUIDString'],
  wrap: (handle, [name, uuid]) => new Network(handle, name as string, uuid as string),
};
