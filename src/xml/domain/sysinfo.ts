import { attr, child, element, list, text, type XmlType } from '../engine/describe.js';
import { oneOf, str } from '../engine/kinds.js';

/** `<entry name='manufacturer'>value</entry>` (oemStrings entries have no name). */
const entry = element({ name: attr(str), file: attr(str), value: text(str) });
const block = element({ entries: list(entry, 'entry') });

/** `<sysinfo type='smbios'>` (or `fwcfg`): SMBIOS tables / firmware config entries shown to the guest. */
export const sysinfo = element({
  type: attr(oneOf('smbios', 'fwcfg')),
  bios: child(block),
  system: child(block),
  baseBoards: list(block, 'baseBoard'),
  chassis: child(block),
  processors: list(block, 'processor'),
  memoryDevices: list(block, 'memory'),
  oemStrings: child(block),
  entries: list(entry, 'entry'),
});
export type Sysinfo = XmlType<typeof sysinfo>;
