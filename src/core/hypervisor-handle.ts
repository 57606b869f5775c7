/**
 * Which connection handle a Hypervisor uses now, for objects that receive a Hypervisor as an argument (a
 * migration's destination). Hypervisors register themselves here, so those objects need not import
 * hypervisor.ts, which imports them (no import cycle).
 */
import type { Handle } from '../../native/handles.js';

const current = new WeakMap<object, () => Handle>();

/** Called by each Hypervisor once: `handle` reads its connection handle (it changes across reconnects). */
export function registerHypervisor(hv: object, handle: () => Handle): void {
  current.set(hv, handle);
}

/** @internal The connection handle of `hv`; anything but a Hypervisor is a TypeError naming `what`. */
export function hypervisorHandle(hv: unknown, what: string): Handle {
  const handle = typeof hv === 'object' && hv !== null ? current.get(hv) : undefined;
  if (!handle) throw new TypeError(`${what} must be a Hypervisor, got ${typeof hv}`);
  return handle();
}
