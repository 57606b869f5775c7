import { attr, element, text, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint } from '../engine/kinds.js';

/**
 * CPU pieces shared by the domain's `<cpu>`, the host CPU of `<capabilities>` and the host-model CPU of
 * `<domainCapabilities>` (cputypes.rng).
 */

/** `<model fallback= vendor_id=>Skylake-Client</model>`: a named CPU model. */
export const cpuModelFields = {
  fallback: attr(oneOf('allow', 'forbid')),
  vendorId: attr(str, 'vendor_id'),
  value: text(str),
} as const;
export const cpuModel = element(cpuModelFields);
export type CpuModel = XmlType<typeof cpuModel>;

export const CPU_FEATURE_POLICIES = ['force', 'require', 'optional', 'disable', 'forbid'] as const;

/** `<feature policy='require' name='vmx'/>`; the host CPU of `<capabilities>` writes only `name`. */
export const cpuFeature = element({ policy: attr(oneOf(...CPU_FEATURE_POLICIES)), name: attr(str) });
export type CpuFeature = XmlType<typeof cpuFeature>;

/** `<topology sockets= dies= clusters= cores= threads=/>` (clusters: libvirt 10+). */
export const cpuTopology = element({
  sockets: attr(uint),
  dies: attr(uint),
  clusters: attr(uint),
  cores: attr(uint),
  threads: attr(uint),
});
export type CpuTopology = XmlType<typeof cpuTopology>;

/** `<maxphysaddr mode= bits= limit=/>`: the physical address width the guest sees (limit: libvirt 9.3+). */
export const cpuMaxPhysAddr = element({
  mode: attr(oneOf('emulate', 'passthrough')),
  bits: attr(uint),
  limit: attr(uint),
});
export type CpuMaxPhysAddr = XmlType<typeof cpuMaxPhysAddr>;
