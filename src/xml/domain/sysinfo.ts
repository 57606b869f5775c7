import { attr, child, element, list, text, type XmlType } from '../engine/describe.js';
import { oneOf, str } from '../engine/kinds.js';

/** `<entry name='manufacturer'>value</entry>` (oemStrings entries have no name). */
const entry = element({ name: attr(str), file: attr(str), value: text(str) });
const block = element({ entries: list(entry, 'entry') });
/** An SMBIOS table whose entry names the grammar fixes (`<bios><entry name='vendor'>`). */
const namedBlock = <const N extends string>(...names: N[]) =>
  element({ entries: list(element({ name: attr(oneOf(...names)), value: text(str) }), 'entry') });

/** `<sysinfo type='smbios'>` (or `fwcfg`): SMBIOS tables / firmware config entries shown to the guest. */
export const sysinfo = element({
  type: attr(oneOf('smbios', 'fwcfg')),
  bios: child(namedBlock('vendor', 'version', 'date', 'release')),
  system: child(namedBlock('manufacturer', 'product', 'version', 'serial', 'uuid', 'sku', 'family')),
  baseBoards: list(
    namedBlock('manufacturer', 'product', 'version', 'serial', 'asset', 'location'),
    'baseBoard',
  ),
  chassis: child(namedBlock('manufacturer', 'version', 'serial', 'asset', 'sku')),
  processors: list(block, 'processor'),
  memoryDevices: list(block, 'memory'),
  oemStrings: child(block),
  entries: list(entry, 'entry'),
});
export type Sysinfo = XmlType<typeof sysinfo>;
