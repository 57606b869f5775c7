import { numaCache } from '../common/numa.js';
import { attr, child, element, list, text, type XmlType } from '../engine/describe.js';
import { oneOf, onOff, str, uint, yesNo } from '../engine/kinds.js';

/** `<feature policy= name=/>` of a CPU model. */
export const cpuFeature = element({
  policy: attr(oneOf('force', 'require', 'optional', 'disable', 'forbid')),
  name: attr(str),
});

const numaDistance = element({ id: attr(uint), value: attr(uint) });

/** `<cell id= cpus= memory= unit=>` of the guest NUMA topology. */
export const numaCell = element({
  id: attr(uint),
  cpus: attr(str),
  memory: attr(uint),
  unit: attr(str),
  memAccess: attr(oneOf('shared', 'private')),
  discard: attr(yesNo),
  distances: child(element({ siblings: list(numaDistance, 'sibling') })),
  /** Memory-side caches: `<size value= unit=/>` and `<line value= unit=/>` are attributes, as in capabilities. */
  caches: list(numaCache, 'cache'),
});

/** `<cpu mode= match= check=>`: the CPU model, topology, features, cache and NUMA cells the guest sees. */
export const cpu = element({
  mode: attr(oneOf('custom', 'host-model', 'host-passthrough', 'maximum')),
  match: attr(oneOf('minimum', 'exact', 'strict')),
  check: attr(oneOf('none', 'partial', 'full')),
  migratable: attr(onOff),
  model: child(
    element({
      fallback: attr(oneOf('allow', 'forbid')),
      vendorId: attr(str, 'vendor_id'),
      value: text(str),
    }),
  ),
  vendor: child(element({ value: text(str) })),
  topology: child(
    element({
      sockets: attr(uint),
      dies: attr(uint),
      clusters: attr(uint),
      cores: attr(uint),
      threads: attr(uint),
    }),
  ),
  cache: child(element({ level: attr(uint), mode: attr(oneOf('emulate', 'passthrough', 'disable')) })),
  maxphysaddr: child(
    element({ mode: attr(oneOf('emulate', 'passthrough')), bits: attr(uint), limit: attr(uint) }),
  ),
  features: list(cpuFeature, 'feature'),
  numa: child(
    element({
      cells: list(numaCell, 'cell'),
      interconnects: child(
        element({
          latencies: list(
            element({
              initiator: attr(uint),
              target: attr(uint),
              cache: attr(uint),
              type: attr(oneOf('access', 'read', 'write')),
              value: attr(uint),
            }),
            'latency',
          ),
          bandwidths: list(
            element({
              initiator: attr(uint),
              target: attr(uint),
              cache: attr(uint),
              type: attr(oneOf('access', 'read', 'write')),
              value: attr(uint),
              unit: attr(str),
            }),
            'bandwidth',
          ),
        }),
      ),
    }),
  ),
});
export type Cpu = XmlType<typeof cpu>;
