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

/** `<capabilities policy=>` (LXC): the Linux capabilities the container keeps, one `state='on|off'` each. */
export const lxcCapabilities = element({
  policy: attr(oneOf('default', 'allow', 'deny')),
  auditControl: child(toggle, 'audit_control'),
  auditWrite: child(toggle, 'audit_write'),
  blockSuspend: child(toggle, 'block_suspend'),
  chown: child(toggle),
  dacOverride: child(toggle, 'dac_override'),
  dacReadSearch: child(toggle, 'dac_read_search'),
  fowner: child(toggle),
  fsetid: child(toggle),
  ipcLock: child(toggle, 'ipc_lock'),
  ipcOwner: child(toggle, 'ipc_owner'),
  kill: child(toggle),
  lease: child(toggle),
  linuxImmutable: child(toggle, 'linux_immutable'),
  macAdmin: child(toggle, 'mac_admin'),
  macOverride: child(toggle, 'mac_override'),
  mknod: child(toggle),
  netAdmin: child(toggle, 'net_admin'),
  netBindService: child(toggle, 'net_bind_service'),
  netBroadcast: child(toggle, 'net_broadcast'),
  netRaw: child(toggle, 'net_raw'),
  setgid: child(toggle),
  setfcap: child(toggle),
  setpcap: child(toggle),
  setuid: child(toggle),
  sysAdmin: child(toggle, 'sys_admin'),
  sysBoot: child(toggle, 'sys_boot'),
  sysChroot: child(toggle, 'sys_chroot'),
  sysModule: child(toggle, 'sys_module'),
  sysNice: child(toggle, 'sys_nice'),
  sysPacct: child(toggle, 'sys_pacct'),
  sysPtrace: child(toggle, 'sys_ptrace'),
  sysRawio: child(toggle, 'sys_rawio'),
  sysResource: child(toggle, 'sys_resource'),
  sysTime: child(toggle, 'sys_time'),
  sysTtyConfig: child(toggle, 'sys_tty_config'),
  syslog: child(toggle),
  wakeAlarm: child(toggle, 'wake_alarm'),
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
  capabilities: child(lxcCapabilities),
});
export type Features = XmlType<typeof features>;
