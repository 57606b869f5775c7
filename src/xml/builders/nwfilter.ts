import { tagKind } from '../engine/document.js';
import {
  buildNWFilterXml,
  NWFILTER_ACTIONS,
  NWFILTER_DIRECTIONS,
  type NWFilterAction,
  type NWFilterChain,
  type NWFilterDef,
  type NWFilterDirection,
  type NWFilterRule,
  nwfilterChain,
  nwfilterDocument,
} from '../nwfilter.js';
import { badInput, checkInteger, checkOneOf, checkUuid } from './checks.js';

/** The protocol matches a rule can hold, by property name. */
export type NWFilterProtocol = Exclude<
  keyof NWFilterRule,
  'action' | 'direction' | 'priority' | 'statematch' | '$extra'
>;

const PROTOCOLS: readonly NWFilterProtocol[] = [
  'mac',
  'vlan',
  'stp',
  'arp',
  'rarp',
  'ip',
  'ipv6',
  'tcp',
  'udp',
  'sctp',
  'icmp',
  'igmp',
  'all',
  'esp',
  'ah',
  'udplite',
  'tcpIpv6',
  'udpIpv6',
  'sctpIpv6',
  'icmpv6',
  'allIpv6',
  'espIpv6',
  'ahIpv6',
  'udpliteIpv6',
];

/** Filter names are XML NCNames (nwfilter.rng). */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const PARAM_NAME = /^[a-zA-Z0-9_]+$/;
const PARAM_VALUE = /^[a-zA-Z0-9_.:]+$/;

/** Options of one rule of `NWFilterBuilder.rule()`: its priority and state matching. */
export interface NWFilterRuleOptions {
  /** -1000..1000; lower runs first (libvirt's default 500). */
  priority?: number;
  /** `false`: do not track connection state for this rule. */
  statematch?: false;
}

/** Filter parameters: a value, or a list (the variable then iterates over it). */
export type NWFilterParameters = Record<string, string | number | ReadonlyArray<string | number>>;

/**
 * A network filter's rule set, as one writes it for `hv.nwfilters.define()`:
 *
 * ```ts
 * const def = new NWFilterBuilder('web-in', { chain: 'ipv4' })
 *   .filterref('clean-traffic', { IP: '$IP' })
 *   .rule('accept', 'in', 'tcp', { dstportstart: 443, state: 'NEW' }, { priority: 100 })
 *   .rule('accept', 'inout', 'icmp')
 *   .rule('drop', 'inout', 'all')
 *   .build();
 * ```
 *
 * The protocol names the rule's match element by its property in `NWFilterRule` (`tcpIpv6` is `<tcp-ipv6>`);
 * the match's attributes are typed per protocol. Every value is checked when `build()` writes the filter once.
 */
export class NWFilterBuilder {
  readonly #def: NWFilterDef;

  /** A filter named `name`; `chain` (`root`, `ipv4`, `arp-xyz`, …) and `priority` as libvirt takes them. */
  constructor(name: string, options: { chain?: NWFilterChain; priority?: number; uuid?: string } = {}) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw badInput(`filter name must be an XML name (letters, digits, _ . -), got ${JSON.stringify(name)}`);
    }
    this.#def = { name };
    if (options.chain !== undefined) {
      if (nwfilterChain.parse(String(options.chain)) === undefined || typeof options.chain !== 'string') {
        throw badInput(
          `filter chain must be 'root' or a protocol chain (mac, stp, vlan, arp, rarp, ipv4, ipv6, optionally with a suffix), got ${JSON.stringify(options.chain)}`,
        );
      }
      this.#def.chain = options.chain;
    }
    if (options.priority !== undefined)
      this.#def.priority = checkInteger('filter priority', options.priority, -1000, 1000);
    if (options.uuid !== undefined) this.#def.uuid = checkUuid('filter uuid', options.uuid);
  }

  /** Includes another filter, passing it parameters (`{ IP: '203.0.113.5', MAC: ['…', '…'] }`). */
  filterref(filter: string, parameters: NWFilterParameters = {}): this {
    if (typeof filter !== 'string' || !NAME.test(filter)) {
      throw badInput(`filterref filter must be a filter name, got ${JSON.stringify(filter)}`);
    }
    const ref: NonNullable<NWFilterDef['filterrefs']>[number] = { filter };
    const params = parametersOf(parameters);
    if (params.length > 0) ref.parameters = params;
    this.#def.filterrefs = [...(this.#def.filterrefs ?? []), ref];
    return this;
  }

  /**
   * Adds a rule: `action` on traffic in `direction`, matching `protocol` with `match`'s attributes (none: every
   * frame).
   */
  rule<P extends NWFilterProtocol>(
    action: NWFilterAction,
    direction: NWFilterDirection,
    protocol?: P,
    match: NonNullable<NWFilterRule[P]> = {} as NonNullable<NWFilterRule[P]>,
    options: NWFilterRuleOptions = {},
  ): this {
    const rule: NWFilterRule = {
      action: checkOneOf('rule action', action, NWFILTER_ACTIONS),
      direction: checkOneOf('rule direction', direction, NWFILTER_DIRECTIONS),
    };
    if (options.priority !== undefined)
      rule.priority = checkInteger('rule priority', options.priority, -1000, 1000);
    if (options.statematch !== undefined) {
      if (options.statematch !== false) throw badInput('rule statematch can only be false');
      rule.statematch = false;
    }
    if (protocol !== undefined) {
      const p = checkOneOf('rule protocol', protocol, PROTOCOLS);
      if (match === null || typeof match !== 'object' || Array.isArray(match)) {
        throw badInput(`rule match must be an object of ${p} attributes, got ${JSON.stringify(match)}`);
      }
      (rule as Record<string, unknown>)[p] = { ...match };
    }
    this.#def.rules = [...(this.#def.rules ?? []), rule];
    return this;
  }

  /** The definition, checked by writing it once (a bad match value is an XmlError naming its path). */
  build(): NWFilterDef {
    const def = structuredClone(this.#def);
    buildNWFilterXml(def);
    return tagKind(def, nwfilterDocument);
  }
}

function parametersOf(parameters: NWFilterParameters): Array<{ name: string; value: string }> {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw badInput('filterref parameters must be an object of name → value(s)');
  }
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, raw] of Object.entries(parameters)) {
    if (!PARAM_NAME.test(name))
      throw badInput(`filter parameter name ${JSON.stringify(name)} must be [a-zA-Z0-9_]+`);
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) throw badInput(`filter parameter ${name} has no value`);
    for (const v of values) {
      const value = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      if (typeof value !== 'string' || !PARAM_VALUE.test(value)) {
        throw badInput(`filter parameter ${name}'s value must be [a-zA-Z0-9_.:]+, got ${JSON.stringify(v)}`);
      }
      out.push({ name, value });
    }
  }
  return out;
}
