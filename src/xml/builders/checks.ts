import { XmlError } from '../engine/errors.js';
import { uuid } from '../engine/kinds.js';

// Input checks the storage and network builders share. They throw XmlError 'BAD_INPUT' naming what is wrong,
// so a bad call fails at the builder rather than as a libvirt error at define time.

export function badInput(message: string): XmlError {
  return new XmlError('BAD_INPUT', message);
}

/** A libvirt object name: a non-empty string without '/' (libvirt refuses '/' in pool, volume and network names). */
export function checkObjectName(what: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw badInput(`${what} name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (name.includes('/')) throw badInput(`${what} name ${JSON.stringify(name)} must not contain '/'`);
  return name;
}

/** A non-empty string option. */
export function checkText(what: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw badInput(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A UUID (with or without dashes, as libvirt takes it). */
export function checkUuid(what: string, value: unknown): string {
  if (typeof value !== 'string' || uuid.parse(value) === undefined) {
    throw badInput(`${what} must be a UUID, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An absolute path (libvirt's absFilePath/absDirPath). */
export function checkAbsolutePath(what: string, value: unknown): string {
  checkText(what, value);
  if (!(value as string).startsWith('/')) {
    throw badInput(`${what} must be an absolute path, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

/** An integer in [min, max]. */
export function checkInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${what} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** One of a fixed set of strings. */
export function checkOneOf<const V extends string>(what: string, value: unknown, allowed: readonly V[]): V {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badInput(
      `${what} must be one of ${allowed.map((v) => `'${v}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as V;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;

/** 'ipv4' or 'ipv6' for an address's text; anything else is a BAD_INPUT naming `what`. */
export function ipFamilyOf(what: string, address: unknown): 'ipv4' | 'ipv6' {
  if (typeof address === 'string') {
    if (IPV4.test(address)) return 'ipv4';
    if (isIpv6(address)) return 'ipv6';
  }
  throw badInput(`${what} must be an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
}

function isIpv6(text: string): boolean {
  if (!IPV6_CHARS.test(text) || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = groups[groups.length - 1] ?? '';
  const tailV4 = last.includes('.');
  if (tailV4 && !IPV4.test(last)) return false;
  const hexGroups = tailV4 ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (tailV4 ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}
