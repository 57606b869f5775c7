import { handleFreedError } from './errors.js';

/** libvirt's reference-counted object kinds. */
export type HandleKind =
  | 'connect'
  | 'domain'
  | 'network'
  | 'networkPort'
  | 'storagePool'
  | 'storageVol'
  | 'snapshot'
  | 'checkpoint'
  | 'secret'
  | 'nodeDevice'
  | 'interface'
  | 'nwfilter'
  | 'nwfilterBinding'
  | 'stream';

/** Runs the release function (`virXxxFree`, `virConnectClose`) off the main thread; set by the executor. */
export type Releaser = (fn: string, pointer: bigint) => Promise<unknown>;

let releaser: Releaser | null = null;

/** Called once by the executor module: handles free themselves through it. */
export function setReleaser(release: Releaser): void {
  releaser = release;
}

function release(fn: string, pointer: bigint): Promise<unknown> {
  if (!releaser) throw new Error('libvirt-ts: handles cannot be released before the executor is loaded');
  return releaser(fn, pointer);
}

interface Finalizable {
  pointer: bigint;
  freeFunction: string;
  siblings: Set<WeakRef<Handle>> | null;
  self: WeakRef<Handle>;
}

// A dropped handle still owns one libvirt reference; release it through the pool. Errors have nobody to go to.
const registry = new FinalizationRegistry<Finalizable>((held) => {
  held.siblings?.delete(held.self);
  release(held.freeFunction, held.pointer).catch(() => {});
});

let readPointer: (handle: Handle, fn: string) => bigint;

/**
 * One owned libvirt reference (`virDomainPtr`, `virConnectPtr`, ...). The pointer is private: code above
 * native/ holds handles, never addresses. Release it with `free()` or `await using`; a dropped handle is
 * released by a FinalizationRegistry as a safety net.
 */
export class Handle {
  #pointer: bigint | null;
  #freeing: Promise<number> | null = null;
  readonly #self: WeakRef<Handle>;
  /** Live children of a connection (closed first, so `virConnectClose` drops the last reference). */
  readonly #children: Set<WeakRef<Handle>> | null;
  /** Work to do before a connection closes (unregister its callbacks; they hold references too). */
  readonly #beforeClose: Set<() => Promise<void>> | null;

  static {
    readPointer = (handle, fn) => {
      if (handle.#pointer === null) throw handleFreedError(handle.kind, fn);
      return handle.#pointer;
    };
  }

  /**
   * @param connection the connection this object belongs to (null for a connection itself); it stays alive
   *   while this handle does, and closing it frees this handle first.
   */
  constructor(
    pointer: bigint,
    readonly kind: HandleKind,
    readonly freeFunction: string,
    readonly connection: Handle | null,
  ) {
    this.#pointer = pointer;
    this.#self = new WeakRef(this);
    this.#children = kind === 'connect' ? new Set() : null;
    this.#beforeClose = kind === 'connect' ? new Set() : null;
    const siblings = connection ? connection.#children : null;
    siblings?.add(this.#self);
    registry.register(this, { pointer, freeFunction, siblings, self: this.#self }, this);
  }

  /** True once `free()` (or the connection's close) has started; the handle is unusable from then on. */
  get freed(): boolean {
    return this.#pointer === null;
  }

  /**
   * Registers work to run before this connection closes; returns a function that removes it. Only for
   * connection handles.
   */
  beforeClose(hook: () => Promise<void>): () => void {
    if (!this.#beforeClose) throw new TypeError(`beforeClose() is for connection handles, not ${this.kind}`);
    if (this.#pointer === null) throw handleFreedError(this.kind, 'beforeClose');
    this.#beforeClose.add(hook);
    return () => this.#beforeClose?.delete(hook);
  }

  /**
   * Releases the reference. Idempotent: later calls return the same promise. Resolves with the release
   * function's result: for a connection, the references libvirt still holds (0 = fully closed).
   */
  free(): Promise<number> {
    if (this.#freeing) return this.#freeing;
    const pointer = this.#pointer;
    if (pointer === null) return Promise.resolve(0);
    this.#freeing = this.#release(pointer);
    return this.#freeing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }

  async #release(pointer: bigint): Promise<number> {
    registry.unregister(this);
    if (this.#beforeClose) {
      const hooks = [...this.#beforeClose];
      this.#beforeClose.clear();
      await Promise.allSettled(hooks.map((hook) => hook()));
    }
    // Mark freed only after the hooks: they may still need to reach this connection.
    this.#pointer = null;
    if (this.connection) this.connection.#children?.delete(this.#self);
    if (this.#children) {
      const children = [...this.#children].map((ref) => ref.deref()).filter((h) => h !== undefined);
      this.#children.clear();
      await Promise.allSettled(children.map((child) => child.free()));
    }
    const result = await release(this.freeFunction, pointer);
    return typeof result === 'number' ? result : 0;
  }
}

/** The address inside a handle, for the executor only; throws the "already freed" error for a freed one. */
export function pointerOf(handle: Handle, fn: string): bigint {
  return readPointer(handle, fn);
}
