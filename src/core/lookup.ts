/**
 * How every collection (`hv.domains`, `hv.pools`, `pool.volumes`, …) turns libvirt's lookups into objects:
 * one worker round trip that looks the object up and reads its identity (name, UUID/key), `get` that rejects
 * with the typed not-found error, and `find` that resolves `undefined` instead.
 */
import { Handle } from '../../native/handles.js';
import {
  addReference,
  describeEach,
  describeHandle,
  describeOne,
  type LibvirtFunction,
} from '../../native/libvirt.js';
import { requireNonEmptyString, requireUuidBytes } from './checks.js';
import { type ErrorCode, LibvirtError } from './errors.js';
import { liveHandleOf } from './live-object.js';

/** Builds the object API's wrapper from a handle and what the describers read off it. */
export type Wrap<T> = (handle: Handle, described: unknown[]) => T;

/** A lookup key: a name/UUID string, or a UUID as libvirt's 16 raw bytes (a Buffer or Uint8Array). */
export type LookupKey = string | Uint8Array;

/** One way of looking an object up: the libvirt function, and whether it applies to this key. */
export interface LookupBy {
  fn: LibvirtFunction;
  /** Whether the key may be of this form (e.g. a UUID); tried in order, the first that applies and succeeds wins. */
  accepts?: (key: string) => boolean;
  /** The function takes the 16-byte binary UUID (`virXxxLookupByUUID`): used for Uint8Array keys only. */
  bytes?: boolean;
}

export interface LookupSpec<T> {
  /** What the key names in messages: "domain", "storage pool", … */
  what: string;
  /** libvirt's not-found code for this kind (`ErrorCode.NO_DOMAIN`, …). */
  notFound: ErrorCode;
  /** Getters run on each object right after it is returned, in the same round trip. */
  describers: readonly LibvirtFunction[];
  wrap: Wrap<T>;
}

/** `get` for a collection: tries each applicable lookup in turn; the last not-found error propagates. */
export async function lookup<T>(
  spec: LookupSpec<T>,
  parent: Handle,
  key: LookupKey,
  ways: readonly LookupBy[],
): Promise<T> {
  let applicable: LookupBy[];
  if (key instanceof Uint8Array) {
    requireUuidBytes(key, `${spec.what} UUID`);
    applicable = ways.filter((w) => w.bytes);
    if (applicable.length === 0) throw new TypeError(`a ${spec.what} is looked up by a name or UUID string`);
  } else {
    requireNonEmptyString(key, `${spec.what} name or key`);
    applicable = ways.filter((w) => !w.bytes && (!w.accepts || w.accepts(key)));
  }
  let last: unknown;
  for (const way of applicable) {
    try {
      const [handle, described] = await describeOne(way.fn, [parent, key], spec.describers);
      return spec.wrap(handle, described);
    } catch (err) {
      if (!isNotFound(err, spec.notFound)) throw err;
      last = err;
    }
  }
  throw last;
}

/** `find`: like `lookup`, resolving `undefined` when libvirt says there is no such object. */
export async function lookupOrUndefined<T>(
  spec: LookupSpec<T>,
  parent: Handle,
  key: LookupKey,
  ways: readonly LookupBy[],
): Promise<T | undefined> {
  try {
    return await lookup(spec, parent, key, ways);
  } catch (err) {
    if (isNotFound(err, spec.notFound)) return undefined;
    throw err;
  }
}

/** Calls a function returning one new object (define, create, lookup by other means) and wraps it. */
export async function fetchOne<T>(
  spec: LookupSpec<T>,
  fn: LibvirtFunction,
  args: readonly unknown[],
): Promise<T> {
  const [handle, described] = await describeOne(fn, args, spec.describers);
  return spec.wrap(handle, described);
}

/** Calls a `virConnectListAll*`-style function and wraps every object it returns. */
export async function fetchAll<T>(
  spec: LookupSpec<T>,
  fn: LibvirtFunction,
  args: readonly unknown[],
): Promise<T[]> {
  const found = await describeEach(fn, args, spec.describers);
  return found.map(([handle, described]) => spec.wrap(handle, described));
}

export function isNotFound(err: unknown, code: ErrorCode): boolean {
  return err instanceof LibvirtError && err.code === code;
}

/**
 * Wraps an object handle obtained elsewhere (`libvirt-ts/raw`'s `call`) into its object: the object takes a
 * reference of its own (`ref`, the kind's `virXxxRef`), so the caller keeps owning `raw` (free it when done).
 */
export async function adopt<T>(spec: LookupSpec<T>, raw: Handle, ref: LibvirtFunction): Promise<T> {
  const own = await addReference(raw, ref);
  try {
    return spec.wrap(own, await describeHandle(own, spec.describers));
  } catch (err) {
    await own.free();
    throw err;
  }
}

/**
 * `adopt` for an object of an object (a domain's snapshot, a network's port): `raw` must be of `kind`, on the
 * parent's connection, and `belongs` (run on the new reference) must confirm it is the parent's; otherwise
 * the new reference is released and it is a TypeError.
 */
export async function adoptChild<T>(
  spec: LookupSpec<T>,
  raw: unknown,
  kind: Handle['kind'],
  ref: LibvirtFunction,
  parent: Handle,
  belongs: (own: Handle) => Promise<boolean>,
): Promise<T> {
  const what = `${spec.what}s.fromRaw`;
  if (!(raw instanceof Handle)) throw new TypeError(`${what}: handle must be a Handle from libvirt-ts/raw`);
  if (raw.kind !== kind) throw new TypeError(`${what}: the handle is a ${raw.kind}, not a ${kind}`);
  if (raw.freed) throw new TypeError(`${what}: this ${kind} handle was freed`);
  if (raw.connection !== parent.connection) {
    throw new TypeError(`${what}: this ${kind} handle belongs to another connection`);
  }
  const object = await adopt(spec, raw, ref);
  const own = (object as { free(): Promise<void> }).free.bind(object);
  let ok: boolean;
  try {
    ok = await belongs(liveHandleOf(object, what));
  } catch (err) {
    await own();
    throw err;
  }
  if (!ok) {
    await own();
    throw new TypeError(`${what}: the ${spec.what} belongs to another parent object`);
  }
  return object;
}
