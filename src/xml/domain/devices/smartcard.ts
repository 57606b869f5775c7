import { attr, child, element, leaf, leaves, type XmlType } from '../../engine/describe.js';
import { oneOf, str } from '../../engine/kinds.js';
import { CHARDEV_TYPES, chardevLog, chardevSource, chardevTarget } from './chardev.js';
import { deviceInfo } from './device-info.js';

// Smartcard readers.

/** `<smartcard mode=>`: host certificates or passthrough over a chardev. */
export const smartcard = element({
  mode: attr(oneOf('host', 'host-certificates', 'passthrough')),
  /** passthrough: the host side's chardev type. */
  type: attr(oneOf(...CHARDEV_TYPES)),
  certificates: leaves(str, 'certificate'),
  database: leaf(str),
  source: child(chardevSource),
  protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
  log: child(chardevLog),
  target: child(chardevTarget),
  ...deviceInfo,
});
export type Smartcard = XmlType<typeof smartcard>;
