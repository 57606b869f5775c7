import { attr, child, element, leaf, type XmlType } from '../../engine/describe.js';
import { str, uint } from '../../engine/kinds.js';

// Lock manager leases.

/** `<lease>`: a lock manager lease. */
export const lease = element({
  lockspace: leaf(str),
  key: leaf(str),
  target: child(element({ path: attr(str), offset: attr(uint) })),
});
export type Lease = XmlType<typeof lease>;
