import { attr, child, type ElementDesc, element, type ShapeOf } from '../engine/describe.js';
import { hex, oneOf, onOff, str, uint, uintAny } from '../engine/kinds.js';

/**
 * A device's `<address>` on its bus (domaincommon.rng `address`). One description holds every address type's
 * attributes; which apply depends on `type`. PCI `domain`/`function` are written in hex like libvirt; `bus` and
 * `slot` are shared by decimal and hex address types, so they read both and write decimal (libvirt reads both).
 */
export const deviceAddressFields = {
  type: attr(
    oneOf(
      'pci',
      'drive',
      'virtio-serial',
      'ccid',
      'usb',
      'spapr-vio',
      'ccw',
      'isa',
      'virtio-mmio',
      'dimm',
      'unassigned',
    ),
  ),
  // pci
  domain: attr(hex(4)),
  bus: attr(uintAny),
  slot: attr(uintAny),
  function: attr(hex(1)),
  multifunction: attr(onOff),
  // drive, virtio-serial, ccid
  controller: attr(uint),
  target: attr(uint),
  unit: attr(uint),
  // usb: a dotted port path ('1.2'); virtio-serial: a number (read as text to cover both)
  port: attr(str),
  // spapr-vio
  reg: attr(hex(1)),
  // ccw
  cssid: attr(hex(2)),
  ssid: attr(hex(1)),
  devno: attr(hex(4)),
  // isa
  iobase: attr(hex(1)),
  irq: attr(hex(1)),
  // dimm
  base: attr(hex(1)),
  /** s390 PCI: `<zpci uid='0x0001' fid='0x00000000'/>` inside a PCI address. */
  zpci: child(element({ uid: attr(hex(4)), fid: attr(hex(8)) })),
} as const;
/** An interface, so declaration files name it instead of spelling it out at each of its many uses. */
export interface DeviceAddress extends ShapeOf<typeof deviceAddressFields> {}
export const deviceAddress: ElementDesc<DeviceAddress> = element(deviceAddressFields);
