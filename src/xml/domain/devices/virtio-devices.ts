import { attr, child, element, text, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint, yesNo } from '../../engine/kinds.js';
import { CHARDEV_TYPES, chardevLog, chardevSource } from './chardev.js';
import { deviceInfo } from './device-info.js';

// Devices that exist only as virtio devices: RNG, vsock, crypto.

/** `<driver iommu= ats= packed= page_per_vq=/>` of virtio devices. */
export const virtioDriver = element({
  iommu: attr(onOff),
  ats: attr(onOff),
  packed: attr(onOff),
  pagePerVq: attr(onOff, 'page_per_vq'),
});
export const virtioModel = oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional');

/** `<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>`. */
export const rng = element({
  model: attr(virtioModel),
  rate: child(element({ bytes: attr(uint), period: attr(uint) })),
  backend: child(
    element({
      model: attr(oneOf('random', 'egd', 'builtin')),
      /** egd: the chardev type that reaches the daemon. */
      type: attr(oneOf(...CHARDEV_TYPES)),
      /** random: the host device path. */
      value: text(str),
      source: child(chardevSource),
      protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
      log: child(chardevLog),
    }),
  ),
  driver: child(virtioDriver),
  ...deviceInfo,
});
export type Rng = XmlType<typeof rng>;

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
