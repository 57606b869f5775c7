import { attr, child, element, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, uint } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

// Platform devices: watchdog, panic notifier, IOMMU.

/** `<watchdog model= action=/>`. */
export const watchdog = element({
  model: attr(oneOf('i6300esb', 'ib700', 'diag288', 'itco')),
  action: attr(oneOf('reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi')),
  ...deviceInfo,
});
export type Watchdog = XmlType<typeof watchdog>;

/** `<panic model=/>`: a guest panic notifier. */
export const panic = element({
  model: attr(oneOf('isa', 'pseries', 'hyperv', 's390', 'pvpanic')),
  ...deviceInfo,
});
export type Panic = XmlType<typeof panic>;

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
