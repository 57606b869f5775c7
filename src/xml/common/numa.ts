import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, SIZE_UNITS, sizeUnit, uint } from '../engine/kinds.js';

/** NUMA pieces shared by the domain's `<cpu><numa>` and the host topology of `<capabilities>` (cputypes.rng). */

/** `<sibling id= value=/>` in `<distances>`: the distance from this cell to cell `id`. */
export const numaDistance = element({ id: attr(uint), value: attr(uint) });
export type NumaDistance = XmlType<typeof numaDistance>;

/** `<distances><sibling .../></distances>`. */
export const numaDistances = element({ siblings: list(numaDistance, 'sibling') });

/** `<size value= unit=/>` and `<line value= unit=/>` of a memory-side cache; libvirt writes line sizes in `B`. */
const numaCacheSize = element({ value: attr(uint), unit: attr(oneOf(...SIZE_UNITS, 'B')) });

/** `<cache level= associativity= policy=>`: a memory-side cache of a NUMA cell. */
export const numaCache = element({
  level: attr(uint),
  associativity: attr(oneOf('none', 'direct', 'full')),
  policy: attr(oneOf('none', 'writeback', 'writethrough')),
  size: child(numaCacheSize),
  line: child(numaCacheSize),
});
export type NumaCache = XmlType<typeof numaCache>;

const interconnectType = oneOf('access', 'read', 'write');

/** `<interconnects>`: latencies and bandwidths between initiator and target cells (HMAT). */
export const numaInterconnects = element({
  latencies: list(
    element({
      initiator: attr(uint),
      target: attr(uint),
      cache: attr(uint),
      type: attr(interconnectType),
      value: attr(uint),
    }),
    'latency',
  ),
  bandwidths: list(
    element({
      initiator: attr(uint),
      target: attr(uint),
      cache: attr(uint),
      type: attr(interconnectType),
      value: attr(uint),
      unit: attr(sizeUnit),
    }),
    'bandwidth',
  ),
});
export type NumaInterconnects = XmlType<typeof numaInterconnects>;
