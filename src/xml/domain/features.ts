import { scaledInteger } from '../common/size.js';
import { attr, child, element, flag, type XmlType } from '../engine/describe.js';
import { oneOf, onOff, str, uint, yesNo } from '../engine/kinds.js';

/** A feature switched by `state='on|off'`. */
const toggle = element({ state: attr(onOff) });

/** `<hyperv mode=>`: Hyper-V enlightenments for Windows guests. */
export const hyperv = element({
  mode: attr(oneOf('custom', 'passthrough')),
  relaxed: child(toggle),
  vapic: child(toggle),
  spinlocks: child(element({ state: attr(onOff), retries: attr(uint) })),
  vpindex: child(toggle),
  runtime: child(toggle),
  synic: child(toggle),
  stimer: child(element({ state: attr(onOff), direct: child(toggle) })),
  reset: child(toggle),
  vendorId: child(element({ state: attr(onOff), value: attr(str) }), 'vendor_id'),
  frequencies: child(toggle),
  reenlightenment: child(toggle),
  tlbflush: child(element({ state: attr(onOff), direct: child(toggle), extended: child(toggle) })),
  ipi: child(toggle),
  evmcs: child(toggle),
  avic: child(toggle),
  emsrBitmap: child(toggle, 'emsr_bitmap'),
  xmmInput: child(toggle, 'xmm_input'),
});

/** `<kvm>`: KVM-specific features. */
export const kvmFeatures = element({
  hidden: child(toggle),
  hintDedicated: child(toggle, 'hint-dedicated'),
  pollControl: child(toggle, 'poll-control'),
  pvIpi: child(toggle, 'pv-ipi'),
  dirtyRing: child(element({ state: attr(onOff), size: attr(uint) }), 'dirty-ring'),
});

/** `<features>`: machine features (ACPI, APIC, SMM, Hyper-V, KVM, ...). */
export const features = element({
  pae: flag(),
  acpi: flag(),
  apic: child(element({ eoi: attr(onOff) })),
  hap: child(toggle),
  viridian: flag(),
  privnet: flag(),
  hyperv: child(hyperv),
  kvm: child(kvmFeatures),
  xen: child(
    element({
      e820Host: child(toggle, 'e820_host'),
      passthrough: child(element({ state: attr(onOff), mode: attr(oneOf('sync_pt', 'share_pt')) })),
    }),
  ),
  pvspinlock: child(toggle),
  pmu: child(toggle),
  vmport: child(toggle),
  gic: child(element({ version: attr(oneOf('2', '3', 'host')) })),
  smm: child(element({ state: attr(onOff), tseg: child(scaledInteger) })),
  ioapic: child(element({ driver: attr(oneOf('qemu', 'kvm')) })),
  hpt: child(
    element({
      resizing: attr(oneOf('enabled', 'disabled', 'required')),
      maxpagesize: child(scaledInteger),
    }),
  ),
  vmcoreinfo: child(toggle),
  htm: child(toggle),
  nestedHv: child(toggle, 'nested-hv'),
  ccfAssist: child(toggle, 'ccf-assist'),
  msrs: child(element({ unknown: attr(oneOf('ignore', 'fault')) })),
  cfpc: child(element({ value: attr(oneOf('broken', 'workaround', 'fixed')) })),
  sbbc: child(element({ value: attr(oneOf('broken', 'workaround', 'fixed')) })),
  ibs: child(element({ value: attr(oneOf('broken', 'workaround', 'fixed-ibs', 'fixed-ccd', 'fixed-na')) })),
  tcg: child(element({ tbCache: child(scaledInteger, 'tb-cache') })),
  asyncTeardown: child(element({ enabled: attr(yesNo) }), 'async-teardown'),
  ps2: child(toggle),
  ras: child(toggle),
});
export type Features = XmlType<typeof features>;
