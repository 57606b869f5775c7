/**
 * `hv.host`: the rest of what libvirt tells about the host and its hypervisor driver — CPU and memory
 * counters, free memory per NUMA cell, the CPU map, the security model, host sysinfo, CPU comparison and
 * baselines, and the driver's conversions from and to native configuration.
 */
import {
  ConnectBaselineCPUFlags,
  ConnectCompareCPUFlags,
  CPUCompareResult,
  NodeGetCPUStatsAllCPUs,
  NodeGetMemoryStatsAllCells,
} from '../../native/generated/enums.js';
import type { TypedParams, TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionalString,
  optionsObject,
  requireNonEmptyString,
  requireUint32,
} from '../core/checks.js';
import { enumNames } from '../core/enum-names.js';
import { current } from '../core/live-handles.js';
import {
  parseStoragePoolCapabilitiesXml,
  type StoragePoolCapabilities,
} from '../xml/storage-pool-capabilities.js';

/** `compareCpu`'s answer: the host (or hypervisor) CPU cannot run, equals, or is a superset of the given CPU. */
export type CpuComparison = 'incompatible' | 'identical' | 'superset';
const COMPARISONS = enumNames(CPUCompareResult, ['ERROR']);

/** `host.compareCpu()` / `host.compareHypervisorCpu()` options (`VIR_CONNECT_COMPARE_CPU_*`). */
export interface CompareCpuOptions {
  /** Reject with OPERATION_FAILED (naming the missing features) instead of answering 'incompatible'. */
  failIncompatible?: boolean;
  /** Validate the XML against libvirt's schema first. */
  validateXml?: boolean;
}

/** Which emulator/arch/machine/virt type the hypervisor CPU is taken from; libvirt defaults the rest. */
export interface HypervisorCpuOptions {
  /** The emulator binary whose CPU to use; default libvirt's for the arch. */
  emulator?: string;
  /** The guest architecture; default the host's. */
  arch?: string;
  /** The machine type; default libvirt's for the arch. */
  machine?: string;
  /** The virtualization type (`'kvm'`, `'qemu'`); default libvirt's. */
  virtType?: string;
}

/** `host.baselineCpu()` / `host.baselineHypervisorCpu()` options (`VIR_CONNECT_BASELINE_CPU_*`). */
export interface BaselineCpuOptions {
  /** List every feature of the resulting model, not only those beyond it. */
  expandFeatures?: boolean;
  /** Leave out features that block migration. */
  migratable?: boolean;
}

/** What `cpuMap()` returns: which of the host's CPUs are online. */
export interface HostCpuMap {
  /** One entry per CPU present, true when online. */
  cpus: boolean[];
  /** How many CPUs are online. */
  online: number;
}

const COMPARE = {
  failIncompatible: ConnectCompareCPUFlags.FAIL_INCOMPATIBLE,
  validateXml: ConnectCompareCPUFlags.VALIDATE_XML,
};
const BASELINE = {
  expandFeatures: ConnectBaselineCPUFlags.EXPAND_FEATURES,
  migratable: ConnectBaselineCPUFlags.MIGRATABLE,
};
const HYPERVISOR_CPU_KEYS = ['emulator', 'arch', 'machine', 'virtType'] as const;

/**
 * `hv.host`: what libvirt tells about the host and its hypervisor driver: CPU and memory counters, free memory
 * per NUMA cell, the CPU map, the security model, host sysinfo, CPU comparison and baselines, and the driver's
 * conversions from and to native configuration.
 */
export class Host {
  /** The connection this was made with; `#connection` follows it across reconnects. */
  readonly #original: Handle;

  /** @internal Made by `Hypervisor`; reach it as `hv.host`. */
  constructor(connection: Handle) {
    this.#original = connection;
  }

  get #connection(): Handle {
    return current(this.#original);
  }

  /** The driver's name for its hypervisor: 'QEMU', 'TEST', 'LXC', … (`virConnectGetType`). */
  async hypervisorType(): Promise<string> {
    return call('virConnectGetType', this.#connection);
  }

  /** Most vCPUs one guest of `virtType` (default the driver's) may have (`virConnectGetMaxVcpus`). */
  async maxVcpus(virtType?: string): Promise<number> {
    return call(
      'virConnectGetMaxVcpus',
      this.#connection,
      optionalString(virtType, 'maxVcpus virtType') ?? null,
    );
  }

  /** The host's SMBIOS data as a `<sysinfo>` document (`virConnectGetSysinfo`). */
  async sysinfoXml(): Promise<string> {
    return call('virConnectGetSysinfo', this.#connection, 0);
  }

  /** Whether the connection to this host is encrypted (TLS, SSH) (`virConnectIsEncrypted`). */
  async isEncrypted(): Promise<boolean> {
    return (await call('virConnectIsEncrypted', this.#connection)) === 1;
  }

  /** Whether nobody can eavesdrop on the connection: encrypted or local (`virConnectIsSecure`). */
  async isSecure(): Promise<boolean> {
    return (await call('virConnectIsSecure', this.#connection)) === 1;
  }

  /** The storage pool types and volume formats this host supports, as XML (`virConnectGetStoragePoolCapabilities`). */
  async storagePoolCapabilitiesXml(): Promise<string> {
    return call('virConnectGetStoragePoolCapabilities', this.#connection, 0);
  }

  /**
   * The storage pool types this host supports and the pool and volume formats each accepts, typed by the XML
   * model (`{ pools: [{ type: 'dir', supported: true, volOptions: { defaultFormat, enums } }, …] }`). Reads it
   * with `virConnectGetStoragePoolCapabilities`.
   */
  async storagePoolCapabilities(): Promise<StoragePoolCapabilities> {
    return parseStoragePoolCapabilitiesXml(await this.storagePoolCapabilitiesXml());
  }

  /**
   * CPU time counters in nanoseconds ('user', 'system', 'idle', 'iowait', …), of one CPU or of all
   * (`virNodeGetCPUStats`). Cumulative counters, so bigints by the 64-bit rule.
   */
  async cpuStats(cpu?: number): Promise<Record<string, bigint>> {
    const which = cpu === undefined ? NodeGetCPUStatsAllCPUs.CPUS : requireUint32(cpu, 'cpuStats cpu');
    const stats = await call('virNodeGetCPUStats', this.#connection, which, 0);
    return Object.fromEntries(stats.map((s) => [s.field, s.value]));
  }

  /** Memory counters in KiB ('total', 'free', 'buffers', 'cached'), of one NUMA cell or all (`virNodeGetMemoryStats`). */
  async memoryStats(cell?: number): Promise<Record<string, number>> {
    const which =
      cell === undefined ? NodeGetMemoryStatsAllCells.CELLS : requireUint32(cell, 'memoryStats cell');
    const stats = await call('virNodeGetMemoryStats', this.#connection, which, 0);
    return Object.fromEntries(stats.map((s) => [s.field, Number(s.value)]));
  }

  /** Free memory in bytes of each NUMA cell from `startCell` on (`virNodeGetCellsFreeMemory`). */
  async cellsFreeMemory(startCell = 0): Promise<number[]> {
    const start = requireUint32(startCell, 'cellsFreeMemory startCell');
    // libvirt fills at most one entry per existing cell, so asking for the node's cell count is enough.
    const { nodes } = await call('virNodeGetInfo', this.#connection);
    return call('virNodeGetCellsFreeMemory', this.#connection, start, Math.max(nodes, 1));
  }

  /** Which CPUs are present and online (`virNodeGetCPUMap`). */
  async cpuMap(): Promise<HostCpuMap> {
    const { cpumap, online, ret: present } = await call('virNodeGetCPUMap', this.#connection, 0);
    const cpus = Array.from({ length: present }, (_, i) => ((cpumap[i >> 3] ?? 0) & (1 << (i & 7))) !== 0);
    return { cpus, online };
  }

  /** The security driver confining guests and its domain of interpretation (`virNodeGetSecurityModel`). */
  async securityModel(): Promise<{
    /** The security driver's name (`'selinux'`, `'apparmor'`, `'none'`). */
    model: string;
    /** Its domain of interpretation. */
    doi: string;
  }> {
    const { model, doi } = await call('virNodeGetSecurityModel', this.#connection);
    return { model, doi };
  }

  /** Kernel memory tunables (KSM: `shm_pages_to_scan`, …) as typed parameters (`virNodeGetMemoryParameters`). */
  async memoryParameters(): Promise<TypedParams> {
    return call('virNodeGetMemoryParameters', this.#connection, 0);
  }

  /**
   * Changes kernel memory tunables (`{ shm_pages_to_scan: 200 }`), typed like `memoryParameters()` reports
   * them (`virNodeSetMemoryParameters`).
   */
  async setMemoryParameters(params: TypedParamsInput): Promise<void> {
    if (
      params === null ||
      typeof params !== 'object' ||
      Array.isArray(params) ||
      Object.keys(params).length === 0
    ) {
      throw new TypeError('setMemoryParameters needs an object with at least one parameter');
    }
    await call('virNodeSetMemoryParameters', this.#connection, params, 0);
  }

  /** AMD SEV platform data (`pdh`, `cert-chain`, `cbitpos`, …) (`virNodeGetSEVInfo`). */
  async sevInfo(): Promise<TypedParams> {
    return call('virNodeGetSEVInfo', this.#connection, 0);
  }

  /**
   * Can the host CPU run a guest asking for `cpuXml` (a `<cpu>`, domain or capabilities document)?
   * (`virConnectCompareCPU`)
   */
  async compareCpu(cpuXml: string, options?: CompareCpuOptions): Promise<CpuComparison> {
    requireNonEmptyString(cpuXml, 'compareCpu XML');
    const flags = flagsFrom(options, 'compareCpu options', COMPARE);
    return comparison(await call('virConnectCompareCPU', this.#connection, cpuXml, flags));
  }

  /** Like `compareCpu`, against the CPU the hypervisor can offer guests (`virConnectCompareHypervisorCPU`). */
  async compareHypervisorCpu(
    cpuXml: string,
    options?: HypervisorCpuOptions & CompareCpuOptions,
  ): Promise<CpuComparison> {
    requireNonEmptyString(cpuXml, 'compareHypervisorCpu XML');
    const { emulator, arch, machine, virtType, ...rest } = hypervisorCpu(
      options,
      'compareHypervisorCpu options',
      ['failIncompatible', 'validateXml'],
    );
    const flags = flagsFrom(rest, 'compareHypervisorCpu options', COMPARE);
    const result = await call(
      'virConnectCompareHypervisorCPU',
      this.#connection,
      emulator,
      arch,
      machine,
      virtType,
      cpuXml,
      flags,
    );
    return comparison(result);
  }

  /** The most capable `<cpu>` every one of `cpuXmls` can run (`virConnectBaselineCPU`), as XML. */
  async baselineCpu(cpuXmls: readonly string[], options?: BaselineCpuOptions): Promise<string> {
    const xmls = cpuList(cpuXmls, 'baselineCpu');
    return call(
      'virConnectBaselineCPU',
      this.#connection,
      xmls,
      flagsFrom(options, 'baselineCpu options', BASELINE),
    );
  }

  /** Like `baselineCpu`, limited to what the hypervisor can offer (`virConnectBaselineHypervisorCPU`). */
  async baselineHypervisorCpu(
    cpuXmls: readonly string[],
    options?: HypervisorCpuOptions & BaselineCpuOptions,
  ): Promise<string> {
    const xmls = cpuList(cpuXmls, 'baselineHypervisorCpu');
    const { emulator, arch, machine, virtType, ...rest } = hypervisorCpu(
      options,
      'baselineHypervisorCpu options',
      ['expandFeatures', 'migratable'],
    );
    const flags = flagsFrom(rest, 'baselineHypervisorCpu options', BASELINE);
    return call(
      'virConnectBaselineHypervisorCPU',
      this.#connection,
      emulator,
      arch,
      machine,
      virtType,
      xmls,
      flags,
    );
  }

  /**
   * A domain XML from the driver's native configuration, e.g. `('qemu-argv', 'qemu-system-x86_64 -m 64 …')`
   * (`virConnectDomainXMLFromNative`).
   */
  async domainXmlFromNative(format: string, config: string): Promise<string> {
    requireNonEmptyString(format, 'domainXmlFromNative format');
    requireNonEmptyString(config, 'domainXmlFromNative config');
    return call('virConnectDomainXMLFromNative', this.#connection, format, config, 0);
  }

  /**
   * The driver's native configuration for a domain XML, e.g. the QEMU command line for `'qemu-argv'`
   * (`virConnectDomainXMLToNative`).
   */
  async domainXmlToNative(format: string, domainXml: string): Promise<string> {
    requireNonEmptyString(format, 'domainXmlToNative format');
    requireNonEmptyString(domainXml, 'domainXmlToNative XML');
    return call('virConnectDomainXMLToNative', this.#connection, format, domainXml, 0);
  }

  /** `Host`, for logs; no libvirt call. */
  toString(): string {
    return 'Host';
  }
}

function comparison(value: number): CpuComparison {
  const name = COMPARISONS.nameOf(value);
  if (name === undefined) throw new RangeError(`libvirt answered an unknown CPU comparison result ${value}`);
  return name;
}

function cpuList(xmls: unknown, what: string): string[] {
  if (!Array.isArray(xmls) || xmls.length === 0) {
    throw new TypeError(`${what} needs a non-empty array of CPU XML strings`);
  }
  return xmls.map((x, i) => requireNonEmptyString(x, `${what} XML #${i}`));
}

/** The hypervisor-CPU selectors as C strings (NULL when not given), plus the remaining (flag) options. */
function hypervisorCpu<K extends string>(
  options: unknown,
  what: string,
  flagKeys: readonly K[],
): {
  emulator: string | null;
  arch: string | null;
  machine: string | null;
  virtType: string | null;
} & Partial<Record<K, unknown>> {
  const o = optionsObject(options, what, [...HYPERVISOR_CPU_KEYS, ...flagKeys]);
  const out: Record<string, unknown> = {};
  for (const key of HYPERVISOR_CPU_KEYS) out[key] = optionalString(o[key], `${what}.${key}`) ?? null;
  for (const key of flagKeys) if (o[key] !== undefined) out[key] = o[key];
  return out as never;
}
