/**
 * What the host offers: its capabilities, what one emulator/machine/virt type supports, CPU model names and
 * free memory. The Hypervisor's host methods delegate here; each is one worker round trip.
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalString, optionsObject, requireNonEmptyString } from '../core/checks.js';
import { ErrorCode, LibvirtError } from '../core/errors.js';
import {
  type Capabilities,
  type DomainCapabilities,
  parseCapabilitiesXml,
  parseDomainCapabilitiesXml,
} from '../xml/index.js';
import { summarizeVirtualization, type VirtualizationSupport } from './virtualization-support.js';

/** Which emulator/arch/machine/virt type `domainCapabilities` describes; libvirt picks defaults for the rest. */
export interface DomainCapabilitiesOptions {
  /** Emulator binary, e.g. '/usr/bin/qemu-system-x86_64'. */
  emulator?: string;
  /** Guest architecture, e.g. 'x86_64'. */
  arch?: string;
  /** Machine type, e.g. 'q35' or 'pc'. */
  machine?: string;
  /** Domain type, e.g. 'kvm' or 'qemu'. */
  virtType?: string;
}

export async function capabilitiesXml(conn: Handle): Promise<string> {
  return call('virConnectGetCapabilities', conn);
}

export async function capabilities(conn: Handle): Promise<Capabilities> {
  return parseCapabilitiesXml(await capabilitiesXml(conn));
}

export async function domainCapabilitiesXml(
  conn: Handle,
  options: DomainCapabilitiesOptions = {},
): Promise<string> {
  optionsObject(options, 'domainCapabilities options', ['emulator', 'arch', 'machine', 'virtType']);
  const emulator = optionalString(options.emulator, 'domainCapabilities emulator');
  const arch = optionalString(options.arch, 'domainCapabilities arch');
  const machine = optionalString(options.machine, 'domainCapabilities machine');
  const virtType = optionalString(options.virtType, 'domainCapabilities virtType');
  return call(
    'virConnectGetDomainCapabilities',
    conn,
    emulator ?? null,
    arch ?? null,
    machine ?? null,
    virtType ?? null,
    0,
  );
}

export async function domainCapabilities(
  conn: Handle,
  options: DomainCapabilitiesOptions = {},
): Promise<DomainCapabilities> {
  return parseDomainCapabilitiesXml(await domainCapabilitiesXml(conn, options));
}

export async function cpuModelNames(conn: Handle, arch: string): Promise<string[]> {
  requireNonEmptyString(arch, 'cpuModelNames arch');
  return call('virConnectGetCPUModelNames', conn, arch, 0);
}

/** Free memory of the host in bytes; a number by the 64-bit rule (exact up to 8 PiB). */
export async function freeMemory(conn: Handle): Promise<number> {
  return Number(await call('virNodeGetFreeMemory', conn));
}

/** `hv.virtualizationSupport()` options: which guest architecture and machine to ask about. */
export interface VirtualizationSupportOptions {
  /** Guest architecture to ask about; default the host's. */
  arch?: string;
  /** Machine type for the domain capabilities; default libvirt's for that arch. */
  machine?: string;
}

/**
 * Can this host run KVM guests, and what may a guest use? Reads the capabilities, then the domain
 * capabilities of the recommended virt type. Drivers without domain capabilities (the test driver) answer
 * with CPU models from `virConnectGetCPUModelNames` and empty device lists.
 */
export async function virtualizationSupport(
  conn: Handle,
  options: VirtualizationSupportOptions = {},
): Promise<VirtualizationSupport> {
  optionsObject(options, 'virtualizationSupport options', ['arch', 'machine']);
  const arch = optionalString(options.arch, 'virtualizationSupport arch');
  const machine = optionalString(options.machine, 'virtualizationSupport machine');
  const caps = await capabilities(conn);
  // The domcaps query needs the recommended type, which needs the caps: two steps, as virt-install does.
  const first = summarizeVirtualization(caps, undefined, [], arch);
  let domcaps: DomainCapabilities | undefined;
  try {
    domcaps = await domainCapabilities(conn, {
      arch: first.arch,
      virtType: first.recommendedVirtType,
      ...(machine !== undefined ? { machine } : {}),
    });
  } catch (err) {
    if (!(err instanceof LibvirtError && err.code === ErrorCode.NO_SUPPORT)) throw err;
  }
  const modelNames = domcaps ? [] : await cpuModelNamesOrNone(conn, first.arch);
  return summarizeVirtualization(caps, domcaps, modelNames, arch);
}

/** An arch libvirt's CPU driver does not cover is NO_SUPPORT ('sparc'): no named models, not a failure. */
async function cpuModelNamesOrNone(conn: Handle, arch: string): Promise<string[]> {
  try {
    return await cpuModelNames(conn, arch);
  } catch (err) {
    if (err instanceof LibvirtError && err.code === ErrorCode.NO_SUPPORT) return [];
    throw err;
  }
}
