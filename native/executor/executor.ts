import { LibraryLoadError, LibvirtError, workerCrashedError } from '../errors.js';
import { borrowPointer, giveBackPointer, Handle, type HandleKind, setReleaser } from '../handles.js';
import { DESCRIBE } from './composite.js';
import { type Lane, laneOf } from './lanes.js';
import { Pool, type PoolOptions } from './pool.js';
import { type ErrorData, type Reply, ReplyStatus, type ThrownData } from './protocol.js';

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

export interface CallOptions {
  /** Overrides the lane chosen from the function name. */
  lane?: Lane;
}

export interface ExecutorOptions extends Partial<Omit<PoolOptions, 'onCrash'>> {
  returns?: ReturnInfoLookup;
}

const LOOKUP = /LookupBy\w+$/;

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
    if (arg instanceof Handle) return arg.kind === 'connect' ? arg : arg.connection;
  }
  return null;
}

/**
 * Runs libvirt functions on the worker pool. Handles in `args` become their pointers (a freed one rejects
 * before any C code runs); object results become Handles owned by the caller.
 */
export class Executor {
  private readonly pool: Pool;
  private readonly returns: ReturnInfoLookup;

  constructor(options: ExecutorOptions = {}) {
    this.returns = options.returns ?? (() => undefined);
    this.pool = new Pool({
      lanes: options.lanes ?? {
        quick: { min: 1, max: 2, growAfterMs: 5, batch: 32 },
        slow: { min: 0, max: 4, growAfterMs: 0, batch: 1 },
      },
      idleMs: options.idleMs ?? 10_000,
      onCrash: workerCrashedError,
      ...(options.opsModule ? { opsModule: options.opsModule } : {}),
    });
  }

  /**
   * Calls `fn` with `args` on a worker thread. Resolves with the plain result; rejects with a LibvirtError
   * created here, after the await, so its stack runs through the caller.
   */
  async call(fn: string, args: readonly unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    const plain = borrowPointers(args, fn);
    let reply: Reply;
    try {
      reply = await this.pool.submit(options.lane ?? laneOf(fn), [fn, plain]);
    } finally {
      giveBackPointers(args);
    }
    switch (reply[0]) {
      case ReplyStatus.Ok:
        return this.wrap(fn, args, reply[1]);
      case ReplyStatus.Failed:
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
    let reply: Reply;
    try {
      reply = await this.pool.submit(laneOf(fn), [DESCRIBE, [fn, plain, describers]]);
    } finally {
      giveBackPointers(args);
    }
    switch (reply[0]) {
      case ReplyStatus.Ok: {
        const [value, described] = reply[1] as [unknown, unknown[] | unknown[][]];
        return [this.wrap(fn, args, value), described];
      }
      case ReplyStatus.Failed:
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
    return this.pool.release([fn, [pointer]]).then((reply) => {
      if (reply[0] === ReplyStatus.Ok) return reply[1];
      throw reply[0] === ReplyStatus.Failed ? new LibvirtError(reply[1], fn) : thrownError(reply[1]);
    });
  }

  stats(): ReturnType<Pool['stats']> {
    return this.pool.stats();
  }

  /** Stops the workers (tests; a process never needs this: idle workers do not keep it alive). */
  close(): Promise<void> {
    return this.pool.close();
  }

  private wrap(fn: string, args: readonly unknown[], value: unknown): unknown {
    const info = this.returns(fn);
    if (!info) return value;
    // virConnectListAll*: a list of new references.
    if (Array.isArray(value)) return value.map((item) => this.wrapOne(info, args, item));
    return this.wrapOne(info, args, value);
  }

  private wrapOne(info: ReturnInfo, args: readonly unknown[], value: unknown): unknown {
    // A bulk-stats record: `{ dom, params }` with `dom` a new reference.
    if (value !== null && typeof value === 'object' && typeof (value as { dom?: unknown }).dom === 'bigint') {
      const record = value as { dom: bigint };
      return { ...record, dom: this.wrapOne(info, args, record.dom) };
    }
    if (typeof value !== 'bigint') return value;
    if (info.borrowed) {
      const owner = args.find((arg): arg is Handle => arg instanceof Handle);
      const parent = owner?.kind === info.kind ? owner : owner?.connection;
      if (parent && parent.kind === info.kind) return parent;
      throw new Error(`cannot map a borrowed ${info.kind} to its owning handle`);
    }
    return new Handle(value, info.kind, info.free, info.kind === 'connect' ? null : owningConnection(args));
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
 * result (the references left) its caller awaits; other releases ride in front of the next batch.
 */
export function createExecutor(options: ExecutorOptions = {}): Executor {
  const executor = new Executor(options);
  setReleaser((fn, pointer) =>
    fn === 'virConnectClose' ? executor.call(fn, [pointer]) : executor.release(fn, pointer),
  );
  return executor;
}
