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

/**
 * Runs the release function (`virXxxFree`, `virConnectClose`) off the main thread; set by the executor, which
 * runs a connection's close as a call of its own and queues other releases in front of its next batch.
 */
export type Releaser = (fn: string, pointer: bigint) => Promise<unknown>;

let releaser: Releaser | null = null;

/** Called once by the executor module: handles free themselves through it. */
export function setReleaser(release: Releaser): void {
  releaser = release;
}

function release(fn: string, pointer: bigint): Promise<unknown> {
  if (!releaser) {
    return Promise.reject(new Error('libvirt-ts: handles cannot be released before the executor is loaded'));
  }
  return releaser(fn, pointer);
}

interface Finalizable {
  pointer: bigint;
  freeFunction: string;
  siblings: Set<WeakRef<Handle>> | null;
  /** The connection's pending child releases, which its close waits for. */
  releasing: PendingReleases | null;
  self: WeakRef<Handle>;
}

// A dropped handle still owns one libvirt reference; release it through the pool. No call can be running
// with it (a running call keeps its arguments alive).
const registry = new FinalizationRegistry<Finalizable>((held) => {
  held.siblings?.delete(held.self);
  trackRelease(held.releasing, release(held.freeFunction, held.pointer), held.freeFunction);
});

/** A connection's children's releases that have not run yet (a count: this is on every free's path). */
class PendingReleases {
  count = 0;
  #drained: (() => void)[] = [];

  /** Resolves once no release is pending. */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  settle(): void {
    if (--this.count === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }
}

/** Runs a child's release, visible to its connection's close until it has run; failures become warnings. */
function trackRelease(releasing: PendingReleases | null, running: Promise<unknown>, fn: string): void {
  if (releasing) releasing.count++;
  running.then(
    () => releasing?.settle(),
    (err: unknown) => {
      releaseFailed(fn, err);
      releasing?.settle();
    },
  );
}

let readPointer: (handle: Handle, fn: string) => bigint;
let borrow: (handle: Handle, fn: string) => bigint;
let giveBack: (handle: Handle) => void;

/**
 * One owned libvirt reference (`virDomainPtr`, `virConnectPtr`, ...). The pointer is private: code above
 * native/ holds handles, never addresses. Release it with `free()` or `await using`; a dropped handle is
 * released by a FinalizationRegistry as a safety net.
 */
export class Handle {
  #pointer: bigint | null;
  #freeing: Promise<number> | null = null;
  /** Calls running with this pointer; a release waits for them (a free mid-call would be a use after free). */
  #busy = 0;
  /** Set by free() while calls still run: starts the release once the last one ends. */
  #releaseWhenIdle: (() => void) | null = null;
  readonly #self: WeakRef<Handle>;
  /** Live children of a connection (closed first, so `virConnectClose` drops the last reference). */
  readonly #children: Set<WeakRef<Handle>> | null;
  /** Children's releases that have not run yet; the connection's close waits for them. */
  readonly #releasing: PendingReleases | null;
  /** Work to do before a connection closes (unregister its callbacks; they hold references too). */
  readonly #beforeClose: Set<() => Promise<void>> | null;

  static {
    borrow = (handle, fn) => {
      if (handle.#pointer === null) throw handleFreedError(handle.kind, fn);
      handle.#busy++;
      return handle.#pointer;
    };
    giveBack = (handle) => {
      if (--handle.#busy === 0 && handle.#releaseWhenIdle) {
        const start = handle.#releaseWhenIdle;
        handle.#releaseWhenIdle = null;
        start();
      }
    };
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
    const isConnection = kind === 'connect';
    this.#children = isConnection ? new Set() : null;
    this.#releasing = isConnection ? new PendingReleases() : null;
    this.#beforeClose = isConnection ? new Set() : null;
    const siblings = connection ? connection.#children : null;
    siblings?.add(this.#self);
    const releasing = connection ? connection.#releasing : null;
    registry.register(this, { pointer, freeFunction, siblings, releasing, self: this.#self }, this);
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
   * Releases the reference. Idempotent: later calls return the same promise.
   *
   * A connection resolves once `virConnectClose` ran, with the references libvirt still holds (0 = fully
   * closed). Any other object is detached at once and resolves with 0 without a round trip: releasing a valid
   * reference cannot fail, so nothing waits for it. The release runs on a worker after the calls still using
   * the object, ahead of the next call (see Releaser); the connection's close waits for it.
   */
  free(): Promise<number> {
    if (this.#freeing) return this.#freeing;
    const pointer = this.#pointer;
    if (pointer === null) return Promise.resolve(0);
    this.#freeing = this.#children ? this.#close(pointer) : this.#detach(pointer);
    return this.#freeing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }

  #detach(pointer: bigint): Promise<number> {
    registry.unregister(this);
    this.#pointer = null;
    const connection = this.connection;
    const releasing = connection ? connection.#releasing : null;
    if (connection) connection.#children?.delete(this.#self);
    if (this.#busy === 0) {
      trackRelease(releasing, release(this.freeFunction, pointer), this.freeFunction);
    } else {
      const started = new Promise<unknown>((resolve) => {
        this.#releaseWhenIdle = () => resolve(release(this.freeFunction, pointer));
      });
      trackRelease(releasing, started, this.freeFunction);
    }
    return Promise.resolve(0);
  }

  async #close(pointer: bigint): Promise<number> {
    registry.unregister(this);
    const hooks = [...this.#beforeClose!];
    this.#beforeClose!.clear();
    await Promise.allSettled(hooks.map((hook) => hook()));
    // Mark freed only after the hooks: they may still need to reach this connection.
    this.#pointer = null;
    const children = [...this.#children!].map((ref) => ref.deref()).filter((h) => h !== undefined);
    this.#children!.clear();
    for (const child of children) void child.free();
    // virConnectClose must come after every child's release (or libvirt reports references left behind) and
    // after the calls still running with this connection (libvirt takes no reference for them).
    await this.#releasing!.drained();
    if (this.#busy > 0) {
      await new Promise<void>((resolve) => {
        this.#releaseWhenIdle = resolve;
      });
    }
    const result = await release(this.freeFunction, pointer);
    return typeof result === 'number' ? result : 0;
  }
}

/** A release failed: the reference was not valid (a bug: freed twice, or freed behind the handle's back). */
function releaseFailed(fn: string, err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  process.emitWarning(
    `libvirt-ts: ${fn} failed while releasing a handle: ${detail}`,
    'LibvirtReleaseWarning',
  );
}

/** The address inside a handle, for the executor only; throws the "already freed" error for a freed one. */
export function pointerOf(handle: Handle, fn: string): bigint {
  return readPointer(handle, fn);
}

/**
 * The address inside a handle, for a call about to use it: the handle's release waits until `giveBack`.
 * Throws the "already freed" error for a freed one.
 */
export function borrowPointer(handle: Handle, fn: string): bigint {
  return borrow(handle, fn);
}

/** Ends a `borrowPointer`: the call that used the pointer has finished. */
export function giveBackPointer(handle: Handle): void {
  giveBack(handle);
}
