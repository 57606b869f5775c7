/**
 * `hv.fromRaw(handle)` / `libvirt-ts/raw`'s `fromRaw` and `toRaw`: between the object API and raw calls on the
 * same connection. `toRaw(object)` lends an object's handle to `call()`; `fromRaw` wraps a handle that `call()`
 * returned into its object, which takes a reference of its own (`virXxxRef`), so no second connection is
 * opened and each side frees its own reference.
 */
import { Handle } from '../../native/handles.js';
import type { LibvirtFunction } from '../../native/libvirt.js';
import { hypervisorHandle } from '../core/hypervisor-handle.js';
import { liveHandleOf } from '../core/live-object.js';
import { adopt, type LookupSpec } from '../core/lookup.js';
import { DOMAIN_SPEC } from '../domain/domains.js';
import { NODE_DEVICE_SPEC } from '../host/node-device.js';
import { SECRET_SPEC } from '../host/secret.js';
import { INTERFACE_SPEC } from '../network/interface.js';
import { NETWORK_SPEC } from '../network/network.js';
import { NWFILTER_SPEC } from '../network/nwfilter.js';
import { NWFILTER_BINDING_SPEC } from '../network/nwfilter-binding.js';
import { POOL_SPEC } from '../storage/pool.js';
import { VOLUME_SPEC } from '../storage/volume.js';

/** The kinds `fromRaw` wraps — every object a connection hands out directly — with their reference count. */
const KINDS: Readonly<Record<string, [LookupSpec<unknown>, LibvirtFunction]>> = {
  domain: [DOMAIN_SPEC, 'virDomainRef'],
  network: [NETWORK_SPEC, 'virNetworkRef'],
  storagePool: [POOL_SPEC, 'virStoragePoolRef'],
  storageVol: [VOLUME_SPEC, 'virStorageVolRef'],
  secret: [SECRET_SPEC, 'virSecretRef'],
  nodeDevice: [NODE_DEVICE_SPEC, 'virNodeDeviceRef'],
  interface: [INTERFACE_SPEC, 'virInterfaceRef'],
  nwfilter: [NWFILTER_SPEC, 'virNWFilterRef'],
  nwfilterBinding: [NWFILTER_BINDING_SPEC, 'virNWFilterBindingRef'],
};

/** Objects of objects: wrapped by their parent's collection, which checks that they are its own. */
const THROUGH_PARENT: Readonly<Record<string, string>> = {
  snapshot: 'dom.snapshots.fromRaw(handle)',
  checkpoint: 'dom.checkpoints.fromRaw(handle)',
  networkPort: 'network.ports.fromRaw(handle)',
};

/**
 * The handle `object` (a Domain, StoragePool, …, or a Hypervisor: its connection) uses now, to pass to
 * `libvirt-ts/raw`'s `call()`. Borrowed: the object keeps owning it — do not `free()` it; it stays valid while
 * the object is not freed (a reconnect replaces it: ask again after one).
 */
export function toRaw(object: unknown): Handle {
  if (object instanceof Handle) throw new TypeError('toRaw: this is already a Handle');
  try {
    return liveHandleOf(object, 'toRaw object');
  } catch {
    return hypervisorHandle(object, 'toRaw object (a libvirt-ts object or a Hypervisor)');
  }
}

/**
 * Wraps `raw`, an object handle of `connection`'s (from `call()`), into its object, which takes its own
 * reference: `raw` stays the caller's. A handle of another connection, a freed one or a kind without a direct
 * wrapper is a TypeError.
 */
export async function adoptHandle(connection: Handle, raw: unknown): Promise<unknown> {
  if (!(raw instanceof Handle)) throw new TypeError('fromRaw: handle must be a Handle from libvirt-ts/raw');
  if (raw.freed) throw new TypeError(`fromRaw: this ${raw.kind} handle was freed`);
  if (raw.kind === 'connect') {
    throw new TypeError(
      'fromRaw: a connection handle is not wrapped (Hypervisor.connect owns its connection)',
    );
  }
  const parent = THROUGH_PARENT[raw.kind];
  if (parent) throw new TypeError(`fromRaw: a ${raw.kind} handle is wrapped through its parent: ${parent}`);
  const kind = KINDS[raw.kind];
  if (!kind) throw new TypeError(`fromRaw: a ${raw.kind} handle has no object to wrap it`);
  if (raw.connection !== connection) {
    throw new TypeError(
      `fromRaw: this ${raw.kind} handle belongs to another connection than this Hypervisor's`,
    );
  }
  return adopt(kind[0], raw, kind[1]);
}
