import { archName } from './common/arch.js';
import { cpuFeature, cpuMaxPhysAddr, cpuModelFields } from './common/cpu.js';
import {
  attr,
  child,
  defineDocument,
  element,
  leaf,
  leaves,
  list,
  oneOf,
  onOff,
  str,
  text,
  uint,
  type XmlType,
  yesNo,
} from './engine/index.js';

/**
 * `virConnectGetDomainCapabilities()`: what one emulator + machine + arch + virt type can do (domaincaps.rng).
 * Most entries are `supported='yes|no'` plus `<enum name=>` lists of the values a domain XML may use.
 */

/** `<enum name='bus'><value>virtio</value>...</enum>`: the values one attribute of the domain XML may take. */
export const capsEnum = element({ name: attr(str), values: leaves(str, 'value') });
export type CapsEnum = XmlType<typeof capsEnum>;

/** The fields of every "supported + enums" element (a device kind, memoryBacking, os, gic, hyperv). */
export const supportedEnumsFields = { supported: attr(yesNo), enums: list(capsEnum, 'enum') } as const;
/** An element with a `supported` attribute and `<enum name=>` lists of the values a definition may use. */
export const supportedEnums = element(supportedEnumsFields);
export type SupportedEnums = XmlType<typeof supportedEnums>;

/** An element that only says `supported='yes|no'`. */
export const supportedOnly = element({ supported: attr(yesNo) });

/** `<loader supported=>`: firmware images (`<value>` paths) and loader attribute enums. */
export const domcapsLoader = element({
  supported: attr(yesNo),
  values: leaves(str, 'value'),
  enums: list(capsEnum, 'enum'),
});

/**
 * `<os>` of the domain capabilities: whether firmware selection is supported, the firmware values and loaders.
 */
export const domcapsOs = element({
  ...supportedEnumsFields,
  /** libvirt 11+: firmware features a `<firmware>` element may ask for (secureBoot, enrolledKeys). */
  firmwareFeatures: child(supportedEnums),
  loader: child(domcapsLoader),
  /** libvirt 11+: whether `<varstore>` (UEFI variables outside a file) is supported. */
  varstore: child(supportedOnly),
});

/** The CPU modes a `<cpu><mode name=>` may name. */
export const DOMCAPS_CPU_MODES = ['host-passthrough', 'maximum', 'host-model', 'custom'] as const;

/**
 * `<model>` inside a CPU `<mode>`: for host-model the model libvirt would pick (`fallback`, `vendor_id`); for
 * custom one model per element with whether it is `usable` on this host, its `vendor` and `deprecated`.
 */
export const domcapsCpuModel = element({
  ...cpuModelFields,
  usable: attr(oneOf('yes', 'no', 'unknown')),
  deprecated: attr(yesNo),
  vendor: attr(str),
  /** libvirt 10+: the versioned model an alias stands for (`Broadwell` → `Broadwell-v1`). */
  canonical: attr(str),
});
export type DomcapsCpuModel = XmlType<typeof domcapsCpuModel>;

/** `<blockers model=><feature name=/>...</blockers>`: why a custom model is not usable on this host. */
export const domcapsCpuBlockers = element({ model: attr(str), features: list(cpuFeature, 'feature') });

/** `<mode name= supported=>`: one CPU mode; host-model lists the model, vendor and features it expands to. */
export const domcapsCpuMode = element({
  name: attr(oneOf(...DOMCAPS_CPU_MODES)),
  ...supportedEnumsFields,
  models: list(domcapsCpuModel, 'model'),
  vendor: leaf(str),
  maxphysaddr: child(cpuMaxPhysAddr),
  features: list(cpuFeature, 'feature'),
  /** libvirt 10+, custom mode: per unusable model, the host features it lacks. */
  blockers: list(domcapsCpuBlockers, 'blockers'),
});
export type DomcapsCpuMode = XmlType<typeof domcapsCpuMode>;

/** `<cpu>` of the domain capabilities: each CPU mode, whether it is supported and what it gives. */
export const domcapsCpu = element({ modes: list(domcapsCpuMode, 'mode') });

/** `<devices>`: per device kind, whether it is supported and the enums of its attributes. */
export const domcapsDevices = element({
  disk: child(supportedEnums),
  graphics: child(supportedEnums),
  video: child(supportedEnums),
  hostdev: child(supportedEnums),
  rng: child(supportedEnums),
  filesystem: child(supportedEnums),
  tpm: child(supportedEnums),
  redirdev: child(supportedEnums),
  channel: child(supportedEnums),
  crypto: child(supportedEnums),
  // libvirt 10+
  interface: child(supportedEnums),
  panic: child(supportedEnums),
  console: child(supportedEnums),
});

/** `<sev>`: AMD SEV support and its parameters. */
export const domcapsSev = element({
  supported: attr(yesNo),
  cbitpos: leaf(uint),
  reducedPhysBits: leaf(uint),
  maxGuests: leaf(uint),
  maxESGuests: leaf(uint),
  /** libvirt 10+: the CPU 0 id the SEV firmware reports (base64). */
  cpu0Id: leaf(str),
});

/** `<section node= size= unit=/>`: an SGX EPC section. */
const sgxSection = element({ node: attr(uint), size: attr(uint), unit: attr(oneOf('KiB')) });

/** `<sgx>`: Intel SGX support, its flavours and the EPC sections. */
export const domcapsSgx = element({
  supported: attr(yesNo),
  flc: leaf(yesNo),
  sgx1: leaf(yesNo),
  sgx2: leaf(yesNo),
  sectionSize: child(element({ unit: attr(oneOf('KiB')), value: text(uint) }), 'section_size'),
  sections: child(element({ sections: list(sgxSection, 'section') })),
});

/** `<hyperv>`: the Hyper-V enlightenments QEMU offers and (libvirt 11+) what `mode='host-model'` turns on. */
export const domcapsHyperv = element({
  ...supportedEnumsFields,
  defaults: child(
    element({
      spinlocks: leaf(uint),
      stimerDirect: leaf(onOff, 'stimer_direct'),
      tlbflushDirect: leaf(onOff, 'tlbflush_direct'),
      tlbflushExtended: leaf(onOff, 'tlbflush_extended'),
      vendorId: leaf(str, 'vendor_id'),
    }),
  ),
});

/**
 * `<features>` of the domain capabilities: the optional features (GIC, vmcoreinfo, genid, backup, SEV, …) a
 * guest may have.
 */
export const domcapsFeatures = element({
  gic: child(supportedEnums),
  vmcoreinfo: child(supportedOnly),
  genid: child(supportedOnly),
  backingStoreInput: child(supportedOnly),
  backup: child(supportedOnly),
  asyncTeardown: child(supportedOnly, 'async-teardown'),
  s390Pv: child(supportedOnly, 's390-pv'),
  // libvirt 11+
  ps2: child(supportedOnly),
  tdx: child(supportedOnly),
  sev: child(domcapsSev),
  sgx: child(domcapsSgx),
  hyperv: child(domcapsHyperv),
  /** libvirt 11+: launch security types (sev, sev-snp, s390-pv, tdx). */
  launchSecurity: child(supportedEnums),
});

export const domainCapabilities = element({
  path: leaf(str),
  domain: leaf(str),
  machine: leaf(str),
  arch: leaf(archName),
  vcpu: child(element({ max: attr(uint) })),
  iothreads: child(supportedOnly),
  os: child(domcapsOs),
  cpu: child(domcapsCpu),
  memoryBacking: child(supportedEnums),
  devices: child(domcapsDevices),
  features: child(domcapsFeatures),
});
export type DomainCapabilities = XmlType<typeof domainCapabilities>;

export const domainCapabilitiesDocument = defineDocument('domainCapabilities', domainCapabilities);
export const parseDomainCapabilitiesXml = (xml: string): DomainCapabilities =>
  domainCapabilitiesDocument.parse(xml);
export const buildDomainCapabilitiesXml = (def: DomainCapabilities): string =>
  domainCapabilitiesDocument.build(def);
