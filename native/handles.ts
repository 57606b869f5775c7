import { handleFreedError } from './errors.js';
import { CONNECTION_KINDS } from './tables/objects.js';

/** libvirt's reference-counted object kinds: generated from the API XML's object types. */
export type { HandleKind } from './generated/meta.js';

import type { HandleKind } from './generated/meta.js';

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

/**
 * One libvirt reference and what its release needs, kept apart from the Handle object so that neither the
 * FinalizationRegistry nor the connection's list of children keeps the Handle alive (no WeakRef per handle:
 * a lookup creates one, and weak cells were a third of the main thread's GC time in a get+free loop).
 */
interface Reference {
  /** null once detached: every later use of the handle rejects before C. */
  pointer: bigint | null;
  readonly freeFunction: string;
  /** Calls running with the pointer; the release waits for them (a free mid-call is a use after free). */
  busy: number;
  /** Set while a release (or a close) waits for the running calls to end. */
  whenIdle: (() => void) | null;
  /** The connection's bookkeeping; null for a connection. */
  readonly family: Family | null;
}

/** A connection's children: released before it closes, so `virConnectClose` drops the last reference. */
class Family {
  readonly children = new Set<Reference>();
  /** Releases that have not run yet (a count: this is on every free's path). */
  #pending = 0;
  #drained: (() => void)[] = [];

  /** Runs a child's release, visible to the close until it has run; failures become warnings. */
  track(running: Promise<unknown>, fn: string): void {
    this.#pending++;
    running.then(
      () => this.#settle(),
      (err: unknown) => {
        releaseFailed(fn, err);
        this.#settle();
      },
    );
  }

  /** Resolves once no child release is pending. */
  drained(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #settle(): void {
    if (--this.#pending === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }
}

/** Detaches a child reference at once and releases it once no call uses it. */
function detach(ref: Reference): void {
  const pointer = ref.pointer;
  if (pointer === null) return;
  ref.pointer = null;
  ref.family?.children.delete(ref);
  const running =
    ref.busy === 0
      ? release(ref.freeFunction, pointer)
      : new Promise<unknown>((resolve) => {
          ref.whenIdle = () => resolve(release(ref.freeFunction, pointer));
        });
  if (ref.family) ref.family.track(running, ref.freeFunction);
  else running.catch((err: unknown) => releaseFailed(ref.freeFunction, err));
}

// A dropped handle still owns one libvirt reference; release it through the pool. No call can be running
// with it (a running call keeps its arguments alive).
const registry = new FinalizationRegistry<Reference>(detach);

let reference: (handle: Handle) => Reference;

/**
 * One owned libvirt reference (`virDomainPtr`, `virConnectPtr`, ...). The pointer is private: callers hold
 * handles, never addresses. Release it with `free()` or `await using`; a dropped handle is
 * released by a FinalizationRegistry as a safety net.
 */
export class Handle {
  readonly #ref: Reference;
  #freeing: Promise<number> | null = null;
  /** A connection's children (null for other objects). */
  readonly #family: Family | null;
  /** Work to do before a connection closes (unregister its callbacks; they hold references too). */
  readonly #beforeClose: Set<() => Promise<void>> | null;

  static {
    reference = (handle) => handle.#ref;
  }

  /**
   * @param connection the connection this object belongs to (null for a connection itself); it stays alive
   *   while this handle does, and closing it frees this handle first.
   */
  constructor(
    pointer: bigint,
    /** The kind of libvirt object the pointer is (`'domain'`, `'network'`, …). */
    readonly kind: HandleKind,
    /** The C function that releases the reference (`virDomainFree`, …), called once by `free()`. */
    readonly freeFunction: string,
    readonly connection: Handle | null,
  ) {
    const isConnection = CONNECTION_KINDS.has(kind);
    this.#family = isConnection ? new Family() : null;
    this.#beforeClose = isConnection ? new Set() : null;
    const family = connection ? connection.#family : null;
    this.#ref = { pointer, freeFunction, busy: 0, whenIdle: null, family };
    family?.children.add(this.#ref);
    registry.register(this, this.#ref, this);
    // A call that returns after its connection began to close (hv.close() racing a lookup): the new
    // reference is released at once, before the connection's own close, and the object is born closed.
    if (connection?.freed) this.free();
  }

  /** True once `free()` (or the connection's close) has started; the handle is unusable from then on. */
  get freed(): boolean {
    return this.#ref.pointer === null;
  }

  /**
   * Registers work to run before this connection closes; returns a function that removes it. Only for
   * connection handles.
   */
  beforeClose(hook: () => Promise<void>): () => void {
    if (!this.#beforeClose) throw new TypeError(`beforeClose() is for connection handles, not ${this.kind}`);
    if (this.#ref.pointer === null) throw handleFreedError(this.kind, 'beforeClose');
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
    const pointer = this.#ref.pointer;
    if (pointer === null) return Promise.resolve(0);
    registry.unregister(this);
    if (this.#family) {
      this.#freeing = this.#close(pointer, this.#family);
    } else {
      detach(this.#ref);
      this.#freeing = Promise.resolve(0);
    }
    return this.#freeing;
  }

  /** `await using` support: the same as `free()`, which calls the kind's free function (`virDomainFree`, …). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }

  async #close(pointer: bigint, family: Family): Promise<number> {
    const hooks = [...this.#beforeClose!];
    this.#beforeClose!.clear();
    await Promise.allSettled(hooks.map((hook) => hook()));
    // Mark freed only after the hooks: they may still need to reach this connection.
    this.#ref.pointer = null;
    for (const child of [...family.children]) detach(child);
    // virConnectClose must come after every child's release (or libvirt reports references left behind) and
    // after the calls still running with this connection (libvirt takes no reference for them).
    const ref = this.#ref;
    // Calls still running may return new objects of this connection; those release themselves at birth
    // (see the constructor), so wait until no call runs and no release is pending, in that order, again.
    for (;;) {
      await family.drained();
      if (ref.busy === 0) break;
      await new Promise<void>((resolve) => {
        ref.whenIdle = resolve;
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
  const pointer = reference(handle).pointer;
  if (pointer === null) throw handleFreedError(handle.kind, fn);
  return pointer;
}

/**
 * The address inside a handle, for a call about to use it: the handle's release waits until `giveBack`.
 * Throws the "already freed" error for a freed one.
 */
export function borrowPointer(handle: Handle, fn: string): bigint {
  const ref = reference(handle);
  if (ref.pointer === null) throw handleFreedError(handle.kind, fn);
  ref.busy++;
  return ref.pointer;
}

/** Ends a `borrowPointer`: the call that used the pointer has finished. */
export function giveBackPointer(handle: Handle): void {
  const ref = reference(handle);
  if (--ref.busy === 0 && ref.whenIdle) {
    const start = ref.whenIdle;
    ref.whenIdle = null;
    start();
  }
}
