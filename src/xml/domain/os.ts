import { ARCH_NAMES } from '../common/arch.js';
import { attr, child, element, leaf, list, text, type XmlType } from '../engine/describe.js';
import { int, oneOf, str, uint, yesNo } from '../engine/kinds.js';
import { diskSource } from './devices/disk.js';

/** `<type arch= machine=>hvm</type>`. */
export const osType = element({
  arch: attr(oneOf(...ARCH_NAMES)),
  machine: attr(str),
  value: text(oneOf('hvm', 'linux', 'xen', 'xenpvh', 'exe', 'uml')),
});

/** `<loader readonly= secure= type= format=>/path</loader>`. */
export const osLoader = element({
  readonly: attr(yesNo),
  secure: attr(yesNo),
  stateless: attr(yesNo),
  type: attr(oneOf('rom', 'pflash')),
  format: attr(oneOf('raw', 'qcow2')),
  value: text(str),
});

/** `<nvram template= format=>/path</nvram>` (or a `type='file'` source). */
export const osNvram = element({
  template: attr(str),
  templateFormat: attr(oneOf('raw', 'qcow2')),
  format: attr(oneOf('raw', 'qcow2')),
  type: attr(oneOf('file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser')),
  value: text(str),
  /** A file, block or network source, described as a disk's `<source>` (domaincommon.rng `osnvram`). */
  source: child(diskSource),
});

/** `<firmware><feature enabled= name=/></firmware>`: what firmware autoselection must provide. */
export const osFirmware = element({
  features: list(
    element({ enabled: attr(yesNo), name: attr(oneOf('enrolled-keys', 'secure-boot')) }),
    'feature',
  ),
});

/** `<os firmware=>`: how the guest boots (firmware, loader, boot devices, direct kernel boot). */
export const os = element({
  firmware: attr(oneOf('bios', 'efi')),
  type: child(osType),
  firmwareFeatures: child(osFirmware, 'firmware'),
  loader: child(osLoader),
  nvram: child(osNvram),
  bootloader: leaf(str),
  kernel: leaf(str),
  initrd: leaf(str),
  cmdline: leaf(str),
  dtb: leaf(str),
  shim: leaf(str),
  acpi: child(
    element({
      tables: list(
        element({ type: attr(oneOf('raw', 'rawset', 'slic', 'msdm')), value: text(str) }),
        'table',
      ),
    }),
  ),
  bootDevices: list(element({ dev: attr(oneOf('fd', 'hd', 'cdrom', 'network')) }), 'boot'),
  bootmenu: child(element({ enable: attr(yesNo), timeout: attr(uint) })),
  smbios: child(element({ mode: attr(oneOf('emulate', 'host', 'sysinfo')) })),
  /** `rebootTimeout` in ms; -1 disables the reboot. */
  bios: child(element({ useserial: attr(yesNo), rebootTimeout: attr(int) })),
  /** Direct kernel boot (Xen, bhyve): the root device. */
  root: leaf(str),
  init: leaf(str),
  initargs: list(element({ value: text(str) }), 'initarg'),
  /** Container init environment: `<initenv name='LANG'>C</initenv>`. */
  initenvs: list(element({ name: attr(str), value: text(str) }), 'initenv'),
  initdir: leaf(str),
  inituser: leaf(str),
  initgroup: leaf(str),
});
export type Os = XmlType<typeof os>;
