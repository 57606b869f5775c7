import { adminRelease, isAdminFunction } from '../admin/remote.js';
import { LibraryLoadError, LibvirtError, workerCrashedError, workerStartError } from '../errors.js';
import {
  borrowPointer,
  giveBackPointer,
  Handle,
  type HandleKind,
  pointerOf,
  setReleaser,
} from '../handles.js';
import { CONNECTION_CLOSERS, CONNECTION_KINDS } from '../tables/objects.js';
import { ABORT_CONNECTION, DESCRIBE } from './composite.js';
import { type Lane, laneOf } from './lanes.js';
import { Group, type GroupLimits, Pool, type PoolOptions } from './pool.js';
import { type ErrorData, type Reply, ReplyStatus, type Request, type ThrownData } from './protocol.js';

/** What the executor must know about a function's result to wrap it. */
export interface ReturnInfo {
  /** The result is a new reference to an object of this kind. */
  kind: HandleKind;
  /** Its release function. */
  free: string;
  /** The result is the caller's own parent object, returned without a new reference (virDomainGetConnect). */
  borrowed: boolean;
}

export type ReturnInfoLookup = (fn: string) => ReturnInfo | undefined;

/** virConnectCloseReason: why a connection closed. */
export const CloseReason = { ERROR: 0, EOF: 1, KEEPALIVE: 2, CLIENT: 3 } as const;

/** Told when a call finds its connection closed (before or instead of libvirt's close callback). */
export type ConnectionClosedListener = (connection: Handle, reason: number) => void;

function closeReasonOf(data: ErrorData): number {
  if (/keepalive/i.test(data.message)) return CloseReason.KEEPALIVE;
  if (/end of file|hangup|EOF/i.test(data.message)) return CloseReason.EOF;
  return CloseReason.ERROR;
}

export interface CallOptions {
  /** Overrides the lane chosen from the function name. */
  lane?: Lane;
  /**
   * A release that must reach libvirt even when the connection is closed (a dead daemon's): sent without the
   * worker's open check and not refused by a closed group. Event deregistration is one: libvirt drops the
   * callback, and the connection reference it holds, locally before it tries the RPC.
   */
  release?: boolean;
}

export interface ExecutorOptions extends Partial<Omit<PoolOptions, 'onCrash' | 'onStartFailure'>> {
  returns?: ReturnInfoLookup;
  /** Limits of a connection's group, by kind (see `connectionKind`). */
  limits?: Partial<Record<ConnectionKind, GroupLimits>>;
}

/**
 * How a connection's calls may run. `daemon`: through libvirtd (any URI but an in-process driver's); its
 * RPCs overlap, so several batches run side by side. `in-process`: the driver runs in this process under its
 * own lock (`test:///…`), where one batched worker is fastest.
 */
export type ConnectionKind = 'daemon' | 'in-process';

/**
 * Most RPCs in flight per daemon connection, by default. Two run side by side at all times; more join one at
 * a time while the running ones are slow (`GROW_AFTER_MS` in libvirt). Measured on 2 cores against a local
 * libvirtd (docs/performance.md), lookup+getInfo, 64 callers: 2 threads 5.2 K/s, 1 → 4.1, 4 → 4.5,
 * 8 → 4.1: libvirt's client passes one socket between its threads, and fast RPCs gain nothing from more.
 * Slow ones (a remote daemon's latency, a guest's monitor that hangs) do.
 */
export const DEFAULT_CONCURRENCY = 8;
/** Side by side always, on a daemon connection. */
const BASE_CONCURRENCY = 2;
/** A daemon connection adds a thread while all of its running calls have been in libvirt this long. */
const GROW_AFTER_MS = 10;

const DEFAULT_LIMITS: Record<ConnectionKind, GroupLimits> = {
  daemon: {
    quick: BASE_CONCURRENCY,
    maxQuick: DEFAULT_CONCURRENCY,
    slow: 4,
    batch: 32,
    growAfterMs: GROW_AFTER_MS,
  },
  'in-process': { quick: 1, maxQuick: 2, slow: 4, batch: 32, growAfterMs: 5 },
};

/** `test:///…` (no host, no transport) runs in this process; every other URI goes through a daemon. */
export function connectionKind(uri: string | null | undefined): ConnectionKind {
  const effective = uri || process.env.LIBVIRT_DEFAULT_URI || '';
  return /^test:\/\/\//i.test(effective) ? 'in-process' : 'daemon';
}

const LOOKUP = /LookupBy\w+$/;
/** Opens, libvirt's and libvirt-admin's: each URI's opens run in a group of their own. */
const OPENS = /^vir(Adm)?ConnectOpen/;

/**
 * Some drivers report a failed lookup without the key (the test driver says only "Domain not found"); with
 * many lookups in flight the key is what tells them apart, so it is appended when libvirt left it out.
 */
function libvirtError(data: ErrorData, fn: string, args: readonly unknown[]): LibvirtError {
  const key = LOOKUP.test(fn) ? args.find((arg) => typeof arg === 'string') : undefined;
  if (typeof key === 'string' && !data.message.includes(key)) {
    return new LibvirtError({ ...data, message: `${data.message}: '${key}'` }, fn);
  }
  return new LibvirtError(data, fn);
}

function thrownError(data: ThrownData): Error {
  const err = data.isTypeError ? new TypeError(data.message) : new Error(data.message);
  if (data.name === 'LibraryLoadError') Object.setPrototypeOf(err, LibraryLoadError.prototype);
  if (err.name !== data.name) err.name = data.name;
  return err;
}

/** The connection a new object belongs to: the first handle argument's connection (or itself). */
function owningConnection(args: readonly unknown[]): Handle | null {
  for (const arg of args) {
    if (arg instanceof Handle) return CONNECTION_KINDS.has(arg.kind) ? arg : arg.connection;
  }
  return null;
}

/**
 * Runs libvirt functions on the worker pool. Handles in `args` become their pointers (a freed one rejects
 * before any C code runs); object results become Handles owned by the caller.
 */
export class Executor {
  readonly #pool: Pool;
  readonly #returns: ReturnInfoLookup;
  readonly #limits: Record<ConnectionKind, GroupLimits>;
  /** Each connection's group; a connection's objects share it. */
  readonly #groups = new WeakMap<Handle, Group>();
  /** The same groups by connection pointer, for the connection's own close (a release, not a Handle call). */
  readonly #groupsByPointer = new Map<bigint, Group>();
  /** Opens, one group per URI: a daemon that hangs while being connected to parks only its own opens. */
  readonly #opening = new Map<string, Group>();
  /** Calls that name no connection (virGetVersion, lone releases). */
  readonly #unbound: Group;
  readonly #closedListeners = new Set<ConnectionClosedListener>();
  readonly #daemonListeners = new Set<() => void>();

  constructor(options: ExecutorOptions = {}) {
    this.#returns = options.returns ?? (() => undefined);
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#unbound = new Group(this.#limits['in-process'], 'unbound');
    this.#pool = new Pool({
      maxWorkers: options.maxWorkers ?? 64,
      minWorkers: options.minWorkers ?? 1,
      idleMs: options.idleMs ?? 10_000,
      onCrash: workerCrashedError,
      onStartFailure: workerStartError,
      ...(options.opsModule ? { opsModule: options.opsModule } : {}),
    });
  }

  /**
   * Sets how a connection's calls run: its kind (from its URI) and, for a daemon connection, how many RPCs
   * may be in flight at once (`concurrency`, default DEFAULT_CONCURRENCY).
   */
  configureConnection(connection: Handle, uri: string | null, concurrency?: number): void {
    const kind = connectionKind(uri);
    const base = this.#limits[kind];
    const limits =
      concurrency === undefined || kind === 'in-process'
        ? base
        : { ...base, quick: Math.min(base.quick, concurrency), maxQuick: concurrency };
    const group =
      this.#groups.get(connection) ?? this.#bindGroup(connection, new Group(limits, uri ?? 'default'));
    group.limits = limits;
    // Only daemon connections can close under a call; the check costs an in-process call more than it saves.
    group.pointer = kind === 'daemon' && !connection.freed ? pointerOf(connection, 'configure') : undefined;
    if (kind === 'daemon') for (const listener of this.#daemonListeners) listener();
  }

  /**
   * Calls `listener` whenever a daemon connection is configured. The event loop starts then: a worker has
   * registered libvirt's event implementation, so libvirtd's keepalive pings expect answers, and nothing
   * answers them while no thread runs the loop (measured: an idle raw connection dropped after 30–60 s).
   */
  onDaemonConnection(listener: () => void): void {
    this.#daemonListeners.add(listener);
  }

  #bindGroup(connection: Handle, group: Group): Group {
    this.#groups.set(connection, group);
    group.connection = new WeakRef(connection);
    if (!connection.freed) {
      const pointer = pointerOf(connection, 'configure');
      // Removed by closeConnection(): every connection's release goes through it.
      this.#groupsByPointer.set(pointer, group);
      group.pointer = pointer;
    }
    return group;
  }

  /** Calls `listener` when a call finds a connection closed (the peer died, or keepalive gave up on it). */
  onConnectionClosed(listener: ConnectionClosedListener): () => void {
    this.#closedListeners.add(listener);
    return () => this.#closedListeners.delete(listener);
  }

  /** A request for `group`: a daemon connection's calls carry its pointer for the worker's check. */
  #request(group: Group, fn: string, args: unknown[]): Request {
    return group.pointer === undefined ? [fn, args] : [fn, args, group.pointer];
  }

  /** A reply said the connection is closed: no more calls go to it, and listeners hear why. */
  #noticeClosed(group: Group, data: ErrorData): void {
    if (group.closed) return;
    this.#pool.closeGroup(group, (fn) => {
      const message = `${fn}: the connection is closed (${data.message})`;
      return new LibvirtError({ ...data, message, connectionClosed: true }, fn);
    });
    // Calls of this connection still inside libvirt may wait on its socket forever (sockets.ts): abort it.
    if (group.pointer !== undefined) {
      this.#pool.submit(this.#unbound, 'quick', [ABORT_CONNECTION, [group.pointer]]).catch(() => {});
    }
    const connection = group.connection?.deref() as Handle | undefined;
    if (!connection) return;
    const reason = closeReasonOf(data);
    for (const listener of this.#closedListeners) listener(connection, reason);
  }

  /** The group a call runs in: its connection's, the URI's for an open, else the unbound one. */
  #groupOf(fn: string, args: readonly unknown[]): Group {
    const connection = owningConnection(args);
    if (connection) {
      return (
        this.#groups.get(connection) ?? this.#bindGroup(connection, new Group(this.#limits.daemon, 'raw'))
      );
    }
    if (OPENS.test(fn)) {
      const uri = typeof args[0] === 'string' ? args[0] : '';
      let group = this.#opening.get(uri);
      if (!group) {
        group = new Group(this.#limits.daemon, `open ${uri}`);
        this.#opening.set(uri, group);
      }
      return group;
    }
    return this.#unbound;
  }

  /**
   * Calls `fn` with `args` on a worker thread. Resolves with the plain result; rejects with a LibvirtError
   * created here, after the await, so its stack runs through the caller.
   */
  async call(fn: string, args: readonly unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    const plain = borrowPointers(args, fn);
    const group = this.#groupOf(fn, args);
    let reply: Reply;
    try {
      const lane = options.lane ?? laneOf(fn);
      reply = options.release
        ? await this.#pool.submit(group, lane, [fn, plain], true)
        : await this.#pool.submit(group, lane, this.#request(group, fn, plain));
    } finally {
      giveBackPointers(args);
    }
    switch (reply[0]) {
      case ReplyStatus.Ok:
        return this.#wrap(fn, args, reply[1]);
      case ReplyStatus.Failed:
        if (reply[1].connectionClosed) this.#noticeClosed(group, reply[1]);
        throw libvirtError(reply[1], fn, plain);
      default:
        throw thrownError(reply[1]);
    }
  }

  /**
   * Calls `fn` (which returns an object or a list of objects) and, in the same worker round trip, each of
   * `describers` on every object it returned: `[result, described]`, where `described` holds the describers'
   * results (per object, for a list). If a describer fails, the new references are released in the worker.
   */
  async describe(
    fn: string,
    args: readonly unknown[],
    describers: readonly string[],
  ): Promise<[unknown, unknown[] | unknown[][]]> {
    const plain = borrowPointers(args, fn);
    const group = this.#groupOf(fn, args);
    let reply: Reply;
    try {
      reply = await this.#pool.submit(
        group,
        laneOf(fn),
        this.#request(group, DESCRIBE, [fn, plain, describers]),
      );
    } finally {
      giveBackPointers(args);
    }
    switch (reply[0]) {
      case ReplyStatus.Ok: {
        const [value, described] = reply[1] as [unknown, unknown[] | unknown[][]];
        return [this.#wrap(fn, args, value), described];
      }
      case ReplyStatus.Failed:
        if (reply[1].connectionClosed) this.#noticeClosed(group, reply[1]);
        throw libvirtError(reply[1], fn, plain);
      default:
        throw thrownError(reply[1]);
    }
  }

  /**
   * Releases a reference without a round trip of its own: the release runs ahead of the next quick batch, or
   * on its own a moment later if none comes. Resolves with the release function's result once it ran.
   */
  release(fn: string, pointer: bigint): Promise<unknown> {
    return this.#pool.release([fn, [pointer]]).then((reply) => {
      if (reply[0] === ReplyStatus.Ok) return reply[1];
      throw reply[0] === ReplyStatus.Failed ? new LibvirtError(reply[1], fn) : thrownError(reply[1]);
    });
  }

  /**
   * Runs a connection's `virConnectClose` (`virAdmConnectClose` for an admin connection) in that connection's
   * group (it is an RPC: a frozen daemon parks only its own connection's worker).
   */
  closeConnection(pointer: bigint, fn = 'virConnectClose'): Promise<unknown> {
    const group = this.#groupsByPointer.get(pointer) ?? this.#unbound;
    // The pointer may be reused by a later connection once this one is closed.
    this.#groupsByPointer.delete(pointer);
    // Sent even on a closed connection (only the close frees libvirt's side), without the open check.
    return this.#pool.submit(group, 'quick', [fn, [pointer]], true).then((reply) => {
      if (reply[0] === ReplyStatus.Ok) return reply[1];
      throw reply[0] === ReplyStatus.Failed ? new LibvirtError(reply[1], fn) : thrownError(reply[1]);
    });
  }

  stats(): ReturnType<Pool['stats']> {
    return this.#pool.stats();
  }

  /** Stops the workers (tests; a process never needs this: idle workers do not keep it alive). */
  close(): Promise<void> {
    return this.#pool.close();
  }

  #wrap(fn: string, args: readonly unknown[], value: unknown): unknown {
    const info = this.#returns(fn);
    if (!info) return value;
    // virConnectListAll*: a list of new references.
    if (Array.isArray(value)) return value.map((item) => this.#wrapOne(fn, info, args, item));
    return this.#wrapOne(fn, info, args, value);
  }

  #wrapOne(fn: string, info: ReturnInfo, args: readonly unknown[], value: unknown): unknown {
    // A bulk-stats record: `{ dom, params }` with `dom` a new reference.
    if (value !== null && typeof value === 'object' && typeof (value as { dom?: unknown }).dom === 'bigint') {
      const record = value as { dom: bigint };
      return { ...record, dom: this.#wrapOne(fn, info, args, record.dom) };
    }
    if (typeof value !== 'bigint') return value;
    if (info.borrowed) {
      const owner = args.find((arg): arg is Handle => arg instanceof Handle);
      const parent = owner?.kind === info.kind ? owner : owner?.connection;
      if (parent && parent.kind === info.kind) return parent;
      throw new Error(`cannot map a borrowed ${info.kind} to its owning handle`);
    }
    const handle = new Handle(
      value,
      info.kind,
      info.free,
      CONNECTION_KINDS.has(info.kind) ? null : owningConnection(args),
    );
    // A connection opened by URI runs as that URI's kind (raw users get the same policy as the object API).
    if (info.kind === 'connect' && fn.startsWith('virConnectOpen')) {
      this.configureConnection(handle, typeof args[0] === 'string' ? args[0] : null);
    }
    return handle;
  }
}

/** The handles among `args` become their pointers; each stays borrowed (its release waits) until given back. */
function borrowPointers(args: readonly unknown[], fn: string): unknown[] {
  const plain = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!(arg instanceof Handle)) {
      plain[i] = arg;
      continue;
    }
    try {
      plain[i] = borrowPointer(arg, fn);
    } catch (err) {
      giveBackPointers(args.slice(0, i));
      throw err;
    }
  }
  return plain;
}

function giveBackPointers(args: readonly unknown[]): void {
  for (const arg of args) if (arg instanceof Handle) giveBackPointer(arg);
}

/**
 * Creates an executor and makes handles release themselves through it: a connection's close is a call whose
 * result (the references left) its caller awaits; other releases ride in front of the next batch. An admin
 * object's release goes to the admin host process instead.
 */
export function createExecutor(options: ExecutorOptions = {}): Executor {
  const executor = new Executor(options);
  setReleaser((fn, pointer) => {
    // libvirt-admin's objects live in the admin host process (admin/remote.ts).
    if (isAdminFunction(fn)) return adminRelease(fn, pointer);
    return CONNECTION_CLOSERS.has(fn) ? executor.closeConnection(pointer, fn) : executor.release(fn, pointer);
  });
  return executor;
}
