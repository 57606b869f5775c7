import { reconnect } from '../../common/reconnect.js';
import { deviceSeclabel } from '../../common/seclabel.js';
import { attr, child, element, list, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint, yesNo } from '../../engine/kinds.js';
import { deviceInfo } from './device-info.js';

/** Host-side types of a character device (`<serial type='pty'>`). */
export const CHARDEV_TYPES = [
  'dev',
  'file',
  'pipe',
  'unix',
  'tcp',
  'udp',
  'null',
  'stdio',
  'vc',
  'pty',
  'spicevmc',
  'spiceport',
  'nmdm',
  'qemu-vdagent',
  'dbus',
] as const;

/** `<source>` of a character device: path, or host/service for tcp/udp, or channel for spiceport. */
export const chardevSource = element({
  mode: attr(oneOf('bind', 'connect')),
  path: attr(str),
  host: attr(str),
  service: attr(str),
  tls: attr(yesNo),
  append: attr(onOff),
  channel: attr(str),
  master: attr(str),
  slave: attr(str),
  seclabels: list(deviceSeclabel, 'seclabel'),
  reconnect: child(reconnect),
  clipboard: child(element({ copypaste: attr(yesNo) })),
  mouse: child(element({ mode: attr(oneOf('server', 'client')) })),
});

/** Guest-side types of a serial/console/parallel target (domaincommon.rng `qemucdevTgtDef`), and a channel's. */
export const CHARDEV_TARGET_TYPES = [
  'xen',
  'serial',
  'uml',
  'virtio',
  'lxc',
  'openvz',
  'sclp',
  'sclplm',
  'isa-serial',
  'usb-serial',
  'pci-serial',
  'spapr-vio-serial',
  'system-serial',
  'sclp-serial',
  'isa-debug',
  'guestfwd',
] as const;

/** `<model name=>` of a serial/console target. */
export const CHARDEV_TARGET_MODELS = [
  'isa-serial',
  'usb-serial',
  'pci-serial',
  'spapr-vty',
  'pl011',
  '16550a',
  'sclpconsole',
  'sclplmconsole',
  'isa-debugcon',
] as const;

/** `<target>` of serial/console/channel/parallel: guest-side type, port, and channel name/address. */
export const chardevTarget = element({
  type: attr(oneOf(...CHARDEV_TARGET_TYPES)),
  port: attr(uint),
  name: attr(str),
  state: attr(oneOf('connected', 'disconnected')),
  address: attr(str),
  model: child(element({ name: attr(oneOf(...CHARDEV_TARGET_MODELS)) })),
});

/** `<log file= append=/>`: where a character device's output is also written. */
export const chardevLog = element({ file: attr(str), append: attr(onOff) });

const chardevFields = {
  type: attr(oneOf(...CHARDEV_TYPES)),
  tty: attr(str),
  source: child(chardevSource),
  protocol: child(element({ type: attr(oneOf('raw', 'telnet', 'telnets', 'tls')) })),
  log: child(chardevLog),
  target: child(chardevTarget),
  ...deviceInfo,
} as const;

/** `<serial type='pty'>`: a serial port. */
export const serial = element(chardevFields);
/** `<console type='pty'>`: a console (serial, virtio, sclp, ...). */
export const consoleDevice = element(chardevFields);
/** `<channel type='unix'>`: a host-guest channel (guest agent, spice vdagent, guestfwd). */
export const channel = element(chardevFields);
/** `<parallel type='pty'>`: a parallel port. */
export const parallel = element(chardevFields);

export type Chardev = XmlType<typeof serial>;
