import { attr, child, element, list, type XmlType } from '../../engine/describe.js';
import { oneOf, str, yesNo } from '../../engine/kinds.js';
import { CHARDEV_TYPES, chardevLog, chardevSource } from './chardev.js';
import { deviceInfo } from './device-info.js';

// USB hubs and USB redirection (SPICE or a chardev) with its filters.

/** `<hub type='usb'/>`. */
export const hub = element({ type: attr(oneOf('usb')), ...deviceInfo });
export type Hub = XmlType<typeof hub>;

/** `<redirdev bus='usb' type='spicevmc'/>`: USB redirection over SPICE or a chardev. */
export const redirdev = element({
  bus: attr(oneOf('usb')),
  type: attr(oneOf(...CHARDEV_TYPES)),
  source: child(chardevSource),
  protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
  log: child(chardevLog),
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
