/**
 * vCPUs, emulator threads and IOThreads of one domain: where each runs and which host CPUs it may use. The
 * functions behind `dom.tuning`'s pinning and IOThread methods; CPU lists are checked against the host's CPU
 * count before C.
 */
import { DomainVcpuFlags, VcpuState } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { requireBoolean, requireUint32 } from '../core/checks.js';
import { cpumapOf, cpusOf, hostCpuCount, mapLength } from '../core/cpumap.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { type AffectOptions, affectFlags } from './options.js';

/** A vCPU state, by name: `'offline'`, `'running'`, `'blocked'` (`virVcpuState`). */
export type VcpuStateName = EnumName<typeof VcpuState>;
const VCPU_STATES = enumNames(VcpuState);

/** One vCPU of a running domain (`virDomainGetVcpus`). */
export interface VcpuInfo {
  /** The vCPU's number, from 0. */
  number: number;
  /** What the vCPU is doing: `'offline'`, `'running'` or `'blocked'` (`virVcpuState`). */
  state: VcpuStateName | 'unknown';
  /** CPU time used, in nanoseconds (a bigint by the 64-bit rule). */
  cpuTimeNs: bigint;
  /** The host CPU it runs on now (-1 when offline). */
  cpu: number;
  /** The host CPUs it may run on. */
  affinity: number[];
}

/** One IOThread (`virDomainGetIOThreadInfo`). */
export interface IOThreadInfo {
  /** The IOThread's ID (`<iothread id=>`). */
  id: number;
  /** The host CPUs it may run on. */
  affinity: number[];
}

/** The vCPUs of a running domain with their placement and affinity. */
export async function vcpuInfo(domain: Handle): Promise<VcpuInfo[]> {
  const [hostCpus, info] = await Promise.all([hostCpuCount(domain), call('virDomainGetInfo', domain)]);
  const { info: vcpus, cpumaps } = await call(
    'virDomainGetVcpus',
    domain,
    info.nrVirtCpu,
    mapLength(hostCpus),
  );
  return vcpus.map((v, i) => ({
    number: v.number,
    state: VCPU_STATES.nameOf(v.state) ?? 'unknown',
    cpuTimeNs: v.cpuTime,
    cpu: v.cpu,
    affinity: cpusOf(cpumaps[i] ?? new Uint8Array()),
  }));
}

/**
 * Pins one vCPU to `cpus`: without options the original `virDomainPinVcpu` (the running guest; works on every
 * driver), with `{ live, config }` `virDomainPinVcpuFlags`.
 */
export async function pinVcpu(
  domain: Handle,
  vcpu: number,
  cpus: readonly number[],
  options?: AffectOptions,
): Promise<void> {
  requireUint32(vcpu, 'tuning.pinVcpu vcpu');
  const flags = affectFlags(options, 'tuning.pinVcpu options');
  const map = cpumapOf(cpus, await hostCpuCount(domain), 'tuning.pinVcpu cpus');
  if (options === undefined) await call('virDomainPinVcpu', domain, vcpu, map);
  else await call('virDomainPinVcpuFlags', domain, vcpu, map, flags);
}

/** Each vCPU's allowed host CPUs, indexed by vCPU number (`virDomainGetVcpuPinInfo`). */
export async function vcpuPinInfo(domain: Handle, options?: AffectOptions): Promise<number[][]> {
  const flags = affectFlags(options, 'tuning.vcpuPinInfo options');
  // Room for the maximum vCPU count of the same definition; libvirt fills one map per vCPU it has.
  const [hostCpus, maxVcpus] = await Promise.all([
    hostCpuCount(domain),
    call('virDomainGetVcpusFlags', domain, flags | DomainVcpuFlags.MAXIMUM),
  ]);
  const maps = await call('virDomainGetVcpuPinInfo', domain, maxVcpus, mapLength(hostCpus), flags);
  return maps.map(cpusOf);
}

export async function pinEmulator(
  domain: Handle,
  cpus: readonly number[],
  options?: AffectOptions,
): Promise<void> {
  const flags = affectFlags(options, 'tuning.pinEmulator options');
  const map = cpumapOf(cpus, await hostCpuCount(domain), 'tuning.pinEmulator cpus');
  await call('virDomainPinEmulator', domain, map, flags);
}

export async function emulatorPinInfo(domain: Handle, options?: AffectOptions): Promise<number[]> {
  const flags = affectFlags(options, 'tuning.emulatorPinInfo options');
  const hostCpus = await hostCpuCount(domain);
  return cpusOf(await call('virDomainGetEmulatorPinInfo', domain, mapLength(hostCpus), flags));
}

/**
 * Enables or disables individual vCPUs (`virDomainSetVcpu`), given as numbers; libvirt takes them as a list
 * like "1,3-4".
 */
export async function setVcpu(
  domain: Handle,
  vcpus: readonly number[],
  enabled: boolean,
  options?: AffectOptions,
): Promise<void> {
  if (!Array.isArray(vcpus) || vcpus.length === 0) {
    throw new TypeError('tuning.setVcpu vcpus must be a non-empty array of vCPU numbers');
  }
  const list = vcpus.map((v, i) => requireUint32(v, `tuning.setVcpu vcpus[${i}]`)).join(',');
  const state = requireBoolean(enabled, 'tuning.setVcpu enabled') ? 1 : 0;
  await call('virDomainSetVcpu', domain, list, state, affectFlags(options, 'tuning.setVcpu options'));
}

export async function iothreadInfo(domain: Handle, options?: AffectOptions): Promise<IOThreadInfo[]> {
  const list = await call(
    'virDomainGetIOThreadInfo',
    domain,
    affectFlags(options, 'tuning.iothreads options'),
  );
  return list.map((t) => ({ id: t.iothread_id, affinity: cpusOf(t.cpumap) }));
}

export async function pinIOThread(
  domain: Handle,
  id: number,
  cpus: readonly number[],
  options?: AffectOptions,
): Promise<void> {
  requireIOThreadId(id, 'tuning.pinIOThread id');
  const flags = affectFlags(options, 'tuning.pinIOThread options');
  const map = cpumapOf(cpus, await hostCpuCount(domain), 'tuning.pinIOThread cpus');
  await call('virDomainPinIOThread', domain, id, map, flags);
}

/** IOThread IDs start at 1. */
export function requireIOThreadId(id: unknown, what: string): number {
  const n = requireUint32(id, what);
  if (n === 0) throw new RangeError(`${what} must be at least 1 (IOThread IDs start at 1)`);
  return n;
}
