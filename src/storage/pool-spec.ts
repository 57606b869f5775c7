/**
 * How a volume finds its pool's wrapper (`volume.pool()`) without importing pool.ts, which imports the
 * volume collection and so the volume (no import cycle): pool.ts registers its lookup spec here when it
 * loads, which it has by the time any volume exists (volumes come from `pool.volumes`).
 */
import type { LookupSpec } from '../core/lookup.js';
import type { StoragePool } from './pool.js';

let spec: LookupSpec<StoragePool> | null = null;

export function registerPoolSpec(poolSpec: LookupSpec<StoragePool>): void {
  spec = poolSpec;
}

export function poolSpec(): LookupSpec<StoragePool> {
  if (!spec) throw new Error('libvirt-ts: pool.ts is not loaded');
  return spec;
}
