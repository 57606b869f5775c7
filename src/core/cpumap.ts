/**
 * libvirt's CPU maps (one bit per host CPU, CPU 0 in the low bit of byte 0) as lists of CPU numbers, and the
 * host CPU count that sizes them.
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { requireUint32 } from './checks.js';

/** The CPU numbers set in `map`. */
export function cpusOf(map: Uint8Array): number[] {
  const cpus: number[] = [];
  for (let byte = 0; byte < map.length; byte++) {
    for (let bit = 0; bit < 8; bit++) if (map[byte]! & (1 << bit)) cpus.push(byte * 8 + bit);
  }
  return cpus;
}

/** A map of `cpus` (checked before C: a non-empty list of CPU numbers the host has). */
export function cpumapOf(cpus: unknown, hostCpus: number, what: string): Uint8Array {
  if (!Array.isArray(cpus) || cpus.length === 0) {
    throw new TypeError(`${what} must be a non-empty array of host CPU numbers`);
  }
  const map = new Uint8Array(mapLength(hostCpus));
  for (const [i, cpu] of cpus.entries()) {
    const n = requireUint32(cpu, `${what}[${i}]`);
    if (n >= hostCpus) throw new RangeError(`${what}[${i}]: the host has CPUs 0-${hostCpus - 1}, got ${n}`);
    map[n >> 3]! |= 1 << (n & 7);
  }
  return map;
}

export const mapLength = (hostCpus: number) => Math.max(1, Math.ceil(hostCpus / 8));

/** The number of CPUs of the domain's host (`virNodeGetCPUMap`), which sizes every map. */
export async function hostCpuCount(domain: Handle): Promise<number> {
  if (!domain.connection) throw new TypeError('cpumap: the domain handle has no connection');
  return (await call('virNodeGetCPUMap', domain.connection, 0)).ret;
}
