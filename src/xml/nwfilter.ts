import {
  attr,
  child,
  defineDocument,
  element,
  int,
  type Kind,
  leaf,
  list,
  oneOf,
  str,
  uuid,
  type XmlType,
  yesNo,
} from './engine/index.js';

/**
 * A network filter (`virNWFilterGetXMLDesc()`, the input of `virNWFilterDefineXML()`), described from
 * nwfilter.rng and nwfilter_params.rng: `<filter name= chain= priority=>` with its UUID, references to other
 * filters (`<filterref filter=>` with parameters) and rules (`<rule action= direction=>` holding one protocol
 * match: `<mac>`, `<ip>`, `<tcp>`, `<arp>`, ...).
 *
 * Most match values may also be a filter variable (`$IP`, `$MAC[@1]`), which reads as the string as written
 * (type `NWFilterVariable`). Numbers libvirt accepts in hex (`0x800`) read as numbers; the spelling is kept.
 */

/** A reference to a filter variable, as written: `$IP`, `$MAC[1]`, `$DHCPSERVER[@2]`. */
export type NWFilterVariable = `$${string}`;

const VARIABLE = /^\$\s*[a-zA-Z0-9_]+(\[\s*@?[0-9]+\s*\])?\s*$/;
const isVariable = (v: unknown): v is NWFilterVariable => typeof v === 'string' && VARIABLE.test(v);

function fail(describe: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new Error(`expected ${describe}, got ${shown} (${typeof value})`);
}

const DEC = /^\s*\d+\s*$/;
const HEX = /^\s*0x[0-9a-fA-F]+\s*$/;

/** An integer `0..max` read in decimal or `0x` hex (written decimal), or a variable. */
function numberOrVariable(max: number, min = 0): Kind<number | NWFilterVariable> {
  const describe = `an integer ${min}..${max} or a filter variable ($NAME)`;
  return {
    describe,
    parse(text) {
      if (VARIABLE.test(text)) return text as NWFilterVariable;
      if (!DEC.test(text) && !HEX.test(text)) return undefined;
      const n = Number(text.trim());
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    format(value) {
      if (isVariable(value)) return value;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
        fail(describe, value);
      return String(value);
    },
  };
}

/** Any text, typed as a string or a variable (addresses, masks written as dotted quads, names). */
function textOrVariable<T extends string>(describe: string, test: (text: string) => boolean): Kind<T> {
  return {
    describe,
    parse: (text) => (VARIABLE.test(text) || test(text) ? (text as T) : undefined),
    format(value) {
      if (typeof value !== 'string' || !(VARIABLE.test(value) || test(value))) fail(describe, value);
      return value;
    },
  };
}

/** Names or numbers (`'ipv4'` or `0x800`), or a variable. */
function namedNumber<const N extends string>(
  names: readonly N[],
  max: number,
  min = 0,
): Kind<N | number | NWFilterVariable> {
  const numbers = numberOrVariable(max, min);
  const set = new Set<string>(names);
  const describe = `${names.map((n) => `'${n}'`).join(' | ')}, ${numbers.describe}`;
  return {
    describe,
    parse: (text) => (set.has(text) ? (text as N) : numbers.parse(text)),
    format(value) {
      if (typeof value === 'string' && set.has(value)) return value;
      if (typeof value === 'string' && !isVariable(value)) fail(describe, value);
      return numbers.format(value as number | NWFilterVariable);
    },
  };
}

const MAC = /^([a-fA-F0-9]{1,2}:){5}[a-fA-F0-9]{1,2}$/;
const IPV4 = /^([0-2]?[0-9]?[0-9]\.){3}[0-2]?[0-9]?[0-9]$/;
const IPV6 = /^([a-fA-F0-9]{0,4}:){2,7}([a-fA-F0-9]*)(([0-2]?[0-9]?[0-9]\.){3}[0-2]?[0-9]?[0-9])?$/;

/** A MAC address (`52:54:00:ab:cd:ef`) or a variable. */
export const nwfilterMac: Kind<string> = textOrVariable('a MAC address or a filter variable', (t) =>
  MAC.test(t),
);
/** An IPv4 address or a variable. */
export const nwfilterIpv4: Kind<string> = textOrVariable('an IPv4 address or a filter variable', (t) =>
  IPV4.test(t),
);
/** An IPv6 address or a variable. */
export const nwfilterIpv6: Kind<string> = textOrVariable('an IPv6 address or a filter variable', (t) =>
  IPV6.test(t),
);
/** An IPv4 mask: a prefix length (number), a dotted quad (string) or a variable. */
const ipv4Mask: Kind<number | string> = {
  describe: 'a prefix length 0..32, a dotted mask or a filter variable',
  parse: (text) => (DEC.test(text) ? ipv4Prefix.parse(text) : nwfilterIpv4.parse(text)),
  format: (value) => (typeof value === 'number' ? ipv4Prefix.format(value) : nwfilterIpv4.format(value)),
};
const ipv4Prefix = numberOrVariable(32);
const ipv6Prefix = numberOrVariable(128);
const ipv6Mask: Kind<number | string> = {
  describe: 'a prefix length 0..128, an IPv6 mask or a filter variable',
  parse: (text) => (DEC.test(text) ? ipv6Prefix.parse(text) : nwfilterIpv6.parse(text)),
  format: (value) => (typeof value === 'number' ? ipv6Prefix.format(value) : nwfilterIpv6.format(value)),
};

const uint8 = numberOrVariable(0xff);
const uint16 = numberOrVariable(0xffff);
const uint32 = numberOrVariable(0xffffffff);
const sixBit = numberOrVariable(63);
const vlanId = numberOrVariable(4095);

/** The EtherType names a MAC match's `protocolid` may use. */
export const NWFILTER_MAC_PROTOCOLS = ['arp', 'rarp', 'ipv4', 'ipv6', 'vlan'] as const;
/** `protocolid`/`encap-protocol`: an EtherType name, a number (1536..65535, often hex) or a variable. */
const macProtocol = namedNumber(NWFILTER_MAC_PROTOCOLS, 0xffff);

/** The IP protocol names an IP match's `protocol` may use. */
export const NWFILTER_IP_PROTOCOLS = [
  'tcp',
  'udp',
  'udplite',
  'esp',
  'ah',
  'icmp',
  'igmp',
  'sctp',
  'icmpv6',
] as const;
const ipProtocol = namedNumber(NWFILTER_IP_PROTOCOLS, 255);

/** The ARP opcode names an ARP match's `opcode` may use, as libvirt's schema spells them. */
export const NWFILTER_ARP_OPCODES = [
  'Reply',
  'Request',
  'Request_Reverse',
  'Reply_Reverse',
  'DRARP_Request',
  'DRARP_Reply',
  'DRARP_Error',
  'InARP_Request',
  'ARP_NAK',
] as const;
const ARP_OPCODE =
  /^([Rr]eply|[Rr]equest|[Rr]equest_[Rr]everse|[Rr]eply_[Rr]everse|DRARP_[Rr]equest|DRARP_[Rr]eply|DRARP_[Ee]rror|InARP_[Rr]equest|ARP_NAK)$/;
/** `opcode`: a name (`Request`, `Reply`, … as libvirt's schema spells them), a number or a variable. */
const arpOpcode: Kind<string | number> = {
  describe: 'an ARP opcode name, a number 0..65535 or a filter variable',
  parse: (text) => (ARP_OPCODE.test(text) ? text : uint16.parse(text)),
  format: (value) =>
    typeof value === 'string' && ARP_OPCODE.test(value) ? value : uint16.format(value as number),
};

/** nwfilter's boolean: `yes|no|true|false|1|0`, written `true`/`false` (libvirt's spelling is kept). */
const NWFILTER_BOOLEAN = "a boolean (written 'true'/'false')";
const nwfilterBoolean: Kind<boolean> = {
  describe: NWFILTER_BOOLEAN,
  parse: (text) =>
    ['yes', 'true', '1'].includes(text) ? true : ['no', 'false', '0'].includes(text) ? false : undefined,
  format(value) {
    if (typeof value !== 'boolean') fail(NWFILTER_BOOLEAN, value);
    return value ? 'true' : 'false';
  },
};

/** `statematch='false'`: the rule is not state-tracked (the only value the schema allows). */
const STATE_MATCH = "false (written 'false')";
const stateMatch: Kind<false> = {
  describe: STATE_MATCH,
  parse: (text) => (/^(false|0)$/i.test(text) ? false : undefined),
  format(value) {
    if (value !== false) fail(STATE_MATCH, value);
    return 'false';
  },
};

const STATE_FLAGS = /^((NEW|ESTABLISHED|RELATED|INVALID)(,(NEW|ESTABLISHED|RELATED|INVALID))*|NONE)$/;
const TCP_FLAGS =
  /^((SYN|ACK|URG|PSH|FIN|RST)(,(SYN|ACK|URG|PSH|FIN|RST))*|ALL|NONE)\/((SYN|ACK|URG|PSH|FIN|RST)(,(SYN|ACK|URG|PSH|FIN|RST))*|ALL|NONE)$/;
/** `state='NEW,ESTABLISHED'` (or `NONE`). */
const stateFlags = textOrVariable<string>(
  'connection states (NEW,ESTABLISHED,RELATED,INVALID or NONE)',
  (t) => STATE_FLAGS.test(t),
);
/** `flags='SYN,ACK/SYN'`: mask/set of TCP flags. */
const tcpFlags = textOrVariable<string>('TCP flags as MASK/SET (e.g. SYN,ACK/SYN)', (t) => TCP_FLAGS.test(t));

// Attribute groups of nwfilter.rng, spread into each protocol's element.
const match = { match: attr(yesNo) } as const;
const comment = { comment: attr(str) } as const;
const srcMac = { srcmacaddr: attr(nwfilterMac) } as const;
const srcMacAndMask = { ...srcMac, srcmacmask: attr(nwfilterMac) } as const;
const l2 = { ...srcMacAndMask, dstmacaddr: attr(nwfilterMac), dstmacmask: attr(nwfilterMac) } as const;
const ports = {
  srcportstart: attr(uint16),
  srcportend: attr(uint16),
  dstportstart: attr(uint16),
  dstportend: attr(uint16),
} as const;
const ipP1 = {
  srcipaddr: attr(nwfilterIpv4),
  srcipmask: attr(ipv4Mask),
  dstipaddr: attr(nwfilterIpv4),
  dstipmask: attr(ipv4Mask),
} as const;
const ipP2 = {
  srcipfrom: attr(nwfilterIpv4),
  srcipto: attr(nwfilterIpv4),
  dstipfrom: attr(nwfilterIpv4),
  dstipto: attr(nwfilterIpv4),
  dscp: attr(sixBit),
  connlimitAbove: attr(uint16, 'connlimit-above'),
  state: attr(stateFlags),
  ipset: attr(str),
  ipsetflags: attr(str),
} as const;
const ipv6P1 = {
  srcipaddr: attr(nwfilterIpv6),
  srcipmask: attr(ipv6Mask),
  dstipaddr: attr(nwfilterIpv6),
  dstipmask: attr(ipv6Mask),
} as const;
const ipv6P2 = {
  srcipfrom: attr(nwfilterIpv6),
  srcipto: attr(nwfilterIpv6),
  dstipfrom: attr(nwfilterIpv6),
  dstipto: attr(nwfilterIpv6),
  dscp: attr(sixBit),
  // The schema leaves these out of the IPv6 group, but libvirt reads and writes them for every IP protocol.
  connlimitAbove: attr(uint16, 'connlimit-above'),
  state: attr(stateFlags),
  ipset: attr(str),
  ipsetflags: attr(str),
} as const;
const icmp = { type: attr(uint8), code: attr(uint8) } as const;

/** `<mac>`: Ethernet frames (ebtables). */
export const nwfilterMacMatch = element({
  ...match,
  ...l2,
  protocolid: attr(macProtocol),
  ...comment,
});
/** `<vlan>`: 802.1Q frames. */
export const nwfilterVlanMatch = element({
  ...match,
  ...l2,
  vlanid: attr(vlanId),
  encapProtocol: attr(macProtocol, 'encap-protocol'),
  ...comment,
});
/** `<stp>`: spanning tree BPDUs. */
export const nwfilterStpMatch = element({
  ...match,
  ...srcMacAndMask,
  type: attr(uint8),
  flags: attr(uint8),
  rootPriority: attr(uint16, 'root-priority'),
  rootPriorityHi: attr(uint16, 'root-priority-hi'),
  rootAddress: attr(nwfilterMac, 'root-address'),
  rootAddressMask: attr(nwfilterMac, 'root-address-mask'),
  rootCost: attr(uint32, 'root-cost'),
  rootCostHi: attr(uint32, 'root-cost-hi'),
  senderPriority: attr(uint16, 'sender-priority'),
  senderPriorityHi: attr(uint16, 'sender-priority-hi'),
  senderAddress: attr(nwfilterMac, 'sender-address'),
  senderAddressMask: attr(nwfilterMac, 'sender-address-mask'),
  port: attr(uint16),
  portHi: attr(uint16, 'port-hi'),
  age: attr(uint16),
  ageHi: attr(uint16, 'age-hi'),
  maxAge: attr(uint16, 'max-age'),
  maxAgeHi: attr(uint16, 'max-age-hi'),
  helloTime: attr(uint16, 'hello-time'),
  helloTimeHi: attr(uint16, 'hello-time-hi'),
  forwardDelay: attr(uint16, 'forward-delay'),
  forwardDelayHi: attr(uint16, 'forward-delay-hi'),
  ...comment,
});
/** `<arp>` and `<rarp>` (attributes in the order libvirt writes them, as for every match). */
export const nwfilterArpMatch = element({
  ...match,
  ...l2,
  hwtype: attr(uint16),
  protocoltype: attr(uint16),
  opcode: attr(arpOpcode),
  arpsrcmacaddr: attr(nwfilterMac),
  arpsrcipaddr: attr(nwfilterIpv4),
  arpsrcipmask: attr(ipv4Mask),
  arpdstmacaddr: attr(nwfilterMac),
  arpdstipaddr: attr(nwfilterIpv4),
  arpdstipmask: attr(ipv4Mask),
  gratuitous: attr(nwfilterBoolean),
  ...comment,
});
/** `<ip>`: IPv4 at layer 2 (ebtables). */
export const nwfilterIpMatch = element({
  ...match,
  ...l2,
  ...ipP1,
  protocol: attr(ipProtocol),
  ...ports,
  dscp: attr(sixBit),
  ...comment,
});
/** `<ipv6>`: IPv6 at layer 2 (ebtables). */
export const nwfilterIpv6Match = element({
  ...match,
  ...l2,
  ...ipv6P1,
  protocol: attr(ipProtocol),
  ...ports,
  type: attr(uint8),
  typeend: attr(uint8),
  code: attr(uint8),
  codeend: attr(uint8),
  ...comment,
});
/** `<udp>`, `<sctp>` (IPv4, iptables): ports, addresses, connection state. */
export const nwfilterPortMatch = element({ ...match, ...srcMac, ...ipP1, ...ipP2, ...ports, ...comment });
/** `<tcp>` (IPv4): as udp, plus the TCP `flags` (`'SYN,ACK/SYN'`: mask/set). */
export const nwfilterTcpMatch = element({
  ...match,
  ...srcMac,
  ...ipP1,
  ...ipP2,
  ...ports,
  flags: attr(tcpFlags),
  ...comment,
});
/** `<icmp>` (IPv4): type and code. */
export const nwfilterIcmpMatch = element({ ...match, ...srcMac, ...ipP1, ...ipP2, ...icmp, ...comment });
/** `<igmp>`, `<esp>`, `<ah>`, `<udplite>`, `<all>` (IPv4). */
export const nwfilterIpProtocolMatch = element({ ...match, ...srcMac, ...ipP1, ...ipP2, ...comment });
/** `<udp-ipv6>`, `<sctp-ipv6>`. */
export const nwfilterPortV6Match = element({
  ...match,
  ...srcMac,
  ...ipv6P1,
  ...ipv6P2,
  ...ports,
  ...comment,
});
/** `<tcp-ipv6>`: as udp-ipv6, plus the TCP `flags`. */
export const nwfilterTcpV6Match = element({
  ...match,
  ...srcMac,
  ...ipv6P1,
  ...ipv6P2,
  ...ports,
  flags: attr(tcpFlags),
  ...comment,
});
/** `<icmpv6>`. */
export const nwfilterIcmpv6Match = element({
  ...match,
  ...srcMac,
  ...ipv6P1,
  ...ipv6P2,
  ...icmp,
  ...comment,
});
/** `<igmp-ipv6>`… `<all-ipv6>`, `<esp-ipv6>`, `<ah-ipv6>`, `<udplite-ipv6>`. */
export const nwfilterIpv6ProtocolMatch = element({ ...match, ...srcMac, ...ipv6P1, ...ipv6P2, ...comment });

export type NWFilterMacMatch = XmlType<typeof nwfilterMacMatch>;
export type NWFilterVlanMatch = XmlType<typeof nwfilterVlanMatch>;
export type NWFilterStpMatch = XmlType<typeof nwfilterStpMatch>;
export type NWFilterArpMatch = XmlType<typeof nwfilterArpMatch>;
export type NWFilterIpMatch = XmlType<typeof nwfilterIpMatch>;
export type NWFilterIpv6Match = XmlType<typeof nwfilterIpv6Match>;
export type NWFilterPortMatch = XmlType<typeof nwfilterPortMatch>;
export type NWFilterTcpMatch = XmlType<typeof nwfilterTcpMatch>;
export type NWFilterIcmpMatch = XmlType<typeof nwfilterIcmpMatch>;
export type NWFilterIpProtocolMatch = XmlType<typeof nwfilterIpProtocolMatch>;
export type NWFilterPortV6Match = XmlType<typeof nwfilterPortV6Match>;
export type NWFilterTcpV6Match = XmlType<typeof nwfilterTcpV6Match>;
export type NWFilterIcmpv6Match = XmlType<typeof nwfilterIcmpv6Match>;
export type NWFilterIpv6ProtocolMatch = XmlType<typeof nwfilterIpv6ProtocolMatch>;

/** The actions a `<rule action=>` may name. */
export const NWFILTER_ACTIONS = ['drop', 'accept', 'reject', 'continue', 'return'] as const;
/** What a rule does with a matching packet (`<rule action=>`). */
export type NWFilterAction = (typeof NWFILTER_ACTIONS)[number];
/** The directions a `<rule direction=>` may name. */
export const NWFILTER_DIRECTIONS = ['in', 'out', 'inout'] as const;
/** Which traffic a rule applies to (`<rule direction=>`): into the guest, out of it, or both. */
export type NWFilterDirection = (typeof NWFILTER_DIRECTIONS)[number];

const priority = (): Kind<number> => {
  const kind: Kind<number> = {
    describe: 'an integer -1000..1000',
    parse(text) {
      const n = int.parse(text);
      return n !== undefined && n >= -1000 && n <= 1000 ? n : undefined;
    },
    format(value) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -1000 || value > 1000)
        fail(kind.describe, value);
      return String(value);
    },
  };
  return kind;
};
/**
 * `<rule action= direction= priority= statematch=>` with at most one protocol match (the property named after
 * its element; an empty rule matches every frame).
 */
export const nwfilterRule = element({
  action: attr(oneOf(...NWFILTER_ACTIONS)),
  direction: attr(oneOf(...NWFILTER_DIRECTIONS)),
  /** -1000..1000; lower runs first (default 500). */
  priority: attr(priority()),
  statematch: attr(stateMatch),
  mac: child(nwfilterMacMatch),
  vlan: child(nwfilterVlanMatch),
  stp: child(nwfilterStpMatch),
  arp: child(nwfilterArpMatch),
  rarp: child(nwfilterArpMatch),
  ip: child(nwfilterIpMatch),
  ipv6: child(nwfilterIpv6Match),
  tcp: child(nwfilterTcpMatch),
  udp: child(nwfilterPortMatch),
  sctp: child(nwfilterPortMatch),
  icmp: child(nwfilterIcmpMatch),
  igmp: child(nwfilterIpProtocolMatch),
  all: child(nwfilterIpProtocolMatch),
  esp: child(nwfilterIpProtocolMatch),
  ah: child(nwfilterIpProtocolMatch),
  udplite: child(nwfilterIpProtocolMatch),
  tcpIpv6: child(nwfilterTcpV6Match, 'tcp-ipv6'),
  udpIpv6: child(nwfilterPortV6Match, 'udp-ipv6'),
  sctpIpv6: child(nwfilterPortV6Match, 'sctp-ipv6'),
  icmpv6: child(nwfilterIcmpv6Match),
  allIpv6: child(nwfilterIpv6ProtocolMatch, 'all-ipv6'),
  espIpv6: child(nwfilterIpv6ProtocolMatch, 'esp-ipv6'),
  ahIpv6: child(nwfilterIpv6ProtocolMatch, 'ah-ipv6'),
  udpliteIpv6: child(nwfilterIpv6ProtocolMatch, 'udplite-ipv6'),
});
export type NWFilterRule = XmlType<typeof nwfilterRule>;

/** `<parameter name= value=/>`: a value for a variable of the referenced filter (repeat a name for a list). */
export const nwfilterParameter = element({ name: attr(str), value: attr(str) });
export type NWFilterParameter = XmlType<typeof nwfilterParameter>;

/** `<filterref filter=>`: includes another filter, passing it parameters (`IP`, `MAC`, `CTRL_IP_LEARNING`, …). */
export const nwfilterRef = element({
  filter: attr(str),
  parameters: list(nwfilterParameter, 'parameter'),
});
export type NWFilterRef = XmlType<typeof nwfilterRef>;

/** The protocols a filter chain name starts with (`ipv4`, `arp-xyz`, …). */
export const NWFILTER_CHAIN_PROTOCOLS = ['mac', 'stp', 'vlan', 'arp', 'rarp', 'ipv4', 'ipv6'] as const;
/**
 * A filter's `chain`: `root`, or a protocol chain optionally followed by a suffix of up to 8 or 9 characters
 * (`ipv4`, `ipv4-web`, `arp-xyz`); the suffix keeps the chains of several filters of one protocol apart.
 */
export type NWFilterChain = 'root' | `${(typeof NWFILTER_CHAIN_PROTOCOLS)[number]}${string}`;
const CHAIN = /^(root|(mac|stp|arp)[a-zA-Z0-9_.:-]{0,9}|(vlan|rarp|ipv4|ipv6)[a-zA-Z0-9_.:-]{0,8})$/;
const NWFILTER_CHAIN = "'root' or a protocol chain (mac, stp, vlan, arp, rarp, ipv4, ipv6, with a suffix)";
/** The kind of a filter's `chain` attribute: `'root'`, or a protocol chain with an optional suffix. */
export const nwfilterChain: Kind<NWFilterChain> = {
  describe: NWFILTER_CHAIN,
  parse: (text) => (CHAIN.test(text) ? (text as NWFilterChain) : undefined),
  format(value) {
    if (typeof value !== 'string' || !CHAIN.test(value)) fail(NWFILTER_CHAIN, value);
    return value;
  },
};

export const nwfilter = element({
  /** The filter's name (an XML NCName: letters, digits, `-`, `_`, `.`). */
  name: attr(str),
  chain: attr(nwfilterChain),
  /** -1000..1000: the order of this filter's chain among the others. */
  priority: attr(priority()),
  uuid: leaf(uuid),
  filterrefs: list(nwfilterRef, 'filterref'),
  rules: list(nwfilterRule, 'rule'),
});
export type NWFilterDef = XmlType<typeof nwfilter>;

export const nwfilterDocument = defineDocument('filter', nwfilter);
export const parseNWFilterXml = (xml: string): NWFilterDef => nwfilterDocument.parse(xml);
export const buildNWFilterXml = (def: NWFilterDef): string => nwfilterDocument.build(def);
