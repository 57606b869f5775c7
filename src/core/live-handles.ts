/**
 * How objects survive a reconnect. A reconnecting Hypervisor opens a new connection handle; every object of
 * the old one that is still in use (tracked here when it was wrapped) is looked up again by its key (UUID, or
 * name/key where libvirt has no UUID) on the new connection, eagerly, before the reconnect is announced;
 * objects of objects (network ports, snapshots, checkpoints) under their parent's new handle, after it. Objects keep the handle they were made with and
 * read `current(handle)` on each call, which follows those replacements — so a `Domain` made before the daemon
 * restarted works after it, and code holding a collection keeps working too.
 */
import type { Handle } from '../../native/handles.js';
import { call, type LibvirtFunction } from '../../native/libvirt.js';

/** original handle → the handle that replaced it (a chain after several reconnects is kept flat). */
const replaced = new WeakMap<Handle, Handle>();
/** any connection handle → the first connection of its Hypervisor (the key objects are tracked under). */
const roots = new WeakMap<Handle, Handle>();

interface Tracked {
  original: Handle;
  lookup: LibvirtFunction;
  key: string;
  /** For an object of another object (a network's port): that object's original handle, re-resolved first. */
  parent: Handle | null;
  /** Arguments after the key (the flags of a snapshot's lookup by name). */
  rest: readonly number[];
}
/** Per root connection: the objects to re-resolve. Weak, so tracking never keeps an object alive. */
const tracked = new WeakMap<Handle, Set<WeakRef<Tracked>>>();
const alive = new WeakMap<Handle, Tracked>();
/** A replacement handle → the original it replaced, so a parent given by its current handle is found. */
const originals = new WeakMap<Handle, Handle>();

/** The handle to use now for a handle an object was made with. */
export function current(handle: Handle): Handle {
  return replaced.get(handle) ?? handle;
}

/** Marks `connection` as the first connection of a reconnectable Hypervisor. */
export function trackConnection(connection: Handle): void {
  roots.set(connection, connection);
  tracked.set(connection, new Set());
}

/**
 * Remembers how to find `handle`'s object again (`lookup(connection, key)`, a by-UUID lookup) if its connection
 * is replaced. With `parent` (the handle a network port was made with), the lookup is `lookup(parent's current
 * handle, key, ...rest)` and runs after the parent was re-resolved. A no-op for connections that do not
 * reconnect.
 */
export function trackObject(
  handle: Handle,
  lookup: LibvirtFunction,
  key: string,
  parent?: Handle,
  rest: readonly number[] = [],
): void {
  const root = handle.connection && roots.get(handle.connection);
  if (!root) return;
  const entry: Tracked = {
    original: handle,
    lookup,
    key,
    parent: parent ? (originals.get(parent) ?? parent) : null,
    rest,
  };
  // The handle holds its entry alive; the set only holds weak references to entries.
  alive.set(handle, entry);
  const set = tracked.get(root)!;
  set.add(new WeakRef(entry));
}

/**
 * Points every object of `root`'s Hypervisor at `fresh`: the connection itself, then each live object, looked
 * up again by its key. Objects that no longer exist, or that the user freed, keep their old handle (their
 * calls reject with libvirt's error). Returns how many objects were re-resolved.
 */
export async function replaceConnection(root: Handle, fresh: Handle): Promise<number> {
  replaced.set(root, fresh);
  roots.set(fresh, root);
  const set = tracked.get(root);
  if (!set) return 0;
  const entries: Tracked[] = [];
  for (const ref of set) {
    const entry = ref.deref();
    if (entry) entries.push(entry);
    else set.delete(ref);
  }
  // In waves: objects of the connection first, then objects whose parent the previous wave re-resolved.
  const resolved = new Set<Handle>([root]);
  let pending = entries;
  let count = 0;
  for (;;) {
    const wave = pending.filter((e) => resolved.has(e.parent ?? root));
    // The rest have a parent that was freed or is gone: they keep their old handle, like a freed object.
    if (wave.length === 0) return count;
    pending = pending.filter((e) => !resolved.has(e.parent ?? root));
    const results = await Promise.allSettled(
      wave.map(async (entry) => {
        if (current(entry.original).freed) return false;
        const parent = entry.parent ? current(entry.parent) : fresh;
        const handle = (await lookupBy(entry.lookup, parent, entry.key, ...entry.rest)) as Handle;
        replaced.set(entry.original, handle);
        originals.set(handle, entry.original);
        resolved.add(entry.original);
        return true;
      }),
    );
    count += results.filter((r) => r.status === 'fulfilled' && r.value).length;
  }
}

// The lookup is chosen at run time, so its arguments cannot be checked against one signature.
const lookupBy = call as (
  fn: LibvirtFunction,
  parent: Handle,
  key: string,
  ...rest: number[]
) => Promise<unknown>;
