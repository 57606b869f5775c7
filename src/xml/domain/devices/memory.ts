import { scaledInteger } from '../../common/size.js';
import { attr, child, element, flag, leaf, type XmlType } from '../../engine/describe.js';
import { hex, oneOf, onOff, str, uint, uuid, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';
import { virtioDriver } from './virtio-devices.js';

// Memory devices: the balloon, ivshmem shared memory, and hotpluggable memory (DIMM, virtio-mem, ...).

/** `<memballoon model='virtio'>`: the memory balloon (and its statistics period). */
export const memballoon = element({
  model: attr(oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional', 'xen', 'none')),
  autodeflate: attr(onOff),
  freePageReporting: attr(onOff),
  stats: child(element({ period: attr(uint) })),
  driver: child(virtioDriver),
  ...deviceInfo,
});
export type Memballoon = XmlType<typeof memballoon>;

/** `<shmem name=>`: ivshmem shared memory. */
export const shmem = element({
  name: attr(str),
  role: attr(oneOf('master', 'peer')),
  model: child(element({ type: attr(oneOf('ivshmem', 'ivshmem-plain', 'ivshmem-doorbell')) })),
  size: child(scaledInteger),
  server: child(element({ path: attr(str) })),
  msi: child(element({ enabled: attr(onOff), vectors: attr(uint), ioeventfd: attr(onOff) })),
  ...deviceInfo,
});
export type Shmem = XmlType<typeof shmem>;

/** `<memory model=>` device: DIMM, NVDIMM, virtio-pmem, virtio-mem or SGX EPC. */
export const memoryDevice = element({
  model: attr(oneOf('dimm', 'nvdimm', 'virtio-pmem', 'virtio-mem', 'sgx-epc')),
  access: attr(oneOf('shared', 'private')),
  discard: attr(yesNo),
  uuid: leaf(uuid),
  source: child(
    element({
      pagesize: child(scaledInteger),
      nodemask: leaf(str),
      path: leaf(str),
      alignsize: child(scaledInteger),
      pmem: flag(),
    }),
  ),
  target: child(
    element({
      dynamicMemslots: attr(yesNo),
      size: child(scaledInteger),
      node: leaf(uint),
      label: child(element({ size: child(scaledInteger) })),
      block: child(scaledInteger),
      requested: child(scaledInteger),
      current: child(scaledInteger),
      address: child(element({ base: attr(hex(1)) })),
      readonly: flag(),
    }),
  ),
  ...deviceInfo,
});
export type MemoryDevice = XmlType<typeof memoryDevice>;
