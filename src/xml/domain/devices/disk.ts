import { sourceAuth } from '../../common/auth.js';
import { encryption } from '../../common/encryption.js';
import { reconnect } from '../../common/reconnect.js';
import { deviceSeclabel } from '../../common/seclabel.js';
import { scaledInteger } from '../../common/size.js';
import { sourceHost } from '../../common/source-host.js';
import {
  attr,
  child,
  type ElementDesc,
  element,
  flag,
  leaf,
  list,
  type ShapeOf,
  text,
  type XmlType,
} from '../../engine/describe.js';
import { hex, oneOf, onOff, str, uint, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

export const DISK_FORMATS = [
  'raw',
  'dir',
  'bochs',
  'cloop',
  'dmg',
  'iso',
  'vpc',
  'vdi',
  'fat',
  'vhd',
  'ploop',
  'cow',
  'qcow',
  'qcow2',
  'qed',
  'vmdk',
  'luks',
  'aio',
  'none',
] as const;

/** `<driver>`: how QEMU opens the image (format, cache, io, discard, ...). */
export const diskDriver = element({
  name: attr(oneOf('qemu', 'tap', 'tap2', 'phy', 'file')),
  type: attr(oneOf(...DISK_FORMATS)),
  cache: attr(oneOf('default', 'none', 'writeback', 'writethrough', 'directsync', 'unsafe')),
  errorPolicy: attr(oneOf('stop', 'report', 'ignore', 'enospace'), 'error_policy'),
  rerrorPolicy: attr(oneOf('stop', 'report', 'ignore'), 'rerror_policy'),
  io: attr(oneOf('threads', 'native', 'io_uring')),
  ioeventfd: attr(onOff),
  eventIdx: attr(onOff, 'event_idx'),
  copyOnRead: attr(onOff, 'copy_on_read'),
  discard: attr(oneOf('unmap', 'ignore')),
  discardNoUnref: attr(onOff, 'discard_no_unref'),
  iothread: attr(uint),
  detectZeroes: attr(oneOf('off', 'on', 'unmap'), 'detect_zeroes'),
  queues: attr(uint),
  queueSize: attr(uint, 'queue_size'),
  iommu: attr(onOff),
  ats: attr(onOff),
  packed: attr(onOff),
  pagePerVq: attr(onOff, 'page_per_vq'),
  metadataCache: child(element({ maxSize: child(scaledInteger, 'max_size') }), 'metadata_cache'),
});

/** `<reservations>` of a SCSI LUN source: the persistent reservation helper. */
export const diskReservations = element({
  enabled: attr(yesNo),
  managed: attr(yesNo),
  source: child(
    element({
      type: attr(oneOf('unix')),
      path: attr(str),
      mode: attr(oneOf('server', 'client')),
      reconnect: child(reconnect),
    }),
  ),
});

/**
 * `<source>` of a disk or backing store. Which attributes apply depends on the disk's `type`: file → `file`,
 * block → `dev`, dir → `dir`, network → `protocol` + `name` + `host`s, volume → `pool` + `volume` (+ `mode`),
 * nvme → `type='pci'` + `managed` + `namespace` + `address`.
 */
const diskSourceFields = {
  file: attr(str),
  dev: attr(str),
  dir: attr(str),
  protocol: attr(
    oneOf(
      'nbd',
      'iscsi',
      'rbd',
      'sheepdog',
      'gluster',
      'vxhs',
      'nfs',
      'http',
      'https',
      'ftp',
      'ftps',
      'tftp',
      'ssh',
    ),
  ),
  name: attr(str),
  pool: attr(str),
  volume: attr(str),
  mode: attr(oneOf('host', 'direct')),
  /** nvme: `pci`; vhostuser: `unix`. */
  type: attr(oneOf('pci', 'unix')),
  managed: attr(yesNo),
  namespace: attr(uint),
  index: attr(uint),
  startupPolicy: attr(oneOf('mandatory', 'requisite', 'optional')),
  tls: attr(yesNo),
  tlsHostname: attr(str),
  query: attr(str),
  path: attr(str), // vhostuser
  hosts: list(sourceHost, 'host'),
  snapshot: child(element({ name: attr(str) })),
  config: child(element({ file: attr(str) })),
  auth: child(sourceAuth),
  encryption: child(encryption),
  initiator: child(element({ iqn: child(element({ name: attr(str) })) })),
  address: child(
    element({
      type: attr(oneOf('pci')),
      domain: attr(hex(4)),
      bus: attr(hex(2)),
      slot: attr(hex(2)),
      function: attr(hex(1)),
      multifunction: attr(onOff),
    }),
  ),
  reservations: child(diskReservations),
  reconnect: child(reconnect),
  seclabels: list(deviceSeclabel, 'seclabel'),
  timeout: child(element({ seconds: attr(uint) })),
  readahead: child(element({ size: attr(uint) })),
  sslVerify: child(element({ verify: attr(yesNo) }), 'ssl'),
  cookies: child(element({ cookies: list(element({ name: attr(str), value: text(str) }), 'cookie') })),
  slices: child(
    element({
      slices: list(element({ type: attr(oneOf('storage')), offset: attr(uint), size: attr(uint) }), 'slice'),
    }),
  ),
  identity: child(
    element({
      user: attr(str),
      group: attr(str),
      username: attr(str),
      keyfile: attr(str),
      agentsock: attr(str),
    }),
  ),
  knownHosts: child(element({ path: attr(str) }), 'knownHosts'),
  /** An FD group passed with virDomainFDAssociate. */
  fdgroup: attr(str),
} as const;

/**
 * `<dataStore type='file'><format type='raw'/><source file=.../></dataStore>` inside a qcow2 image's `<source>`:
 * the image's external data file (newer libvirt than the 9.0 grammar this model was measured against).
 */
export const diskDataStore = element({
  type: attr(oneOf('file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser')),
  format: child(element({ type: attr(oneOf(...DISK_FORMATS)) })),
  source: child(element(diskSourceFields)),
});

const diskSourceAllFields = { ...diskSourceFields, dataStore: child(diskDataStore) } as const;
/** An interface, so declaration files name it instead of spelling it out at each of its many uses. */
export interface DiskSource extends ShapeOf<typeof diskSourceAllFields> {}
export const diskSource: ElementDesc<DiskSource> = element(diskSourceAllFields);

/** `<format type='qcow2'>` of a backing store or mirror, with its qcow2 metadata cache size. */
export const diskFormat = element({
  type: attr(oneOf(...DISK_FORMATS)),
  metadataCache: child(element({ maxSize: child(scaledInteger, 'max_size') }), 'metadata_cache'),
});

const backingStoreFields = {
  type: attr(oneOf('file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser')),
  index: attr(uint),
  format: child(diskFormat),
  source: child(diskSource),
} as const;

/** `<backingStore>`: one layer of the backing chain; an empty `<backingStore/>` says the chain ends here. */
export interface BackingStore extends ShapeOf<typeof backingStoreFields> {
  /** The `<backingStore>` child element: the next layer down the chain. */
  backingStore?: BackingStore;
}
export const backingStore: ElementDesc<BackingStore> = element({
  ...backingStoreFields,
  backingStore: child((): ElementDesc<BackingStore> => backingStore),
});

/** `<target dev='vda' bus='virtio'/>`: the device name and bus the guest sees. */
export const diskTarget = element({
  dev: attr(str),
  bus: attr(oneOf('ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd')),
  tray: attr(oneOf('open', 'closed')),
  removable: attr(onOff),
  rotationRate: attr(uint, 'rotation_rate'),
});

/** `<iotune>`: I/O throttling, in bytes or operations per second. */
export const diskIotune = element({
  totalBytesSec: leaf(uint, 'total_bytes_sec'),
  readBytesSec: leaf(uint, 'read_bytes_sec'),
  writeBytesSec: leaf(uint, 'write_bytes_sec'),
  totalIopsSec: leaf(uint, 'total_iops_sec'),
  readIopsSec: leaf(uint, 'read_iops_sec'),
  writeIopsSec: leaf(uint, 'write_iops_sec'),
  totalBytesSecMax: leaf(uint, 'total_bytes_sec_max'),
  readBytesSecMax: leaf(uint, 'read_bytes_sec_max'),
  writeBytesSecMax: leaf(uint, 'write_bytes_sec_max'),
  totalIopsSecMax: leaf(uint, 'total_iops_sec_max'),
  readIopsSecMax: leaf(uint, 'read_iops_sec_max'),
  writeIopsSecMax: leaf(uint, 'write_iops_sec_max'),
  sizeIopsSec: leaf(uint, 'size_iops_sec'),
  groupName: leaf(str, 'group_name'),
  totalBytesSecMaxLength: leaf(uint, 'total_bytes_sec_max_length'),
  readBytesSecMaxLength: leaf(uint, 'read_bytes_sec_max_length'),
  writeBytesSecMaxLength: leaf(uint, 'write_bytes_sec_max_length'),
  totalIopsSecMaxLength: leaf(uint, 'total_iops_sec_max_length'),
  readIopsSecMaxLength: leaf(uint, 'read_iops_sec_max_length'),
  writeIopsSecMaxLength: leaf(uint, 'write_iops_sec_max_length'),
});

/** `<blockio>`: block sizes the guest sees, in bytes. */
export const diskBlockio = element({
  logicalBlockSize: attr(uint, 'logical_block_size'),
  physicalBlockSize: attr(uint, 'physical_block_size'),
  discardGranularity: attr(uint, 'discard_granularity'),
});

/** `<geometry cyls= heads= secs= trans=/>`. */
export const diskGeometry = element({
  cyls: attr(uint),
  heads: attr(uint),
  secs: attr(uint),
  trans: attr(oneOf('auto', 'none', 'lba')),
});

/** `<mirror>`: the destination of a running block copy or active commit (live XML only). */
export const diskMirror = element({
  type: attr(oneOf('file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser')),
  file: attr(str),
  format: attr(oneOf(...DISK_FORMATS)),
  job: attr(oneOf('copy', 'active-commit')),
  ready: attr(oneOf('yes', 'abort', 'pivot')),
  formatElement: child(diskFormat, 'format'),
  source: child(diskSource),
  backingStore: child(backingStore),
});

/** `<disk>`: a hard disk, CD-ROM, floppy or LUN (formatdomain "Hard drives, floppy disks, CDROMs"). */
export const disk = element({
  type: attr(oneOf('file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser')),
  device: attr(oneOf('floppy', 'disk', 'cdrom', 'lun')),
  model: attr(oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional')),
  rawio: attr(yesNo),
  sgio: attr(oneOf('filtered', 'unfiltered')),
  snapshot: attr(oneOf('internal', 'external', 'no', 'manual')),
  driver: child(diskDriver),
  auth: child(sourceAuth),
  source: child(diskSource),
  backingStore: child(backingStore),
  mirror: child(diskMirror),
  geometry: child(diskGeometry),
  blockio: child(diskBlockio),
  target: child(diskTarget),
  iotune: child(diskIotune),
  readonly: flag(),
  shareable: flag(),
  transient: flag(),
  serial: leaf(str),
  wwn: leaf(str),
  vendor: leaf(str),
  product: leaf(str),
  encryption: child(encryption),
  /** Xen: the domain that provides the disk's backend. */
  backenddomain: child(element({ name: attr(str) })),
  ...deviceInfo,
});
export type Disk = XmlType<typeof disk>;
