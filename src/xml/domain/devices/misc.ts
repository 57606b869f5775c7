import { deviceSeclabel } from '../../common/seclabel.js';
import { scaledInteger } from '../../common/size.js';
import { attr, child, element, flag, leaf, list, text, type XmlType } from '../../engine/describe.js';
import { hex, oneOf, onOff, str, uint, uuid, yesNo } from '../../engine/kinds.js';
import { chardevSource } from './chardev.js';
import { deviceInfo } from './device-info.js';

const virtioDriver = element({
  iommu: attr(onOff),
  ats: attr(onOff),
  packed: attr(onOff),
  pagePerVq: attr(onOff, 'page_per_vq'),
});
const virtioModel = oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional');

/** `<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>`. */
export const rng = element({
  model: attr(virtioModel),
  rate: child(element({ bytes: attr(uint), period: attr(uint) })),
  backend: child(
    element({
      model: attr(oneOf('random', 'egd', 'builtin')),
      type: attr(str),
      /** random: the host device path. */
      value: text(str),
      source: child(chardevSource),
      protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
    }),
  ),
  driver: child(virtioDriver),
  ...deviceInfo,
});
export type Rng = XmlType<typeof rng>;

/** `<tpm model=><backend type= version=>`: a TPM, passthrough or emulated (swtpm). */
export const tpm = element({
  model: attr(oneOf('tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy')),
  backend: child(
    element({
      type: attr(oneOf('passthrough', 'emulator', 'external')),
      version: attr(oneOf('1.2', '2.0')),
      persistentState: attr(yesNo, 'persistent_state'),
      device: child(element({ path: attr(str) })),
      source: child(element({ type: attr(str), mode: attr(str), path: attr(str) })),
      encryption: child(element({ secret: attr(uuid) })),
      activePcrBanks: child(
        element({ sha1: flag(), sha256: flag(), sha384: flag(), sha512: flag() }),
        'active_pcr_banks',
      ),
      profile: child(element({ source: attr(str), removeDisabled: attr(str), name: attr(str) })),
    }),
  ),
  ...deviceInfo,
});
export type Tpm = XmlType<typeof tpm>;

/** `<watchdog model= action=/>`. */
export const watchdog = element({
  model: attr(oneOf('i6300esb', 'ib700', 'diag288', 'itco')),
  action: attr(oneOf('reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi')),
  ...deviceInfo,
});
export type Watchdog = XmlType<typeof watchdog>;

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

/** `<panic model=/>`: a guest panic notifier. */
export const panic = element({
  model: attr(oneOf('isa', 'pseries', 'hyperv', 's390', 'pvpanic')),
  ...deviceInfo,
});
export type Panic = XmlType<typeof panic>;

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

/** `<iommu model=>`: a virtual IOMMU. */
export const iommu = element({
  model: attr(oneOf('intel', 'smmuv3', 'virtio')),
  driver: child(
    element({
      intremap: attr(onOff),
      cachingMode: attr(onOff, 'caching_mode'),
      eim: attr(onOff),
      iotlb: attr(onOff),
      awBits: attr(uint, 'aw_bits'),
    }),
  ),
  ...deviceInfo,
});
export type Iommu = XmlType<typeof iommu>;

/** `<vsock model='virtio'><cid auto='yes'/></vsock>`. */
export const vsock = element({
  model: attr(virtioModel),
  cid: child(element({ auto: attr(yesNo), address: attr(uint) })),
  driver: child(virtioDriver),
  ...deviceInfo,
});
export type Vsock = XmlType<typeof vsock>;

/** `<crypto model='virtio' type='qemu'><backend model='builtin' queues=/></crypto>`. */
export const cryptoDevice = element({
  model: attr(oneOf('virtio')),
  type: attr(oneOf('qemu')),
  backend: child(element({ model: attr(oneOf('builtin', 'lkcf')), queues: attr(uint) })),
  ...deviceInfo,
});
export type Crypto = XmlType<typeof cryptoDevice>;

/** `<filesystem type='mount' accessmode=>`: a host directory shared into the guest (9p or virtiofs). */
export const filesystem = element({
  type: attr(oneOf('mount', 'block', 'file', 'template', 'ram', 'bind', 'volume')),
  accessmode: attr(oneOf('passthrough', 'mapped', 'squash')),
  model: attr(oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional')),
  fmode: attr(str),
  dmode: attr(str),
  multidevs: attr(oneOf('default', 'remap', 'forbid', 'warn')),
  driver: child(
    element({
      type: attr(oneOf('path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs')),
      format: attr(str),
      wrpolicy: attr(oneOf('immediate')),
      queue: attr(uint),
      iommu: attr(onOff),
      ats: attr(onOff),
      packed: attr(onOff),
    }),
  ),
  binary: child(
    element({
      path: attr(str),
      xattr: attr(onOff),
      cache: child(element({ mode: attr(oneOf('none', 'always', 'metadata', 'auto', 'never')) })),
      sandbox: child(element({ mode: attr(oneOf('namespace', 'chroot')) })),
      lock: child(element({ posix: attr(onOff), flock: attr(onOff) })),
      threadPoolSize: child(element({ size: attr(uint) }), 'thread_pool'),
    }),
  ),
  idmap: child(
    element({
      uids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'uid'),
      gids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'gid'),
    }),
  ),
  source: child(
    element({
      dir: attr(str),
      file: attr(str),
      dev: attr(str),
      name: attr(str),
      usage: attr(uint),
      units: attr(str),
      socket: attr(str),
      pool: attr(str),
      volume: attr(str),
    }),
  ),
  target: child(element({ dir: attr(str) })),
  readonly: flag(),
  spaceHardLimit: child(scaledInteger, 'space_hard_limit'),
  spaceSoftLimit: child(scaledInteger, 'space_soft_limit'),
  seclabels: list(deviceSeclabel, 'seclabel'),
  ...deviceInfo,
});
export type Filesystem = XmlType<typeof filesystem>;

/** `<lease>`: a lock manager lease. */
export const lease = element({
  lockspace: leaf(str),
  key: leaf(str),
  target: child(element({ path: attr(str), offset: attr(uint) })),
});
export type Lease = XmlType<typeof lease>;
