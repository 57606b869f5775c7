/**
 * What every libvirt object of the object API (Domain, Network, StoragePool, …) does the same way, written
 * once: it holds one libvirt reference (a `Handle`), follows that handle's replacement after a reconnect, says
 * whether it was freed, and releases it with `free()` or `await using`. The libvirt methods themselves (xml,
 * autostart, start, …) are written out in each class, one libvirt function each.
 */
import type { Handle } from '../../native/handles.js';
import type { LibvirtFunction } from '../../native/libvirt.js';
import { current, trackObject } from './live-handles.js';

/** How a reconnect finds the object again: `fn(connection or parent, key, ...rest)`. */
export interface Relookup {
  fn: LibvirtFunction;
  key: string;
  /** For an object of an object (a network's port, a domain's snapshot): the parent's handle. */
  parent?: Handle;
  /** Arguments after the key (the flags of a snapshot's lookup by name). */
  rest?: readonly number[];
}

/** The handle a live object uses now (`libvirt-ts/raw`'s `toRaw`); set by LiveObject's static block. */
let liveHandle: (object: LiveObject) => Handle;

/**
 * @internal The handle `object` uses now, borrowed: it stays the object's (its `free()` releases it), and a
 * reconnect replaces it. A non-object is a TypeError naming `what`.
 */
export function liveHandleOf(object: unknown, what: string): Handle {
  if (!(object instanceof LiveObject)) throw new TypeError(`${what} must be a libvirt-ts object (Domain, …)`);
  return liveHandle(object);
}

/**
 * The base of every object of the object API (`Domain`, `Network`, `StoragePool`, …): one libvirt reference,
 * followed across reconnects, released by `free()`.
 */
export abstract class LiveObject {
  /** The handle this object was made with; `handle` follows its replacement after a reconnect. */
  readonly #original: Handle;

  static {
    liveHandle = (object) => object.handle;
  }

  protected constructor(handle: Handle, relookup: Relookup) {
    this.#original = handle;
    trackObject(handle, relookup.fn, relookup.key, relookup.parent, relookup.rest);
  }

  /** The handle this object was made with: its identity across reconnects (events are keyed by it). */
  protected get original(): Handle {
    return this.#original;
  }

  /** The libvirt reference to use now. */
  protected get handle(): Handle {
    return current(this.#original);
  }

  /** True once this object's reference was released. Makes no libvirt call. */
  get freed(): boolean {
    return this.handle.freed;
  }

  /**
   * Releases this object's libvirt reference (not the object in libvirt: a domain keeps running, a volume
   * keeps its data). Idempotent; every later call rejects with a LibvirtError instead of reaching C. The call
   * is the kind's free function (`virDomainFree`, `virNetworkFree`, `virStoragePoolFree`, …), made once.
   */
  async free(): Promise<void> {
    await this.handle.free();
  }

  /** `await using` support: the same as `free()` (`virDomainFree`, `virNetworkFree`, …). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }
}

/**
 * What every collection (`hv.domains`, `pool.volumes`, `network.ports`, …) does the same way: it lists and
 * looks up the objects of one parent — a connection or an object — and follows that parent's handle across
 * reconnects. Each collection writes out its own `list`, `get`, `find`, `define`, …
 */
export abstract class LiveCollection {
  readonly #parent: () => Handle;

  /** A connection's handle (followed across reconnects), or a function giving the parent object's handle now. */
  protected constructor(parent: Handle | (() => Handle)) {
    this.#parent = typeof parent === 'function' ? parent : () => current(parent);
  }

  /** The handle of the connection or object whose objects these are, as it is now. */
  protected get parent(): Handle {
    return this.#parent();
  }
}
