import { attr, element, leaf, type XmlType } from '../engine/describe.js';
import { str, yesNo } from '../engine/kinds.js';

/** Device-level `<seclabel model= relabel=>` (disk and chardev sources, hostdevs, shmem). */
export const deviceSeclabel = element({
  model: attr(str),
  relabel: attr(yesNo),
  labelskip: attr(yesNo),
  label: leaf(str),
});
export type DeviceSeclabel = XmlType<typeof deviceSeclabel>;
