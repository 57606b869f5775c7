import { tagKind } from '../engine/document.js';
import {
  BOND_MODES,
  type BondMode,
  buildInterfaceXml,
  HOST_INTERFACE_START_MODES,
  type HostInterfaceProtocol,
  hostInterfaceDocument,
  type InterfaceDef,
} from '../interface.js';
import { badInput, checkInteger, checkOneOf, ipFamilyOf } from './checks.js';

/** A member of a bridge: an ethernet device by name, or a nested bond or VLAN. */
export type BridgeMember =
  | string
  | {
      /** An ethernet device. */
      type: 'ethernet';
      /** Its name (`eth0`). */
      name: string;
      /** Its MAC address. */
      mac?: string;
    }
  | ({
      /** A bond. */
      type: 'bond';
      /** Its name (`bond0`). */
      name: string;
    } & BondOptions)
  | {
      /** A VLAN. */
      type: 'vlan';
      /** The device it is on (`eth0`). */
      device: string;
      /** The VLAN's tag. */
      tag: number;
    };

/** A bond's settings (`<bond>`): its mode, devices and link monitoring. */
export interface BondOptions {
  /** The bonding mode (`<bond mode=>`): `'active-backup'`, `'balance-rr'`, `'802.3ad'`, … */
  mode?: BondMode;
  /** The bonded ethernet devices; the first is the primary in active-backup mode. */
  slaves: string[];
  /** MII link monitoring (ms); exclusive with `arpmon`. */
  miimon?: {
    /** How often the link is checked, in ms (`<miimon freq=>`). */
    freq: number;
    /** How long a link must be down before it is disabled, in ms. */
    downdelay?: number;
    /** How long a link must be up before it is used, in ms. */
    updelay?: number;
    /** How carrier is detected: `'ioctl'` or `'netif'`. */
    carrier?: 'ioctl' | 'netif';
  };
  /** ARP link monitoring (ms, IPv4 target); exclusive with `miimon`. */
  arpmon?: {
    /** How often ARP probes go out, in ms (`<arpmon interval=>`). */
    interval: number;
    /** The IPv4 address probed. */
    target: string;
    /** Which replies are validated (`<arpmon validate=>`). */
    validate?: 'none' | 'active' | 'backup' | 'all';
  };
}

const DEVICE_NAME = /^[a-zA-Z0-9_.\-\\:/]+$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const UINT_MAX = 0xffffffff;

function checkDevice(what: string, name: unknown): string {
  if (typeof name !== 'string' || !DEVICE_NAME.test(name)) {
    throw badInput(`${what} must be a device name (letters, digits, _ . - : /), got ${JSON.stringify(name)}`);
  }
  return name;
}

function ethernet(name: string, mac?: string): InterfaceDef {
  const def: InterfaceDef = { type: 'ethernet', name: checkDevice('ethernet device', name) };
  if (mac !== undefined) {
    if (typeof mac !== 'string' || !MAC.test(mac))
      throw badInput(`mac must be a MAC address, got ${JSON.stringify(mac)}`);
    def.mac = { address: mac };
  }
  return def;
}

function bondOf(options: BondOptions): NonNullable<InterfaceDef['bond']> {
  if (options === null || typeof options !== 'object') throw badInput('bond options must be an object');
  const { mode, slaves, miimon, arpmon } = options;
  if (!Array.isArray(slaves) || slaves.length === 0) {
    throw badInput(`a bond needs at least one slave device, got ${JSON.stringify(slaves)}`);
  }
  if (miimon && arpmon) throw badInput('a bond takes miimon or arpmon, not both');
  const bond: NonNullable<InterfaceDef['bond']> = {};
  if (mode !== undefined) bond.mode = checkOneOf('bond mode', mode, BOND_MODES);
  if (miimon) {
    bond.miimon = { freq: checkInteger('miimon.freq', miimon.freq, 0, UINT_MAX) };
    if (miimon.downdelay !== undefined)
      bond.miimon.downdelay = checkInteger('miimon.downdelay', miimon.downdelay, 0, UINT_MAX);
    if (miimon.updelay !== undefined)
      bond.miimon.updelay = checkInteger('miimon.updelay', miimon.updelay, 0, UINT_MAX);
    if (miimon.carrier !== undefined)
      bond.miimon.carrier = checkOneOf('miimon.carrier', miimon.carrier, ['ioctl', 'netif']);
  }
  if (arpmon) {
    if (ipFamilyOf('arpmon.target', arpmon.target) !== 'ipv4') throw badInput('arpmon.target must be IPv4');
    bond.arpmon = {
      interval: checkInteger('arpmon.interval', arpmon.interval, 0, UINT_MAX),
      target: arpmon.target,
    };
    if (arpmon.validate !== undefined)
      bond.arpmon.validate = checkOneOf('arpmon.validate', arpmon.validate, [
        'none',
        'active',
        'backup',
        'all',
      ]);
  }
  bond.interfaces = slaves.map((s) => ethernet(s));
  return bond;
}

function vlanOf(device: string, tag: number): NonNullable<InterfaceDef['vlan']> {
  return {
    tag: checkInteger('vlan tag', tag, 0, 4095),
    interface: { name: checkDevice('vlan device', device) },
  };
}

function memberOf(member: BridgeMember): InterfaceDef {
  if (typeof member === 'string') return ethernet(member);
  if (member === null || typeof member !== 'object')
    throw badInput(`bad bridge member ${JSON.stringify(member)}`);
  switch (member.type) {
    case 'ethernet':
      return ethernet(member.name, member.mac);
    case 'bond':
      return { type: 'bond', name: checkDevice('bond name', member.name), bond: bondOf(member) };
    case 'vlan':
      return {
        type: 'vlan',
        name: `${member.device}.${member.tag}`,
        vlan: vlanOf(member.device, member.tag),
      };
    default:
      throw badInput(
        `bridge member type must be 'ethernet', 'bond' or 'vlan', got ${JSON.stringify(member)}`,
      );
  }
}

/**
 * Host interface definitions as one writes them for `hv.interfaces.define()` (netcf backend): a bridge over an
 * ethernet device, a bond of two, a VLAN, with start mode, MTU and addressing.
 *
 * ```ts
 * const br = HostInterfaceBuilder.bridge('br0', { stp: false, delay: 0 })
 *   .member('eth0')
 *   .startMode('onboot')
 *   .mtu(1500)
 *   .dhcp()
 *   .build();
 * const bond = HostInterfaceBuilder.bond('bond0', { mode: 'active-backup', slaves: ['eth1', 'eth2'],
 *   miimon: { freq: 100 } }).ip('198.51.100.7', 24).gateway('198.51.100.1').build();
 * ```
 */
export class HostInterfaceBuilder {
  readonly #def: InterfaceDef;

  private constructor(def: InterfaceDef) {
    this.#def = def;
  }

  /** An ethernet device (`eth0`), optionally pinned to its MAC. */
  static ethernet(name: string, options: { mac?: string } = {}): HostInterfaceBuilder {
    return new HostInterfaceBuilder(ethernet(name, options.mac));
  }

  /** A bridge; add the devices it bridges with `member()`. `delay` is the forward delay in seconds. */
  static bridge(name: string, options: { stp?: boolean; delay?: number } = {}): HostInterfaceBuilder {
    const bridge: NonNullable<InterfaceDef['bridge']> = {};
    if (options.stp !== undefined) {
      if (typeof options.stp !== 'boolean') throw badInput('bridge stp must be a boolean');
      bridge.stp = options.stp;
    }
    if (options.delay !== undefined) {
      if (typeof options.delay !== 'number' || !Number.isFinite(options.delay) || options.delay < 0)
        throw badInput(`bridge delay must be a number of seconds >= 0, got ${JSON.stringify(options.delay)}`);
      bridge.delay = options.delay;
    }
    return new HostInterfaceBuilder({ type: 'bridge', name: checkDevice('bridge name', name), bridge });
  }

  /** A bond of ethernet devices. */
  static bond(name: string, options: BondOptions): HostInterfaceBuilder {
    return new HostInterfaceBuilder({
      type: 'bond',
      name: checkDevice('bond name', name),
      bond: bondOf(options),
    });
  }

  /** VLAN `tag` on `device`, named `device.tag` as libvirt reports it. */
  static vlan(device: string, tag: number): HostInterfaceBuilder {
    const vlan = vlanOf(device, tag);
    return new HostInterfaceBuilder({ type: 'vlan', name: `${device}.${tag}`, vlan });
  }

  /** Adds a device to a bridge (an ethernet name, or a nested bond / VLAN). */
  member(member: BridgeMember): this {
    if (this.#def.type !== 'bridge') throw badInput(`member() is for bridges; this is a ${this.#def.type}`);
    const bridge = this.#def.bridge!;
    bridge.interfaces = [...(bridge.interfaces ?? []), memberOf(member)];
    return this;
  }

  /** When the host brings the interface up: `onboot`, `hotplug` or `none`. */
  startMode(mode: 'onboot' | 'none' | 'hotplug'): this {
    this.#def.start = { mode: checkOneOf('start mode', mode, HOST_INTERFACE_START_MODES) };
    return this;
  }

  /** The MTU in bytes. */
  mtu(size: number): this {
    this.#def.mtu = { size: checkInteger('mtu', size, 68, 65535) };
    return this;
  }

  #protocol(family: 'ipv4' | 'ipv6'): HostInterfaceProtocol {
    const protocols = this.#def.protocols ?? [];
    this.#def.protocols = protocols;
    let p = protocols.find((x) => x.family === family);
    if (!p) {
      p = { family };
      protocols.push(p);
    }
    return p;
  }

  /** Addresses from DHCP (`ipv4` unless told); `peerdns: false` keeps the host's resolver settings. */
  dhcp(options: { family?: 'ipv4' | 'ipv6'; peerdns?: boolean } = {}): this {
    const family = checkOneOf('dhcp family', options.family ?? 'ipv4', ['ipv4', 'ipv6']);
    const dhcp: { peerdns?: boolean } = {};
    if (options.peerdns !== undefined) dhcp.peerdns = options.peerdns === true;
    this.#protocol(family).dhcp = dhcp;
    return this;
  }

  /** IPv6 stateless autoconfiguration. */
  autoconf(): this {
    this.#protocol('ipv6').autoconf = true;
    return this;
  }

  /** A static address (IPv4 or IPv6, from its spelling) with its prefix length. */
  ip(address: string, prefix?: number): this {
    const family = ipFamilyOf('ip address', address);
    const ip: { address: string; prefix?: number } = { address };
    if (prefix !== undefined) ip.prefix = checkInteger('ip prefix', prefix, 0, family === 'ipv4' ? 32 : 128);
    const protocol = this.#protocol(family);
    protocol.ips = [...(protocol.ips ?? []), ip];
    return this;
  }

  /** The default route's gateway (IPv4 or IPv6). */
  gateway(address: string): this {
    this.#protocol(ipFamilyOf('gateway', address)).route = { gateway: address };
    return this;
  }

  /** The definition, checked by writing it once. */
  build(): InterfaceDef {
    const def = structuredClone(this.#def);
    buildInterfaceXml(def);
    return tagKind(def, hostInterfaceDocument);
  }
}
