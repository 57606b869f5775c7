import { attr, child, element, leaf, leaves, list, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, yesNo } from '../../engine/kinds.js';
import { chardevSource } from './chardev.js';
import { deviceInfo } from './device-info.js';

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
  driver: child(element({ iommu: attr(onOff), ats: attr(onOff), packed: attr(onOff) })),
  ...deviceInfo,
});
export type Input = XmlType<typeof input>;

/** `<hub type='usb'/>`. */
export const hub = element({ type: attr(oneOf('usb')), ...deviceInfo });
export type Hub = XmlType<typeof hub>;

/** `<redirdev bus='usb' type='spicevmc'/>`: USB redirection over SPICE or a chardev. */
export const redirdev = element({
  bus: attr(oneOf('usb')),
  type: attr(str),
  source: child(chardevSource),
  protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
  ...deviceInfo,
});
export type Redirdev = XmlType<typeof redirdev>;

/** `<redirfilter><usbdev class= vendor= product= version= allow=/></redirfilter>`. */
export const redirfilter = element({
  usbdevs: list(
    element({
      class: attr(str),
      vendor: attr(str),
      product: attr(str),
      version: attr(str),
      allow: attr(yesNo),
    }),
    'usbdev',
  ),
});
export type Redirfilter = XmlType<typeof redirfilter>;

/** `<smartcard mode=>`: host certificates or passthrough over a chardev. */
export const smartcard = element({
  mode: attr(oneOf('host', 'host-certificates', 'passthrough')),
  type: attr(str),
  certificates: leaves(str, 'certificate'),
  database: leaf(str),
  source: child(chardevSource),
  protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
  ...deviceInfo,
});
export type Smartcard = XmlType<typeof smartcard>;
