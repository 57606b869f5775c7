import { scaledInteger, scaledIntegerFields } from '../common/size.js';
import { attr, child, element, leaf, list, raw, type XmlType } from '../engine/describe.js';
import { defineDocument } from '../engine/document.js';
import { int, oneOf, onOff, str, uint, uuid } from '../engine/kinds.js';
import { CRASH_ACTIONS, clock, LIFECYCLE_ACTIONS, LOCKFAILURE_ACTIONS, pm } from './clock.js';
import { cpu } from './cpu.js';
import { devices } from './devices/index.js';
import { features } from './features.js';
import { OTHER_NAMESPACES, otherNamespaceFields } from './namespaces.js';
import { os } from './os.js';
import { QEMU_NAMESPACE, qemuNamespaceFields } from './qemu.js';
import { idmap, keywrap, launchSecurity, seclabel } from './security.js';
import { sysinfo } from './sysinfo.js';
import {
  blkiotune,
  cputune,
  defaultIothread,
  iothreadids,
  memoryBacking,
  memtune,
  numatune,
  perf,
  resource,
  vcpu,
  vcpus,
} from './tuning.js';

/** `<memory unit= dumpCore=>`: the guest's maximum memory at boot. */
const memory = element({ ...scaledIntegerFields, dumpCore: attr(onOff) });
/** `<maxMemory slots= unit=>`: the hotplug ceiling. */
const maxMemory = element({ ...scaledIntegerFields, slots: attr(uint) });

/** The domain types `<domain type=>` may name (`'kvm'`, `'qemu'`, …). */
export const DOMAIN_TYPES = [
  'qemu',
  'kqemu',
  'kvm',
  'xen',
  'lxc',
  'uml',
  'openvz',
  'test',
  'vmware',
  'hyperv',
  'vbox',
  'phyp',
  'vz',
  'bhyve',
  'hvf',
] as const;

/** `<domain type=>`: a virtual machine definition (formatdomain), in the order libvirt writes it. */
export const domain = element({
  type: attr(oneOf(...DOMAIN_TYPES)),
  id: attr(int),
  name: leaf(str),
  uuid: leaf(uuid),
  genid: leaf(str),
  title: leaf(str),
  description: leaf(str),
  /** Free-form application metadata, kept as raw XML nodes (each top element in its own namespace). */
  metadata: raw(),
  maxMemory: child(maxMemory),
  memory: child(memory),
  currentMemory: child(scaledInteger),
  blkiotune: child(blkiotune),
  memtune: child(memtune),
  memoryBacking: child(memoryBacking),
  vcpu: child(vcpu),
  vcpus: child(vcpus),
  iothreads: leaf(uint),
  iothreadids: child(iothreadids),
  defaultiothread: child(defaultIothread),
  cputune: child(cputune),
  numatune: child(numatune),
  resource: child(resource),
  sysinfos: list(sysinfo, 'sysinfo'),
  bootloader: leaf(str),
  bootloaderArgs: leaf(str, 'bootloader_args'),
  os: child(os),
  idmap: child(idmap),
  features: child(features),
  cpu: child(cpu),
  clock: child(clock),
  onPoweroff: leaf(oneOf(...LIFECYCLE_ACTIONS), 'on_poweroff'),
  onReboot: leaf(oneOf(...LIFECYCLE_ACTIONS), 'on_reboot'),
  onCrash: leaf(oneOf(...CRASH_ACTIONS), 'on_crash'),
  onLockfailure: leaf(oneOf(...LOCKFAILURE_ACTIONS), 'on_lockfailure'),
  pm: child(pm),
  perf: child(perf),
  devices: child(devices),
  seclabels: list(seclabel, 'seclabel'),
  keywrap: child(keywrap),
  launchSecurity: child(launchSecurity),
  ...qemuNamespaceFields,
  ...otherNamespaceFields,
});
export type DomainDef = XmlType<typeof domain>;

export const domainDocument = defineDocument('domain', domain, {
  namespaces: { qemu: QEMU_NAMESPACE, ...OTHER_NAMESPACES },
});
export const parseDomainXml = (xml: string): DomainDef => domainDocument.parse(xml);
export const buildDomainXml = (def: DomainDef): string => domainDocument.build(def);

export type { Clock, Pm } from './clock.js';
export type { Cpu } from './cpu.js';
export type * from './devices/index.js';
export type { Features } from './features.js';
export type { Os } from './os.js';
export type { QemuCommandline } from './qemu.js';
export type { LaunchSecurity, Seclabel } from './security.js';
export type { Sysinfo } from './sysinfo.js';
export type { Blkiotune, Cputune, MemoryBacking, Memtune, Numatune } from './tuning.js';
