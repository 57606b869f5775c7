/**
 * `dom.agent`: what libvirt asks the guest agent (qemu-guest-agent) for — filesystems, users, time, vCPUs,
 * addresses — and `agentCommand`, a raw agent command through libvirt-qemu. Without a responding agent each
 * call rejects with libvirt's typed error (`AGENT_UNRESPONSIVE`, `ARGUMENT_UNSUPPORTED`, `OPERATION_INVALID`).
 */
import {
  DomainAgentResponseTimeoutValues,
  DomainAuthorizedSSHKeysSetFlags,
  DomainGetHostnameFlags,
  DomainGuestInfoTypes,
  DomainInterfaceAddressesSource,
  DomainQemuAgentCommandTimeoutValues,
  DomainSetTimeFlags,
  DomainSetUserPasswordFlags,
  IPAddrType,
} from '../../native/generated/enums.js';
import type { TypedParams } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionalByteCount,
  optionalString,
  optionsObject,
  requireBoolean,
  requireCount,
  requireNonEmptyString,
  requireOneOf,
  requireString,
} from '../core/checks.js';

/** `agent.fsInfo()`: one mounted filesystem of the guest. */
export interface GuestFilesystem {
  /** Where the filesystem is mounted in the guest ("/"). */
  mountpoint: string;
  /** Device name in the guest, e.g. "sda1". */
  name: string;
  /** The filesystem type ("ext4", "xfs", …). */
  fstype: string;
  /** The domain's disk targets backing it ("vda"). */
  devAliases: string[];
}

/** `agent.interfaceAddresses()`: one guest interface. */
export interface GuestInterface {
  /** The interface's name in the guest ("eth0"). */
  name: string;
  /** MAC address, when known. */
  hwaddr: string | undefined;
  /** Its IP addresses, with their prefix lengths. */
  addrs: {
    /** The address family. */
    type: 'ipv4' | 'ipv6';
    /** The address ("192.168.122.10"). */
    addr: string;
    /** The prefix length (24). */
    prefix: number;
  }[];
}

/** Where `interfaceAddresses` and `hostname` learn from. */
export type AddressSource = 'lease' | 'agent' | 'arp';

const SOURCES: Record<AddressSource, number> = {
  lease: DomainInterfaceAddressesSource.LEASE,
  agent: DomainInterfaceAddressesSource.AGENT,
  arp: DomainInterfaceAddressesSource.ARP,
};

/**
 * A domain's interfaces and addresses (`virDomainInterfaceAddresses`) from DHCP leases (default), the guest
 * agent or the host's ARP table: `dom.interfaceAddresses()` and `dom.agent.interfaceAddresses()`.
 */
export async function interfaceAddresses(
  domain: Handle,
  options: { source?: AddressSource } | undefined,
  what: string,
): Promise<GuestInterface[]> {
  const opts = optionsObject(options, `${what} options`, ['source']);
  const source =
    opts.source === undefined
      ? 'lease'
      : requireOneOf(opts.source, `${what} source`, ['lease', 'agent', 'arp'] as const);
  const list = await call('virDomainInterfaceAddresses', domain, SOURCES[source], 0);
  return list.map((i) => ({
    name: i.name ?? '',
    hwaddr: i.hwaddr ?? undefined,
    addrs: i.addrs.map((a) => ({
      type: a.type === IPAddrType.IPV6 ? ('ipv6' as const) : ('ipv4' as const),
      addr: a.addr ?? '',
      prefix: a.prefix,
    })),
  }));
}

/** The sections `guestInfo` may ask for (`virDomainGuestInfoTypes`); none = all. */
export type GuestInfoType = 'users' | 'os' | 'timezone' | 'hostname' | 'filesystem' | 'disks' | 'interfaces';

const GUEST_INFO: Record<GuestInfoType, number> = {
  users: DomainGuestInfoTypes.USERS,
  os: DomainGuestInfoTypes.OS,
  timezone: DomainGuestInfoTypes.TIMEZONE,
  hostname: DomainGuestInfoTypes.HOSTNAME,
  filesystem: DomainGuestInfoTypes.FILESYSTEM,
  disks: DomainGuestInfoTypes.DISKS,
  interfaces: DomainGuestInfoTypes.INTERFACES,
};

/** `agent.time()`: the guest's clock, seconds and nanoseconds since the epoch. */
export interface GuestTime {
  /** Whole seconds since the epoch, by the guest's clock. */
  seconds: number;
  /** Nanoseconds past `seconds`. */
  nseconds: number;
}

/** `agent.guestVcpus()`: vCPU id lists in libvirt's cpumap syntax ("0-3,5"). */
export interface GuestVcpus {
  /** The vCPUs the guest has, as a list like "0-3". */
  vcpus: string;
  /** The vCPUs online in the guest, as a list like "0-1". */
  online: string;
  /** The vCPUs the guest can take offline, as a list like "1-3". */
  offlinable: string;
}

/** How long libvirt waits for the agent: seconds, or one of libvirt's special values. */
export type AgentTimeout = number | 'block' | 'default' | 'nowait';

function timeoutValue(
  value: unknown,
  what: string,
  special: { BLOCK: number; DEFAULT: number; NOWAIT: number },
): number {
  if (typeof value === 'string') {
    const name = requireOneOf(value, what, ['block', 'default', 'nowait'] as const);
    return { block: special.BLOCK, default: special.DEFAULT, nowait: special.NOWAIT }[name];
  }
  const seconds = requireCount(value, what);
  if (seconds > 0x7fffffff) throw new RangeError(`${what} must fit a C int, got ${seconds}`);
  return seconds;
}

function mountpointList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array of mount points`);
  return value.map((m, i) => requireNonEmptyString(m, `${what}[${i}]`));
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array of strings`);
  return value.map((k, i) => requireString(k, `${what}[${i}]`));
}

/** `dom.agent`: requests the guest agent answers. */
export class DomainAgent {
  readonly #handle: () => Handle;

  /** @internal */
  constructor(domain: () => Handle) {
    this.#handle = domain;
  }

  /**
   * Freezes the guest's filesystems (all, or these mount points); resolves how many were frozen
   * (`virDomainFSFreeze`).
   */
  async fsFreeze(mountpoints?: string[]): Promise<number> {
    return call(
      'virDomainFSFreeze',
      this.#handle(),
      mountpointList(mountpoints, 'agent.fsFreeze mountpoints'),
      0,
    );
  }

  /** Thaws what `fsFreeze` froze; resolves how many were thawed (`virDomainFSThaw`). */
  async fsThaw(mountpoints?: string[]): Promise<number> {
    return call(
      'virDomainFSThaw',
      this.#handle(),
      mountpointList(mountpoints, 'agent.fsThaw mountpoints'),
      0,
    );
  }

  /**
   * Discards unused blocks (`fstrim`): of one mount point or all, ignoring free ranges below `minimum` bytes
   * (`virDomainFSTrim`).
   */
  async fsTrim(options?: { mountpoint?: string; minimum?: number }): Promise<void> {
    const opts = optionsObject(options, 'agent.fsTrim options', ['mountpoint', 'minimum']);
    const mountpoint = optionalString(opts.mountpoint, 'agent.fsTrim mountpoint') ?? null;
    const minimum = optionalByteCount(opts.minimum, 'agent.fsTrim minimum') ?? 0;
    await call('virDomainFSTrim', this.#handle(), mountpoint, minimum, 0);
  }

  /** The guest's mounted filesystems (`virDomainGetFSInfo`). */
  async fsInfo(): Promise<GuestFilesystem[]> {
    const list = await call('virDomainGetFSInfo', this.#handle(), 0);
    return list.map((fs) => ({
      mountpoint: fs.mountpoint ?? '',
      name: fs.name ?? '',
      fstype: fs.fstype ?? '',
      devAliases: fs.devAlias,
    }));
  }

  /**
   * Guest information as libvirt's typed parameters (`user.0.name`, `os.id`, `fs.0.mountpoint`, …;
   * `virDomainGetGuestInfo`); `types` narrows the sections asked for.
   */
  async guestInfo(options?: { types?: GuestInfoType[] }): Promise<TypedParams> {
    const opts = optionsObject(options, 'agent.guestInfo options', ['types']);
    let types = 0;
    if (opts.types !== undefined) {
      if (!Array.isArray(opts.types)) throw new TypeError('agent.guestInfo types must be an array');
      const names = Object.keys(GUEST_INFO) as GuestInfoType[];
      for (const t of opts.types) types |= GUEST_INFO[requireOneOf(t, 'agent.guestInfo type', names)];
    }
    return call('virDomainGetGuestInfo', this.#handle(), types, 0);
  }

  /** The guest's hostname, from the agent or from the DHCP lease (`virDomainGetHostname`). */
  async hostname(options?: { source?: 'agent' | 'lease' }): Promise<string> {
    const opts = optionsObject(options, 'agent.hostname options', ['source']);
    let flags = 0;
    if (opts.source !== undefined) {
      const source = requireOneOf(opts.source, 'agent.hostname source', ['agent', 'lease'] as const);
      flags = source === 'agent' ? DomainGetHostnameFlags.AGENT : DomainGetHostnameFlags.LEASE;
    }
    return call('virDomainGetHostname', this.#handle(), flags);
  }

  /**
   * The guest's interfaces and addresses (`virDomainInterfaceAddresses`); default source: DHCP leases. The same
   * as `dom.interfaceAddresses()`.
   */
  interfaceAddresses(options?: { source?: AddressSource }): Promise<GuestInterface[]> {
    return interfaceAddresses(this.#handle(), options, 'agent.interfaceAddresses');
  }

  /**
   * Sets a guest user's password; `encrypted` when `password` is already a crypt(3) hash
   * (`virDomainSetUserPassword`).
   */
  async setUserPassword(user: string, password: string, options?: { encrypted?: boolean }): Promise<void> {
    requireNonEmptyString(user, 'agent.setUserPassword user');
    requireString(password, 'agent.setUserPassword password');
    const flags = flagsFrom(options, 'agent.setUserPassword options', {
      encrypted: DomainSetUserPasswordFlags.ENCRYPTED,
    });
    await call('virDomainSetUserPassword', this.#handle(), user, password, flags);
  }

  /** A guest user's SSH authorized keys (`virDomainAuthorizedSSHKeysGet`). */
  async authorizedKeys(user: string): Promise<string[]> {
    requireNonEmptyString(user, 'agent.authorizedKeys user');
    return call('virDomainAuthorizedSSHKeysGet', this.#handle(), user, 0);
  }

  /** Replaces a user's authorized keys, or `append`s / `remove`s these (`virDomainAuthorizedSSHKeysSet`). */
  async setAuthorizedKeys(
    user: string,
    keys: string[],
    options?: { append?: boolean; remove?: boolean },
  ): Promise<void> {
    requireNonEmptyString(user, 'agent.setAuthorizedKeys user');
    const list = stringList(keys, 'agent.setAuthorizedKeys keys');
    const flags = flagsFrom(options, 'agent.setAuthorizedKeys options', {
      append: DomainAuthorizedSSHKeysSetFlags.APPEND,
      remove: DomainAuthorizedSSHKeysSetFlags.REMOVE,
    });
    await call('virDomainAuthorizedSSHKeysSet', this.#handle(), user, list, flags);
  }

  /** The guest's clock (`virDomainGetTime`). */
  async time(): Promise<GuestTime> {
    const { seconds, nseconds } = await call('virDomainGetTime', this.#handle(), 0);
    return { seconds, nseconds };
  }

  /**
   * Sets the guest's clock to a time, or `{ sync: true }` to the host's clock as the guest's RTC reads it
   * (`virDomainSetTime`).
   */
  async setTime(time: GuestTime | { sync: true }): Promise<void> {
    const t = optionsObject(time, 'agent.setTime time', ['seconds', 'nseconds', 'sync']);
    if (t.sync !== undefined) {
      if (
        !requireBoolean(t.sync, 'agent.setTime sync') ||
        t.seconds !== undefined ||
        t.nseconds !== undefined
      ) {
        throw new TypeError('agent.setTime takes either { sync: true } or { seconds, nseconds }');
      }
      await call('virDomainSetTime', this.#handle(), 0, 0, DomainSetTimeFlags.SYNC);
      return;
    }
    const seconds = requireCount(t.seconds, 'agent.setTime seconds');
    const nseconds = t.nseconds === undefined ? 0 : requireCount(t.nseconds, 'agent.setTime nseconds');
    if (nseconds > 999_999_999)
      throw new RangeError(`agent.setTime nseconds must be below 1e9, got ${nseconds}`);
    await call('virDomainSetTime', this.#handle(), seconds, nseconds, 0);
  }

  /** The guest's vCPUs as the agent sees them (`virDomainGetGuestVcpus`). */
  async guestVcpus(): Promise<GuestVcpus> {
    const p = await call('virDomainGetGuestVcpus', this.#handle(), 0);
    return {
      vcpus: String(p.vcpus ?? ''),
      online: String(p.online ?? ''),
      offlinable: String(p.offlinable ?? ''),
    };
  }

  /** Brings the vCPUs in `cpumap` ("1-3,5") online or offline inside the guest (`virDomainSetGuestVcpus`). */
  async setGuestVcpus(cpumap: string, online: boolean): Promise<void> {
    requireNonEmptyString(cpumap, 'agent.setGuestVcpus cpumap');
    const state = requireBoolean(online, 'agent.setGuestVcpus online') ? 1 : 0;
    await call('virDomainSetGuestVcpus', this.#handle(), cpumap, state, 0);
  }

  /** How long libvirt waits for the agent on every later request (`virDomainAgentSetResponseTimeout`). */
  async setResponseTimeout(timeout: AgentTimeout): Promise<void> {
    const value = timeoutValue(timeout, 'agent.setResponseTimeout timeout', DomainAgentResponseTimeoutValues);
    await call('virDomainAgentSetResponseTimeout', this.#handle(), value, 0);
  }

  /**
   * Sends one raw command to the agent (`virDomainQemuAgentCommand`, libvirt-qemu; unsupported by libvirt
   * and taints the domain): `{ execute: 'guest-ping' }` or its JSON text. Resolves the agent's JSON reply.
   */
  async agentCommand(command: string | object, options?: { timeout?: AgentTimeout }): Promise<string> {
    if (command === null || (typeof command !== 'string' && typeof command !== 'object')) {
      throw new TypeError('agent.agentCommand command must be a JSON string or an object');
    }
    const text = typeof command === 'string' ? command : JSON.stringify(command);
    requireNonEmptyString(text, 'agent.agentCommand command');
    const opts = optionsObject(options, 'agent.agentCommand options', ['timeout']);
    const timeout =
      opts.timeout === undefined
        ? DomainQemuAgentCommandTimeoutValues.DEFAULT
        : timeoutValue(opts.timeout, 'agent.agentCommand timeout', DomainQemuAgentCommandTimeoutValues);
    return call('virDomainQemuAgentCommand', this.#handle(), text, timeout, 0);
  }
}
