import type { Bandwidth, VirtualPort, Vlan } from '../common/netdev.js';
import { tagKind } from '../engine/document.js';
import type { NetworkDns } from '../network/dns.js';
import { NETWORK_FORWARD_MODES, type NetworkForward, type NetworkForwardMode } from '../network/forward.js';
import type { NetworkIp, NetworkRoute } from '../network/ip.js';
import {
  buildNetworkXml,
  type NetworkBridge,
  type NetworkDef,
  type NetworkPortgroup,
  networkDocument,
} from '../network/network.js';
import {
  badInput,
  checkInteger,
  checkObjectName,
  checkOneOf,
  checkText,
  checkUuid,
  ipFamilyOf,
} from './checks.js';

/**
 * Options of `NetworkBuilder.forward(mode, options)`: the `<forward>` element's device, interfaces, NAT ranges
 * and hostdev settings.
 */
export interface NetworkForwardOptions {
  /** The host device to forward through (nat/route: the only one used; macvtap modes: the first of the pool). */
  dev?: string;
  /** bridge (macvtap), private, vepa, passthrough: the host devices guests are attached to. */
  interfaces?: string[];
  /** nat: public address and port ranges, and NAT for IPv6. */
  nat?: {
    /** The public IPv4 addresses to translate to (`<nat><address start= end=>`). */
    addresses?: {
      /** The first address of the range. */
      start: string;
      /** The last address of the range. */
      end: string;
    };
    /** The source ports to translate to (`<nat><port start= end=>`). */
    ports?: {
      /** The first port of the range. */
      start: number;
      /** The last port of the range. */
      end: number;
    };
    /** NAT for IPv6 too (`<nat ipv6='yes'>`). */
    ipv6?: boolean;
  };
  /** hostdev: the SR-IOV physical function whose virtual functions guests get. */
  pf?: string;
  /** hostdev: let libvirt detach the virtual functions from their host drivers (default yes). */
  managed?: boolean;
  /** hostdev: the device assignment backend. */
  driver?: 'vfio' | 'kvm';
}

/**
 * One address of the network for `NetworkBuilder.ip()`: the host's address on the bridge, and optionally DHCP,
 * TFTP.
 */
export interface NetworkIpInput {
  /** The host's address on the network (`<ip address=>`), IPv4 or IPv6. */
  address: string;
  /** Prefix length; or give `netmask` (IPv4 only). */
  prefix?: number;
  /** The IPv4 netmask (`<ip netmask=>`), instead of `prefix`. */
  netmask?: string;
  /** Hand out addresses from start to end. */
  dhcp?: {
    /** The first address handed out (`<range start=>`). */
    start: string;
    /** The last address handed out (`<range end=>`). */
    end: string;
    /** How long a lease lasts (`<range><lease expiry= unit=>`). */
    lease?: {
      /** The lease time, in `unit`s (0: unlimited). */
      expiry: number;
      /** The unit of `expiry`; default minutes. */
      unit?: 'seconds' | 'minutes' | 'hours';
    };
    /** Fixed addresses: by MAC (IPv4) or DUID `id` (IPv6). */
    hosts?: Array<{
      /** The client's MAC address (IPv4). */
      mac?: string;
      /** The client's DUID (IPv6). */
      id?: string;
      /** The host name given to the client. */
      name?: string;
      /** The address the client always gets. */
      ip: string;
    }>;
    /** PXE: the boot file and the server holding it. */
    bootp?: {
      /** The boot file's name. */
      file: string;
      /** The TFTP server holding it; default this network's. */
      server?: string;
    };
  };
  /** Serve this directory over TFTP. */
  tftp?: string;
  /** Answer reverse lookups for this range locally only. */
  localPtr?: boolean;
}

/** Options of `NetworkBuilder.bridge()`: the `<bridge>` element's attributes. */
export interface NetworkBridgeOptions {
  /** Spanning Tree Protocol on the bridge (`<bridge stp=>`); libvirt's default is on. */
  stp?: boolean;
  /** Forward delay, seconds. */
  delay?: number;
  /** firewalld zone. */
  zone?: string;
  /** Who manages the bridge's MAC table (`<bridge macTableManager=>`): the kernel (learning) or libvirt. */
  macTableManager?: 'kernel' | 'libvirt';
}

const ROUTED_MODES: ReadonlyArray<NetworkForwardMode | undefined> = [undefined, 'nat', 'route', 'open'];
/** Modes that hand guests host devices through macvtap. */
const MACVTAP_MODES: readonly NetworkForwardMode[] = ['private', 'vepa', 'passthrough'];
const UNICAST_MAC = /^[0-9a-fA-F][02468aAcCeE](:[0-9a-fA-F]{2}){5}$/;

/**
 * A virtual network definition, as virt-manager's network wizard makes it: `new NetworkBuilder('lab').build()`
 * is an isolated network (no forward, no addresses; libvirt picks the bridge name); `.forward('nat')`,
 * `.bridge('virbr10')`, `.ip({ address, prefix, dhcp: { start, end } })` add what is asked for. Combinations
 * libvirt refuses (an `<ip>` on a macvtap or hostdev network, a netmask on IPv6, a DHCP range outside its
 * address family) are refused here with a BAD_INPUT XmlError.
 */
export class NetworkBuilder {
  readonly #def: NetworkDef;

  constructor(name: string) {
    this.#def = { name: checkObjectName('network', name) };
  }

  /** Sets the network's UUID (`<uuid>`); default: libvirt generates one. */
  uuid(uuid: string): this {
    this.#def.uuid = checkUuid('network uuid', uuid);
    return this;
  }

  /** The host bridge: the one libvirt creates (isolated, nat, route, open) or an existing one (bridge mode). */
  bridge(name: string, options: NetworkBridgeOptions = {}): this {
    const bridge: NetworkBridge = { name: checkText('bridge name', name) };
    if (options.zone !== undefined) bridge.zone = checkText('bridge zone', options.zone);
    if (options.stp !== undefined) bridge.stp = options.stp;
    if (options.delay !== undefined)
      bridge.delay = checkInteger('bridge delay', options.delay, 0, 2 ** 32 - 1);
    if (options.macTableManager !== undefined) {
      bridge.macTableManager = checkOneOf('macTableManager', options.macTableManager, ['kernel', 'libvirt']);
    }
    this.#def.bridge = bridge;
    return this;
  }

  /** How traffic leaves the network; leave out for an isolated network. */
  forward(mode: NetworkForwardMode, options: NetworkForwardOptions = {}): this {
    const forward: NetworkForward = { mode: checkOneOf('forward mode', mode, NETWORK_FORWARD_MODES) };
    if (options.dev !== undefined) forward.dev = checkText('forward dev', options.dev);
    if (options.nat !== undefined) {
      if (mode !== 'nat') throw badInput(`nat options apply to forward mode 'nat', not '${mode}'`);
      const { addresses, ports, ipv6 } = options.nat;
      forward.nat = {};
      if (ipv6 !== undefined) forward.nat.ipv6 = ipv6;
      if (addresses) {
        for (const end of [addresses.start, addresses.end]) {
          if (ipFamilyOf('nat address', end) !== 'ipv4') throw badInput('nat addresses must be IPv4');
        }
        forward.nat.address = { start: addresses.start, end: addresses.end };
      }
      if (ports) {
        forward.nat.port = {
          start: checkInteger('nat port start', ports.start, 1, 65535),
          end: checkInteger('nat port end', ports.end, 1, 65535),
        };
      }
    }
    if (options.pf !== undefined || options.managed !== undefined || options.driver !== undefined) {
      if (mode !== 'hostdev')
        throw badInput(`pf, managed and driver apply to forward mode 'hostdev', not '${mode}'`);
    }
    if (options.driver !== undefined)
      forward.driver = { name: checkOneOf('forward driver', options.driver, ['vfio', 'kvm']) };
    if (options.pf !== undefined) forward.pf = { dev: checkText('forward pf', options.pf) };
    if (mode === 'hostdev') forward.managed = options.managed ?? true;
    if (options.interfaces !== undefined) {
      if (mode === 'hostdev') throw badInput("forward mode 'hostdev' takes a pf, not interfaces");
      forward.interfaces = options.interfaces.map((dev) => ({ dev: checkText('forward interface', dev) }));
    }
    this.#def.forward = forward;
    return this;
  }

  /** An address of the host on the network, with optional DHCP; may be called once per address. */
  ip(input: NetworkIpInput): this {
    if (input === null || typeof input !== 'object')
      throw badInput('ip takes { address, prefix | netmask, dhcp? }');
    const family = ipFamilyOf('ip address', input.address);
    const ip: NetworkIp = { address: input.address };
    if (family === 'ipv6') ip.family = 'ipv6';
    if ((input.prefix === undefined) === (input.netmask === undefined)) {
      throw badInput(`ip ${input.address} needs exactly one of prefix or netmask`);
    }
    if (input.prefix !== undefined)
      ip.prefix = checkInteger('ip prefix', input.prefix, 0, family === 'ipv6' ? 128 : 32);
    if (input.netmask !== undefined) {
      if (family === 'ipv6' || ipFamilyOf('netmask', input.netmask) !== 'ipv4') {
        throw badInput('netmask is for IPv4 addresses; give IPv6 a prefix');
      }
      ip.netmask = input.netmask;
    }
    if (input.localPtr !== undefined) ip.localPtr = input.localPtr;
    if (input.tftp !== undefined) ip.tftp = { root: checkText('tftp root', input.tftp) };
    if (input.dhcp !== undefined) ip.dhcp = dhcpOf(input.dhcp, family);
    this.#def.ips = [...(this.#def.ips ?? []), ip];
    return this;
  }

  /** A static route the host adds through a gateway on this network. */
  route(route: {
    address: string;
    prefix?: number;
    netmask?: string;
    gateway: string;
    metric?: number;
  }): this {
    const family = ipFamilyOf('route address', route.address);
    if (ipFamilyOf('route gateway', route.gateway) !== family)
      throw badInput('route gateway and address differ in family');
    const out: NetworkRoute = { address: route.address, gateway: route.gateway };
    if (family === 'ipv6') out.family = 'ipv6';
    if (route.prefix !== undefined)
      out.prefix = checkInteger('route prefix', route.prefix, 0, family === 'ipv6' ? 128 : 32);
    if (route.netmask !== undefined) out.netmask = route.netmask;
    if (route.metric !== undefined) out.metric = checkInteger('route metric', route.metric, 0, 2 ** 32 - 1);
    this.#def.routes = [...(this.#def.routes ?? []), out];
    return this;
  }

  /** The DNS domain of the network's guests; `localOnly` keeps its queries from being forwarded. */
  domain(name: string, options: { localOnly?: boolean } = {}): this {
    this.#def.domain = { name: checkText('domain name', name) };
    if (options.localOnly !== undefined) this.#def.domain.localOnly = options.localOnly;
    return this;
  }

  /** DNS settings and records (`{ enable: false }` turns the DNS server off). */
  dns(dns: NetworkDns): this {
    this.#def.dns = structuredClone(dns);
    return this;
  }

  /** Sets the MTU of the network's bridge (`<mtu size=>`), 68 to 65535. */
  mtu(size: number): this {
    this.#def.mtu = { size: checkInteger('mtu', size, 68, 65535) };
    return this;
  }

  /** The bridge's MAC address (libvirt generates one when not told). */
  mac(address: string): this {
    if (!UNICAST_MAC.test(address))
      throw badInput(`mac must be a unicast MAC address, got ${JSON.stringify(address)}`);
    this.#def.mac = { address };
    return this;
  }

  /** Sets the network's bandwidth limits (`<bandwidth>`). */
  bandwidth(bandwidth: Bandwidth): this {
    this.#def.bandwidth = structuredClone(bandwidth);
    return this;
  }

  /** Sets the VLAN tags of the network (`<vlan>`); at least one tag. */
  vlan(vlan: Vlan): this {
    if (!vlan?.tags?.length) throw badInput('vlan needs at least one tag');
    this.#def.vlan = structuredClone(vlan);
    return this;
  }

  /** Sets the network's virtual port profile (`<virtualport>`: Open vSwitch, 802.1Qbh, …). */
  virtualport(virtualport: VirtualPort): this {
    this.#def.virtualport = structuredClone(virtualport);
    return this;
  }

  /** A named group of settings guest interfaces can pick (`<source portgroup=>`). */
  portgroup(portgroup: NetworkPortgroup): this {
    checkText('portgroup name', portgroup?.name);
    this.#def.portgroups = [...(this.#def.portgroups ?? []), structuredClone(portgroup)];
    return this;
  }

  /** Raw dnsmasq options (`dnsmasq:options`), passed through as written. */
  dnsmasqOptions(...values: string[]): this {
    this.#def.dnsmasqOptions = {
      options: values.map((value) => ({ value: checkText('dnsmasq option', value) })),
    };
    return this;
  }

  /** The definition; throws when the parts do not fit the forward mode. */
  build(): NetworkDef {
    const def = structuredClone(this.#def);
    const mode = def.forward?.mode;
    if (def.ips?.length && !ROUTED_MODES.includes(mode)) {
      throw badInput(
        `a network with forward mode '${mode}' cannot have an <ip>: only isolated, nat, route and open can`,
      );
    }
    const macvtap = mode !== undefined && MACVTAP_MODES.includes(mode);
    if ((macvtap || mode === 'hostdev') && def.bridge) {
      throw badInput(`forward mode '${mode}' uses host devices directly and takes no bridge`);
    }
    const hasDevices = Boolean(def.forward?.dev || def.forward?.interfaces?.length);
    if (mode === 'bridge' && !def.bridge?.name && !hasDevices) {
      throw badInput("forward mode 'bridge' needs .bridge(name) or forward interfaces");
    }
    if (macvtap && !hasDevices) {
      throw badInput(`forward mode '${mode}' needs a dev or interfaces: .forward('${mode}', { dev })`);
    }
    if (mode === 'hostdev' && !def.forward?.pf) {
      throw badInput("forward mode 'hostdev' needs a pf: .forward('hostdev', { pf })");
    }
    return tagKind(def, networkDocument);
  }

  /** The definition as XML. */
  toXml(): string {
    return buildNetworkXml(this.build());
  }
}

function dhcpOf(
  dhcp: NonNullable<NetworkIpInput['dhcp']>,
  family: 'ipv4' | 'ipv6',
): NonNullable<NetworkIp['dhcp']> {
  for (const [what, address] of [
    ['dhcp start', dhcp.start],
    ['dhcp end', dhcp.end],
  ] as const) {
    if (ipFamilyOf(what, address) !== family)
      throw badInput(`${what} ${address} is not an ${family} address like the network's`);
  }
  const range: NonNullable<NonNullable<NetworkIp['dhcp']>['ranges']>[number] = {
    start: dhcp.start,
    end: dhcp.end,
  };
  if (dhcp.lease !== undefined) {
    range.lease = {
      expiry: checkInteger('dhcp lease expiry', dhcp.lease.expiry, 0, Number.MAX_SAFE_INTEGER),
    };
    if (dhcp.lease.unit !== undefined)
      range.lease.unit = checkOneOf('lease unit', dhcp.lease.unit, ['seconds', 'minutes', 'hours']);
  }
  const out: NonNullable<NetworkIp['dhcp']> = { ranges: [range] };
  if (dhcp.hosts !== undefined) {
    out.hosts = dhcp.hosts.map((h) => {
      if (ipFamilyOf('dhcp host ip', h.ip) !== family)
        throw badInput(`dhcp host ip ${h.ip} is not an ${family} address`);
      if (h.mac === undefined && h.id === undefined && h.name === undefined)
        throw badInput('a dhcp host needs a mac, id or name');
      if (h.mac !== undefined && !UNICAST_MAC.test(h.mac))
        throw badInput(`dhcp host mac ${JSON.stringify(h.mac)} is not a unicast MAC`);
      const host: { mac?: string; id?: string; name?: string; ip: string } = { ip: h.ip };
      if (h.mac !== undefined) host.mac = h.mac;
      if (h.id !== undefined) host.id = checkText('dhcp host id', h.id);
      if (h.name !== undefined) host.name = checkText('dhcp host name', h.name);
      return host;
    });
  }
  if (dhcp.bootp !== undefined) {
    out.bootp = { file: checkText('bootp file', dhcp.bootp.file) };
    if (dhcp.bootp.server !== undefined) out.bootp.server = checkText('bootp server', dhcp.bootp.server);
  }
  return out;
}
