/** Plain values the object API returns, and the small conversions from libvirt's encodings. */
import { DomainState } from '../../native/generated/enums.js';
import { type EnumName, enumNames } from './enum-names.js';

/** A domain's state, by name (libvirt's `virDomainState` in lower case): `'running'`, `'shutoff'`, … */
export type DomainStateName = EnumName<typeof DomainState>;

/** The state names, derived from the generated `virDomainState` table. */
export const DOMAIN_STATES = enumNames(DomainState);

/** A state's name; `'unknown'` for a state newer than this libvirt-ts, as every other decoder says. */
export function domainStateName(value: number): DomainStateName | 'unknown' {
  return DOMAIN_STATES.nameOf(value) ?? 'unknown';
}

/** A version number as libvirt encodes it: major * 1,000,000 + minor * 1,000 + release. */
export interface Version {
  /** The major version (9 in 9.0.0). */
  major: number;
  /** The minor version (1 in 9.1.0). */
  minor: number;
  /** The release number (the last of the three). */
  release: number;
  /** The encoded number, e.g. 9000000 for 9.0.0. */
  number: number;
  /** "9.0.0" */
  text: string;
}

export function decodeVersion(value: number): Version {
  const major = Math.floor(value / 1_000_000);
  const minor = Math.floor(value / 1_000) % 1_000;
  const release = value % 1_000;
  return { major, minor, release, number: value, text: `${major}.${minor}.${release}` };
}

/** `virDomainGetInfo`'s struct, as the binding decodes it. */
export interface RawDomainInfo {
  state: number;
  maxMem: number;
  memory: number;
  nrVirtCpu: number;
  cpuTime: bigint;
}

export function decodeDomainInfo(info: RawDomainInfo): DomainInfo {
  return {
    state: domainStateName(info.state),
    maxMemoryKiB: info.maxMem,
    memoryKiB: info.memory,
    vcpus: info.nrVirtCpu,
    cpuTimeNs: info.cpuTime,
  };
}

/** What `domain.info()` returns. */
export interface DomainInfo {
  /** `'unknown'` only for a state newer than this libvirt-ts. */
  state: DomainStateName | 'unknown';
  /** Maximum memory the guest may use, KiB. */
  maxMemoryKiB: number;
  /** Memory the guest has now, KiB. */
  memoryKiB: number;
  /** The number of virtual CPUs. */
  vcpus: number;
  /** CPU time used, nanoseconds: a `bigint` by the 64-bit rule (it passes 2^53 after ~104 CPU-days). */
  cpuTimeNs: bigint;
}

/** What `hv.nodeInfo()` returns. */
export interface NodeInfo {
  /** CPU model, e.g. "x86_64". */
  model: string;
  /** Memory size, KiB. */
  memoryKiB: number;
  /** Active CPUs. */
  cpus: number;
  /** Expected CPU frequency, MHz (0 when unknown). */
  mhz: number;
  /** NUMA nodes (1 for uniform memory access). */
  nodes: number;
  /** CPU sockets per NUMA node. */
  sockets: number;
  /** Cores per socket. */
  cores: number;
  /** Threads per core. */
  threads: number;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** True for a UUID in libvirt's accepted spellings (with or without dashes). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
