/**
 * `libvirt-ts/raw`: the generated bindings of libvirt, libvirt-qemu and libvirt-lxc.
 *
 * - Metadata of every function (`FUNCTIONS`: C prototype, doc, version, failure convention, handle kind),
 *   every enum as typed constants (`virDomainState.VIR_DOMAIN_RUNNING`, short form `DomainState.RUNNING`),
 *   every struct (TS interfaces, layouts) and callback signature (`CALLBACKS`).
 * - Types: `RawApi` (every function as koffi binds it: pointers are `bigint`), `ShapedApi` / `InvokeApi`
 *   (what `invoke()` takes and returns for functions with out-params, arrays and owned memory).
 * - `openRawBinding()`: the synchronous binding.
 *
 * - `toRaw(object)` / `fromRaw(hv, handle)`: between the object API and `call()` on the same connection, so a
 *   function the object API does not cover never needs a second connection:
 *   `await call('virDomainGetLaunchSecurityInfo', toRaw(dom), 0)`; `await fromRaw(hv, handle, Domain)`.
 *
 * The admin API (libvirt-admin.so) is not covered.
 *
 * @module libvirt-ts/raw
 */
import { type Binding, createBinding } from '../native/binding.js';
import type { Handle } from '../native/handles.js';
import type { Hypervisor } from './connection/hypervisor.js';

export type { Binding, ErrorData } from '../native/binding.js';
export { CallFailure, InvokeArgumentError, isFailure } from '../native/binding.js';
export { LibraryLoadError } from '../native/errors.js';
export * from '../native/generated/index.js';

/**
 * Opens the **synchronous** libvirt binding of the calling thread.
 *
 * WARNING — read before use:
 * - Every call BLOCKS the calling thread until libvirt answers (a guest start or a migration can take
 *   seconds; a dead remote peer until its keepalive gives up). Use it inside your own `worker_threads`
 *   worker, never on the main thread of a server.
 * - libvirt's errors are PER THREAD: `lastError()` and the `CallFailure` that `invoke()` throws describe
 *   the last failed call *on this thread*. Do not pass a binding to another thread (pointers, as bigints,
 *   may cross threads; errors may not).
 * - Never call libvirt synchronously on the main thread while libvirt callbacks (events, close
 *   callbacks) are registered: koffi relays a callback to the main thread and blocks libvirt's thread until
 *   it runs, while libvirt holds its locks, so the process hangs forever.
 * - Pointers are plain bigints: you own what `FUNCTIONS[name].handle.owned` says you own, and free it
 *   exactly once with `FUNCTIONS[name].handle.free`. A freed or bogus pointer can crash the process.
 *
 * The first call on a thread loads libvirt and binds every function (~15 ms); later calls return the
 * same binding. Throws `LibraryLoadError` when libvirt.so.0 cannot be loaded (set LIBVIRT_TS_LIBRARY to
 * use another path).
 */
export function openRawBinding(): Binding {
  return createBinding();
}

export { LibvirtError } from '../native/errors.js';
export { toRaw } from './connection/adopt.js';

/**
 * Wraps an object handle `call()` returned on `hv`'s connection into its object (a Domain, StoragePool,
 * Network, …): `hv.fromRaw(handle, as)`. The object takes its own reference (`virDomainRef`, …), so `handle`
 * stays yours to free; no second connection is opened. Snapshots, checkpoints and network ports are wrapped by
 * their parent's collection, which checks they are its own: `dom.snapshots.fromRaw(handle)`,
 * `dom.checkpoints.fromRaw(handle)`, `network.ports.fromRaw(handle)`.
 */
export function fromRaw<T = unknown>(
  hv: Hypervisor,
  handle: Handle,
  as?: abstract new (...args: never[]) => T,
): Promise<T> {
  return hv.fromRaw(handle, as);
}
export type { Handle, HandleKind } from '../native/handles.js';
/**
 * The **asynchronous** door to every function: `await call('virConnectGetHostname', conn)`. Runs on the
 * library's worker pool (never on the calling thread), reads libvirt's error on the thread that made the call,
 * and rejects with a `LibvirtError`. Object pointers are `Handle`s in and out — opaque objects that free their
 * reference with `free()` / `await using` or, as a safety net, when garbage-collected. Argument and result
 * types follow `ShapedApi` (out-params, arrays, owned memory decoded) or `RawApi`.
 *
 * Objects of the object API pass in with `toRaw`: `await call('virDomainGetLaunchSecurityInfo', toRaw(dom), 0)`
 * runs on the Hypervisor's own connection (no second one is opened); `toRaw(hv)` is the connection itself.
 * A handle `call()` returns is yours to free; `fromRaw(hv, handle)` wraps it into an object of its own.
 */
export { type Args, call, callWith, type LibvirtFunction, type Result } from '../native/libvirt.js';
