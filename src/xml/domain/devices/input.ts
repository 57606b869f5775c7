import { attr, child, element, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

// Input devices.

/** `<input type='tablet' bus='usb'/>`: mouse, tablet, keyboard, passthrough or evdev. */
export const input = element({
  type: attr(oneOf('tablet', 'mouse', 'keyboard', 'passthrough', 'evdev')),
  bus: attr(oneOf('ps2', 'usb', 'xen', 'virtio', 'none')),
  model: attr(oneOf('virtio', 'virtio-transitional', 'virtio-non-transitional')),
  source: child(
    element({
      evdev: attr(str),
      dev: attr(str),
      grab: attr(oneOf('all')),
      grabToggle: attr(str),
      repeat: attr(onOff),
    }),
  ),
  driver: child(
    element({
      iommu: attr(onOff),
      ats: attr(onOff),
      packed: attr(onOff),
      pagePerVq: attr(onOff, 'page_per_vq'),
    }),
  ),
  ...deviceInfo,
});
export type Input = XmlType<typeof input>;
