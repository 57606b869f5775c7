import { pciAddress } from './common/pci-address.js';
import {
  attr,
  child,
  defineDocument,
  element,
  hex,
  int,
  type Kind,
  leaf,
  list,
  oneOf,
  str,
  text,
  uint,
  uuid,
  type XmlType,
  zeroOne,
} from './engine/index.js';

/**
 * `virNodeDeviceGetXMLDesc()`: a host device and its capabilities (nodedev.rng). A device has one
 * `<capability type=>` per role (a PCI function, a network interface, a disk); each type uses some of the
 * fields below. Sub-capabilities nested in a capability (SR-IOV functions, FC host, removable media) have their
 * own description.
 */

const DIGITS = /^\d+$/;

/**
 * `<bus>` and `<target>` hold a number for PCI/USB/SCSI devices and a name for others (a storage bus `ata`, a
 * SCSI target `target0:0:0`): read as a number when the text is all digits, else as the text.
 */
const numberOrName: Kind<number | string> = {
  describe: 'a non-negative integer or a name',
  parse(t) {
    if (!DIGITS.test(t)) return t;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : t;
  },
  format(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    throw new Error(`expected ${numberOrName.describe}, got ${String(value)} (${typeof value})`);
  },
};

/** The capability types a node device's `<capability type=>` may name. */
export const NODE_DEVICE_CAPABILITY_TYPES = [
  'system',
  'pci',
  'usb_device',
  'usb',
  'net',
  'scsi_host',
  'scsi_target',
  'scsi',
  'storage',
  'scsi_generic',
  'drm',
  'mdev',
  'ccw',
  'css',
  'vdpa',
  'ap_card',
  'ap_queue',
  'ap_matrix',
] as const;

/** The types a nested `<capability type=>` (inside a PCI, SCSI host or other capability) may name. */
export const NODE_DEVICE_SUB_CAPABILITY_TYPES = [
  'phys_function',
  'virt_functions',
  'pci-bridge',
  'cardbus-bridge',
  'mdev_types',
  'vpd',
  'fc_host',
  'vport_ops',
  'fc_remote_port',
  '80203',
  '80211',
  'removable',
  'hotpluggable',
] as const;

/** `<vendor id='0x8086'>Intel Corporation</vendor>`, `<product id=>`; storage and system write text only. */
export const nodeDeviceIdName = element({ id: attr(hex(4)), value: text(str) });

/** `<type id=>` of an mediated device type: its name, the vfio API and how many more can be created. */
export const nodeDeviceMdevType = element({
  id: attr(str),
  name: leaf(str),
  deviceAPI: leaf(oneOf('vfio-pci', 'vfio-ccw', 'vfio-ap')),
  availableInstances: leaf(uint),
});

/** `<vendor_field index=>` / `<system_field index=>` of PCI Vital Product Data. */
const vpdIndexed = element({ index: attr(str), value: text(str) });

/** `<fields access='readonly|readwrite'>` of PCI Vital Product Data. */
export const nodeDeviceVpdFields = element({
  access: attr(oneOf('readonly', 'readwrite')),
  changeLevel: leaf(str, 'change_level'),
  manufactureId: leaf(str, 'manufacture_id'),
  partNumber: leaf(str, 'part_number'),
  serialNumber: leaf(str, 'serial_number'),
  assetTag: leaf(str, 'asset_tag'),
  vendorFields: list(vpdIndexed, 'vendor_field'),
  systemFields: list(vpdIndexed, 'system_field'),
});

/** A `<capability type=>` nested inside a device capability. */
export const nodeDeviceSubCapability = element({
  type: attr(oneOf(...NODE_DEVICE_SUB_CAPABILITY_TYPES)),
  // virt_functions
  maxCount: attr(uint),
  // phys_function (one address), virt_functions (one per VF)
  addresses: list(pciAddress, 'address'),
  // mdev_types
  types: list(nodeDeviceMdevType, 'type'),
  // vpd
  name: leaf(str),
  fields: list(nodeDeviceVpdFields, 'fields'),
  // fc_remote_port (rport, wwpn), fc_host (wwnn, wwpn, fabric_wwn)
  rport: leaf(str),
  wwnn: leaf(str),
  wwpn: leaf(str),
  fabricWwn: leaf(str, 'fabric_wwn'),
  // vport_ops
  maxVports: leaf(uint, 'max_vports'),
  vports: leaf(uint),
  // removable
  mediaAvailable: leaf(zeroOne, 'media_available'),
  mediaSize: leaf(uint, 'media_size'),
  mediaLabel: leaf(str, 'media_label'),
  logicalBlockSize: leaf(uint, 'logical_block_size'),
  numBlocks: leaf(uint, 'num_blocks'),
});
export type NodeDeviceSubCapability = XmlType<typeof nodeDeviceSubCapability>;

/** `<cssid>`, `<ssid>`, `<devno>` of an s390 channel device, written in hex like libvirt. */
const ccwAddressFields = {
  cssid: leaf(hex(1)),
  ssid: leaf(hex(1)),
  devno: leaf(hex(4)),
} as const;

/** `<link validity='cap|sta' port= speed= width=/>` of a PCI Express device. */
const pciExpressLink = element({
  validity: attr(oneOf('cap', 'sta')),
  port: attr(uint),
  speed: attr(str),
  width: attr(uint),
});

/**
 * A device `<capability type=>`; which fields apply depends on `type` (comments name the types). The field order
 * is one order that is libvirt's writing order (and nodedev.rng's sequence) for every type at once.
 */
export const nodeDeviceCapability = element({
  type: attr(oneOf(...NODE_DEVICE_CAPABILITY_TYPES)),
  // usb
  number: leaf(uint),
  // pci: a hex string ('0x060000'); usb: a decimal number
  class: leaf(str),
  // usb
  subclass: leaf(uint),
  protocol: leaf(uint),
  description: leaf(str),
  // storage
  block: leaf(str),
  // scsi_host, scsi
  host: leaf(uint),
  uniqueId: leaf(uint, 'unique_id'),
  // pci
  domain: leaf(uint),
  // pci, usb_device, scsi (numbers), storage (a name)
  bus: leaf(numberOrName),
  // pci
  slot: leaf(uint),
  function: leaf(uint),
  // usb_device
  device: leaf(uint),
  // scsi_target (a name), scsi (a number)
  target: leaf(numberOrName),
  lun: leaf(uint),
  // scsi (text), drm ('primary' | 'control' | 'render'), mdev (`id=` attribute)
  deviceType: child(element({ id: attr(str), value: text(str) }), 'type'),
  // storage
  driveType: leaf(str, 'drive_type'),
  model: leaf(str),
  // system (text), pci and usb_device (with id)
  product: child(nodeDeviceIdName),
  // system
  hardware: child(element({ vendor: leaf(str), version: leaf(str), serial: leaf(str), uuid: leaf(uuid) })),
  firmware: child(element({ vendor: leaf(str), version: leaf(str), releaseDate: leaf(str, 'release_date') })),
  // pci and usb_device (with id), storage (text)
  vendor: child(nodeDeviceIdName),
  // storage
  serial: leaf(str),
  size: leaf(uint),
  logicalBlockSize: leaf(uint, 'logical_block_size'),
  numBlocks: leaf(uint, 'num_blocks'),
  // net
  interface: leaf(str),
  address: leaf(str),
  link: child(
    element({
      speed: attr(uint),
      state: attr(oneOf('unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up')),
    }),
  ),
  features: list(element({ name: attr(str) }), 'feature'),
  // scsi_generic
  char: leaf(str),
  // vdpa
  chardev: leaf(str),
  // ap_card, ap_queue
  apAdapter: leaf(hex(2), 'ap-adapter'),
  apDomain: leaf(hex(4), 'ap-domain'),
  // ccw, css
  ...ccwAddressFields,
  channelDevAddr: child(element(ccwAddressFields), 'channel_dev_addr'),
  // mdev
  uuid: leaf(uuid),
  parentAddr: leaf(str, 'parent_addr'),
  // nested capabilities of pci, net, scsi_host, scsi_target, storage, css, ap_matrix
  capabilities: list(nodeDeviceSubCapability, 'capability'),
  // pci (with addresses), mdev (number only)
  iommuGroup: child(element({ number: attr(uint), addresses: list(pciAddress, 'address') })),
  // pci
  numa: child(element({ node: attr(int) })),
  pciExpress: child(element({ links: list(pciExpressLink, 'link') }), 'pci-express'),
  // mdev
  attrs: list(element({ name: attr(str), value: attr(str) }), 'attr'),
  // mdev, libvirt 10+: whether a defined mediated device starts with the host
  start: child(element({ type: attr(oneOf('manual', 'auto')) })),
});
export type NodeDeviceCapability = XmlType<typeof nodeDeviceCapability>;

/** `<devnode type='dev'>/dev/sda</devnode>` and `<devnode type='link'>` aliases. */
export const nodeDeviceDevnode = element({ type: attr(oneOf('dev', 'link')), value: text(str) });

/** `<parent>`: the parent device's name, or for a new vHBA, the FC parent by its WWNs. */
export const nodeDeviceParent = element({
  wwnn: attr(str),
  wwpn: attr(str),
  fabricWwn: attr(str, 'fabric_wwn'),
  value: text(str),
});

export const nodeDevice = element({
  name: leaf(str),
  path: leaf(str),
  devnodes: list(nodeDeviceDevnode, 'devnode'),
  parent: child(nodeDeviceParent),
  driver: child(element({ name: leaf(str) })),
  capabilities: list(nodeDeviceCapability, 'capability'),
});
export type NodeDeviceDef = XmlType<typeof nodeDevice>;

export const nodeDeviceDocument = defineDocument('device', nodeDevice);
export const parseNodeDeviceXml = (xml: string): NodeDeviceDef => nodeDeviceDocument.parse(xml);
export const buildNodeDeviceXml = (def: NodeDeviceDef): string => nodeDeviceDocument.build(def);
