import { deviceAddress } from '../../common/address.js';
import { sourceAuth } from '../../common/auth.js';
import { sourceHost } from '../../common/source-host.js';
import { attr, child, element, flag, leaf, type XmlType } from '../../engine/describe.js';
import { hex, oneOf, onOff, str, uint, uuid, yesNo } from '../../engine/kinds.js';
import { pciDeviceInfo } from './device-info.js';

/** `<source>` of a host device: a PCI/USB/SCSI address, a USB vendor/product, an mdev UUID, or a block/char path. */
export const hostdevSource = element({
  startupPolicy: attr(oneOf('mandatory', 'requisite', 'optional')),
  guestReset: attr(oneOf('off', 'uefi', 'on')),
  protocol: attr(oneOf('iscsi')),
  name: attr(str),
  wwpn: attr(str),
  writeFiltering: attr(yesNo),
  /** USB: the device was missing when the guest started (startupPolicy optional). */
  missing: attr(yesNo),
  vendor: child(element({ id: attr(hex(4)) })),
  product: child(element({ id: attr(hex(4)) })),
  address: child(deviceAddress),
  adapter: child(element({ name: attr(str), type: attr(str) })),
  host: child(sourceHost),
  auth: child(sourceAuth),
  block: leaf(str),
  char: leaf(str),
  interface: leaf(str),
});

/** `<hostdev mode='subsystem' type='pci' managed='yes'>`: a host device passed through to the guest. */
export const hostdev = element({
  mode: attr(oneOf('subsystem', 'capabilities')),
  type: attr(oneOf('usb', 'pci', 'scsi', 'scsi_host', 'mdev', 'storage', 'misc', 'net')),
  managed: attr(yesNo),
  sgio: attr(oneOf('filtered', 'unfiltered')),
  rawio: attr(yesNo),
  model: attr(
    oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional', 'vfio-pci', 'vfio-ccw', 'vfio-ap'),
  ),
  display: attr(onOff),
  ramfb: attr(onOff),
  uuid: attr(uuid),
  driver: child(element({ name: attr(oneOf('kvm', 'vfio', 'xen')), model: attr(str) })),
  source: child(hostdevSource),
  target: child(element({ chassis: attr(uint), port: attr(uint) })),
  readonly: flag(),
  shareable: flag(),
  ...pciDeviceInfo,
});
export type Hostdev = XmlType<typeof hostdev>;
