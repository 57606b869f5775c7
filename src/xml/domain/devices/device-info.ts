import { deviceAddress } from '../../common/address.js';
import { attr, child, element, type XmlType } from '../../engine/describe.js';
import { onOff, str, uint, yesNo } from '../../engine/kinds.js';

/** `<alias name='ua-...'/>`: the device's name (user aliases start with `ua-`). */
export const deviceAlias = element({ name: attr(str) });

/** `<boot order='1' loadparm=/>`: per-device boot order (instead of `<os><boot dev>`). */
export const bootOrder = element({ order: attr(uint), loadparm: attr(str) });
export type BootOrder = XmlType<typeof bootOrder>;

/** `<rom bar= file= enabled=/>` of PCI devices. */
export const deviceRom = element({ bar: attr(onOff), file: attr(str), enabled: attr(yesNo) });

/** `<acpi index=/>`: the ACPI index of a PCI device (stable guest NIC names). */
export const deviceAcpi = element({ index: attr(uint) });

/**
 * Fields every device may carry (libvirt's virDomainDeviceInfo), spread at the end of device descriptions so
 * they are written where libvirt writes them: `element({ ...own, ...deviceInfo })`.
 */
export const deviceInfo = {
  boot: child(bootOrder),
  alias: child(deviceAlias),
  address: child(deviceAddress),
  acpi: child(deviceAcpi),
} as const;

/** The same plus `<rom>`, for PCI devices that may have an option ROM. */
export const pciDeviceInfo = { ...deviceInfo, rom: child(deviceRom) } as const;
