import { archName } from './common/arch.js';
import { cpuFeature, cpuMaxPhysAddr, cpuTopology } from './common/cpu.js';
import { numaCache, numaDistances, numaInterconnects } from './common/numa.js';
import { scaledInteger } from './common/size.js';
import {
  attr,
  child,
  defineDocument,
  element,
  flag,
  leaf,
  leaves,
  list,
  oneOf,
  onOff,
  sizeUnit,
  str,
  text,
  uint,
  uuid,
  type XmlType,
  yesNo,
} from './engine/index.js';

/** `virConnectGetCapabilities()`: the host and the guests its hypervisors can run (capability.rng). */

/** `<pages unit= size=>count</pages>`: a page size; in a NUMA cell, with the number of free pages as text. */
export const capsPages = element({ unit: attr(sizeUnit), size: attr(uint), value: text(uint) });

/** `<features><pae/>...</features>` of an old-style host CPU (the test driver still writes it). */
const hostCpuFeatureFlags = element({ pae: flag(), nonpae: flag(), vmx: flag(), svm: flag() });

/** The host CPU: arch, model, signature, topology and the CPUID features the host has. */
export const capsHostCpu = element({
  arch: leaf(archName),
  featureFlags: child(hostCpuFeatureFlags, 'features'),
  model: leaf(str),
  vendor: leaf(str),
  microcode: child(element({ version: attr(uint) })),
  signature: child(element({ family: attr(uint), model: attr(uint), stepping: attr(uint) })),
  counter: child(element({ name: attr(str), frequency: attr(uint), scaling: attr(yesNo) })),
  topology: child(cpuTopology),
  maxphysaddr: child(cpuMaxPhysAddr),
  features: list(cpuFeature, 'feature'),
  pages: list(capsPages, 'pages'),
});
export type CapsHostCpu = XmlType<typeof capsHostCpu>;

/** `<power_management>`: the host suspend modes libvirt can use (to RAM, to disk, hybrid). */
export const capsPowerManagement = element({
  suspendMem: flag('suspend_mem'),
  suspendDisk: flag('suspend_disk'),
  suspendHybrid: flag('suspend_hybrid'),
});

/** The migration URI transports a `<uri_transport>` may name. */
export const MIGRATION_URI_TRANSPORTS = ['vpxmigr', 'tcp', 'rdma', 'vzmigr'] as const;

/** `<migration_features>`: whether live migration is supported, and over which URI transports. */
export const capsMigrationFeatures = element({
  live: flag(),
  uriTransports: child(
    element({ transports: leaves(oneOf(...MIGRATION_URI_TRANSPORTS), 'uri_transport') }),
    'uri_transports',
  ),
});

/** `<cpu id= socket_id= die_id= core_id= siblings=/>`: a logical CPU of a NUMA cell. */
export const capsCellCpu = element({
  id: attr(uint),
  socketId: attr(uint, 'socket_id'),
  dieId: attr(uint, 'die_id'),
  clusterId: attr(uint, 'cluster_id'), // libvirt 10+
  coreId: attr(uint, 'core_id'),
  siblings: attr(str),
});

/** `<cell id=>`: one NUMA node of the host: memory, free pages, distances, caches, CPUs. */
export const capsCell = element({
  id: attr(uint),
  memory: child(scaledInteger),
  pages: list(capsPages, 'pages'),
  distances: child(numaDistances),
  caches: list(numaCache, 'cache'),
  cpus: child(element({ num: attr(uint), cpus: list(capsCellCpu, 'cpu') })),
});
export type CapsCell = XmlType<typeof capsCell>;

/** `<topology>`: the host's NUMA cells (their memory, pages, distances and CPUs) and interconnects. */
export const capsTopology = element({
  cells: child(element({ num: attr(uint), cells: list(capsCell, 'cell') })),
  interconnects: child(numaInterconnects),
});

/** `<monitor>` of the cache or memory bandwidth: resctrl monitoring (`llc_occupancy`, `mbm_total_bytes`). */
export const capsMonitor = element({
  level: attr(uint),
  reuseThreshold: attr(uint),
  maxMonitors: attr(uint),
  features: list(element({ name: attr(str) }), 'feature'),
});

const cacheType = oneOf('both', 'code', 'data');

/** `<bank>`: one host cache (e.g. the L3) and its resctrl allocation controls. */
export const capsCacheBank = element({
  id: attr(uint),
  level: attr(uint),
  type: attr(cacheType),
  size: attr(uint),
  unit: attr(sizeUnit),
  cpus: attr(str),
  controls: list(
    element({
      granularity: attr(uint),
      min: attr(uint),
      unit: attr(sizeUnit),
      type: attr(cacheType),
      maxAllocs: attr(uint),
    }),
    'control',
  ),
});

/** `<cache>`: the host's CPU cache banks (resctrl allocation) and their monitor. */
export const capsCache = element({ banks: list(capsCacheBank, 'bank'), monitor: child(capsMonitor) });

/** `<memory_bandwidth>`: the memory bandwidth allocation nodes (resctrl MBA) and their monitor. */
export const capsMemoryBandwidth = element({
  nodes: list(
    element({
      id: attr(uint),
      cpus: attr(str),
      controls: list(element({ granularity: attr(uint), min: attr(uint), maxAllocs: attr(uint) }), 'control'),
    }),
    'node',
  ),
  monitor: child(capsMonitor),
});

/** `<secmodel>`: a security driver (selinux, apparmor, dac) and its base labels per domain type. */
export const capsSecmodel = element({
  model: leaf(str),
  doi: leaf(str),
  baselabels: list(element({ type: attr(str), value: text(str) }), 'baselabel'),
});

/**
 * `<host>`: the host's UUID, CPU, power management, IOMMU, migration features, NUMA topology, caches and
 * security models.
 */
export const capsHost = element({
  uuid: leaf(uuid),
  cpu: child(capsHostCpu),
  powerManagement: child(capsPowerManagement, 'power_management'),
  iommu: child(element({ support: attr(yesNo) })),
  migrationFeatures: child(capsMigrationFeatures, 'migration_features'),
  topology: child(capsTopology),
  cache: child(capsCache),
  memoryBandwidth: child(capsMemoryBandwidth, 'memory_bandwidth'),
  secmodels: list(capsSecmodel, 'secmodel'),
});
export type CapsHost = XmlType<typeof capsHost>;

/** `<machine canonical= maxCpus= deprecated=>pc</machine>`: a machine type the emulator offers. */
export const capsMachine = element({
  canonical: attr(str),
  maxCpus: attr(uint),
  deprecated: attr(yesNo),
  value: text(str),
});
export type CapsMachine = XmlType<typeof capsMachine>;

/** The domain (hypervisor) types a `<guest><arch><domain type=>` may name. */
export const CAPS_DOMAIN_TYPES = ['qemu', 'kqemu', 'kvm', 'xen', 'uml', 'lxc', 'openvz', 'test'] as const;

/** `<domain type=>`: a hypervisor type for this arch, with its own emulator and machines when they differ. */
export const capsGuestDomain = element({
  type: attr(oneOf(...CAPS_DOMAIN_TYPES)),
  emulator: leaf(str),
  machines: list(capsMachine, 'machine'),
});

/** `<arch name=>`: one guest architecture: its word size, emulator, loader, machine types and domain types. */
export const capsGuestArch = element({
  name: attr(archName),
  wordsize: leaf(uint),
  emulator: leaf(str),
  loader: leaf(str),
  machines: list(capsMachine, 'machine'),
  domains: list(capsGuestDomain, 'domain'),
});

/** `<acpi default='on' toggle='yes'/>`: a feature, whether it is on by default and whether it can be changed. */
export const capsFeatureToggle = element({ default: attr(onOff), toggle: attr(yesNo) });

/**
 * `<features>` of a guest: the CPU and platform features it can have (PAE, ACPI, APIC, …) and whether they can
 * be toggled.
 */
export const capsGuestFeatures = element({
  pae: flag(),
  nonpae: flag(),
  ia64Be: flag('ia64_be'),
  acpi: child(capsFeatureToggle),
  apic: child(capsFeatureToggle),
  cpuselection: flag(),
  deviceboot: flag(),
  disksnapshot: child(capsFeatureToggle),
  hap: child(capsFeatureToggle),
  /** libvirt 10+: external snapshots are supported. */
  externalSnapshot: flag(),
});

/** The guest OS types a `<guest><os_type>` may name (`'hvm'` for full virtualization). */
export const CAPS_OS_TYPES = ['xen', 'linux', 'hvm', 'exe', 'uml'] as const;

/** `<guest>`: one OS type on one architecture. */
export const capsGuest = element({
  osType: leaf(oneOf(...CAPS_OS_TYPES), 'os_type'),
  arch: child(capsGuestArch),
  features: child(capsGuestFeatures),
});
export type CapsGuest = XmlType<typeof capsGuest>;

export const capabilities = element({ host: child(capsHost), guests: list(capsGuest, 'guest') });
export type Capabilities = XmlType<typeof capabilities>;

export const capabilitiesDocument = defineDocument('capabilities', capabilities);
export const parseCapabilitiesXml = (xml: string): Capabilities => capabilitiesDocument.parse(xml);
export const buildCapabilitiesXml = (def: Capabilities): string => capabilitiesDocument.build(def);
