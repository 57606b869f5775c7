import { deviceAddressFields } from '../../common/address.js';
import { sourceAuth } from '../../common/auth.js';
import { sourceHost } from '../../common/source-host.js';
import { attr, child, element, flag, leaf, list, type XmlType } from '../../engine/describe.js';
import { hex, oneOf, onOff, str, uint, uintAny, uuid, yesNo } from '../../engine/kinds.js';
import { poolSourceAdapter } from '../../storage-pool.js';
import { pciDeviceInfo } from './device-info.js';
import { interfaceIp, interfaceRoute } from './interface.js';

/** `<source>` of a host device: a PCI/USB/SCSI address, a USB vendor/product, an mdev UUID, or a block/char path. */
export const hostdevSource = element({
  startupPolicy: attr(oneOf('mandatory', 'requisite', 'optional')),
  guestReset: attr(oneOf('off', 'uefi', 'on', 'uninitialized')),
  protocol: attr(oneOf('adapter', 'iscsi', 'vhost')),
  name: attr(str),
  wwpn: attr(str),
  writeFiltering: attr(yesNo),
  /** USB: the device was missing when the guest started (startupPolicy optional). */
  missing: attr(yesNo),
  vendor: child(element({ id: attr(hex(4)) })),
  product: child(element({ id: attr(hex(4)) })),
  /** A device address, a USB host address (`bus`, `device`) or an mdev's `uuid`. */
  address: child(element({ ...deviceAddressFields, device: attr(uintAny), uuid: attr(uuid) })),
  /** scsi_host: the SCSI host adapter, as a scsi pool's. */
  adapter: child(poolSourceAdapter),
  /** iSCSI: the initiator's IQN. */
  initiator: child(element({ iqn: child(element({ name: attr(str) })) })),
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
  /** Capabilities mode, type net: addresses and routes set on the device (LXC). */
  ips: list(interfaceIp, 'ip'),
  routes: list(interfaceRoute, 'route'),
  /** A VF in a failover pair with a virtio NIC (`type='transient'`, `persistent=` the virtio NIC's alias). */
  teaming: child(element({ type: attr(oneOf('persistent', 'transient')), persistent: attr(str) })),
  ...pciDeviceInfo,
});
export type Hostdev = XmlType<typeof hostdev>;
