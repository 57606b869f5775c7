/**
 * The parent's side of the admin host (host.ts): every libvirt-admin.so.0 function (`virAdm*`) runs in that
 * child process, never in this one, because libvirt.so and libvirt-admin.so.0 cannot both run in one process
 * (see host.ts). Calls look the same as any other: Handles in, Handles out, a LibvirtError created here after
 * the await. The host starts on the first admin call and does not keep this process alive while idle.
 *
 * A Handle's pointer is the host's address tagged with the host's generation (bits 48 and up: x86-64 and
 * arm64 user addresses fit in 48 bits), so a handle that outlived a host that exited is refused instead of
 * reaching a new host, where its address could name another object.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ErrorCode, ErrorDomain, ErrorLevel, LibvirtError } from '../errors.js';
import { FUNCTIONS } from '../generated/functions.js';
import type { FunctionMeta, HandleKind } from '../generated/meta.js';
import { borrowPointer, giveBackPointer, Handle } from '../handles.js';
import { CONNECTION_KINDS, objectType } from '../tables/objects.js';
import { SHAPES } from '../tables/shapes.js';
import type { AdminOperation, AdminReply, AdminRequest } from './protocol.js';

const META = FUNCTIONS as Readonly<Record<string, FunctionMeta>>;
const ADDRESS_BITS = 48n;
const ADDRESS_MASK = (1n << ADDRESS_BITS) - 1n;

/** A function of libvirt-admin.so.0: it runs in the admin host. */
export function isAdminFunction(fn: string): boolean {
  return META[fn]?.library === 'libvirt-admin';
}

/** The objects an admin function returns: its C return value, or a list (`virAdmConnectListServers`). */
function returnInfo(fn: string): { kind: HandleKind; free: string } | undefined {
  const meta = META[fn];
  if (!meta) return undefined;
  if (meta.handle) return { kind: meta.handle.kind, free: meta.handle.free };
  const roles = SHAPES[fn]?.roles ?? [];
  const index = roles.findIndex((r) => r.role === 'outHandles');
  if (index < 0) return undefined;
  const object = objectType(meta.args[index]!.type.replace(/\s*\*+$/, ''));
  return object && { kind: object.kind, free: object.free };
}

function owningConnection(args: readonly unknown[]): Handle | null {
  for (const arg of args) {
    if (arg instanceof Handle) return CONNECTION_KINDS.has(arg.kind) ? arg : arg.connection;
  }
  return null;
}

function hostGoneError(fn: string, detail: string): LibvirtError {
  return new LibvirtError(
    {
      code: ErrorCode.INTERNAL_ERROR,
      domain: ErrorDomain.ADMIN,
      level: ErrorLevel.ERROR,
      message: `${fn}: ${detail}; open a new admin connection`,
      connectionClosed: true,
    },
    fn,
  );
}

/** Where the host's entry is: host.ts through tsx from the sources, `admin-host.js` next to the bundle. */
function hostEntry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsxPackage = createRequire(fileURLToPath(here)).resolve('tsx/package.json');
    const loader = pathToFileURL(tsxPackage.replace(/package\.json$/, 'dist/loader.mjs')).href;
    return { path: fileURLToPath(new URL('./host.ts', here)), execArgv: ['--import', loader] };
  }
  return { path: fileURLToPath(new URL('./admin-host.js', here)), execArgv: [] };
}

interface Pending {
  fn: string;
  resolve: (reply: AdminReply) => void;
  reject: (err: Error) => void;
}

class AdminHost {
  #child: ChildProcess | null = null;
  #generation = 0n;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  #start(): ChildProcess {
    if (this.#child) return this.#child;
    this.#generation++;
    const { path, execArgv } = hostEntry();
    const child = fork(path, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      const reply = message as AdminReply;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      this.#idleCheck();
      pending.resolve(reply);
    });
    const gone = (detail: string) => {
      if (this.#child !== child) return;
      this.#child = null;
      for (const [id, pending] of this.#pending) {
        this.#pending.delete(id);
        pending.reject(hostGoneError(pending.fn, detail));
      }
    };
    child.on('exit', (code, signal) =>
      gone(`the admin host process exited (${signal ?? `code ${code}`}) during the call`),
    );
    child.on('error', (err) => gone(`the admin host process failed: ${err.message}`));
    this.#child = child;
    this.#idleCheck();
    return child;
  }

  /** The host keeps this process alive only while a call is waiting for it. */
  #idleCheck(): void {
    const child = this.#child;
    if (!child) return;
    const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
    if (this.#pending.size > 0) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }

  /** A Handle's pointer → the host's address; throws for a handle of a host that has exited. */
  address(tagged: bigint, fn: string): bigint {
    if (tagged >> ADDRESS_BITS !== this.#generation || !this.#child) {
      throw hostGoneError(fn, 'this object belongs to an admin host process that has exited');
    }
    return tagged & ADDRESS_MASK;
  }

  /** The host's address → a Handle's pointer. */
  tag(address: bigint): bigint {
    if (address > ADDRESS_MASK) throw new Error(`admin host address 0x${address.toString(16)} above 48 bits`);
    return (this.#generation << ADDRESS_BITS) | address;
  }

  send(request: AdminOperation): Promise<AdminReply> {
    const child = this.#start();
    const id = this.#nextId++;
    return new Promise<AdminReply>((resolve, reject) => {
      this.#pending.set(id, { fn: request.fn, resolve, reject });
      this.#idleCheck();
      child.send({ ...request, id } as AdminRequest, (err) => {
        if (!err || !this.#pending.has(id)) return;
        this.#pending.delete(id);
        this.#idleCheck();
        reject(hostGoneError(request.fn, `the admin host process did not take the call (${err.message})`));
      });
    });
  }

  /** Whether a tagged pointer belongs to the host running now. */
  isCurrent(tagged: bigint): boolean {
    return this.#child !== null && tagged >> ADDRESS_BITS === this.#generation;
  }
}

const host = new AdminHost();

function settle(reply: AdminReply, fn: string): unknown {
  if (reply.ok) return reply.value;
  if ('libvirt' in reply) return Promise.reject(new LibvirtError(reply.libvirt, fn));
  const err = reply.thrown.isTypeError
    ? new TypeError(reply.thrown.message)
    : new Error(reply.thrown.message);
  if (err.name !== reply.thrown.name) err.name = reply.thrown.name;
  return Promise.reject(err);
}

/** `args` with each Handle replaced by its host address, borrowed (its release waits) until the call ends. */
function borrow(args: readonly unknown[], fn: string): unknown[] {
  const plain = new Array<unknown>(args.length);
  const borrowed: Handle[] = [];
  try {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (!(arg instanceof Handle)) {
        plain[i] = arg;
        continue;
      }
      const tagged = borrowPointer(arg, fn);
      borrowed.push(arg);
      plain[i] = host.address(tagged, fn);
    }
  } catch (err) {
    for (const handle of borrowed) giveBackPointer(handle);
    throw err;
  }
  return plain;
}

function giveBack(args: readonly unknown[]): void {
  for (const arg of args) if (arg instanceof Handle) giveBackPointer(arg);
}

function wrap(fn: string, args: readonly unknown[], value: unknown): unknown {
  const info = returnInfo(fn);
  if (!info) return value;
  const connection = CONNECTION_KINDS.has(info.kind) ? null : owningConnection(args);
  const make = (address: unknown) =>
    typeof address === 'bigint' ? new Handle(host.tag(address), info.kind, info.free, connection) : address;
  return Array.isArray(value) ? value.map(make) : make(value);
}

/** Calls an admin function in the admin host. */
export async function adminCall(fn: string, args: readonly unknown[]): Promise<unknown> {
  const plain = borrow(args, fn);
  let reply: AdminReply;
  try {
    reply = await host.send({ op: 'call', fn, args: plain });
  } finally {
    giveBack(args);
  }
  return wrap(fn, args, await settle(reply, fn));
}

/** `fn` and `describers` on what it returned, in one host round trip (see executor.describe). */
export async function adminDescribe(
  fn: string,
  args: readonly unknown[],
  describers: readonly string[],
): Promise<[unknown, unknown[] | unknown[][]]> {
  const plain = borrow(args, fn);
  let reply: AdminReply;
  try {
    reply = await host.send({ op: 'describe', fn, args: plain, describers });
  } finally {
    giveBack(args);
  }
  const [value, described] = (await settle(reply, fn)) as [unknown, unknown[] | unknown[][]];
  return [wrap(fn, args, value), described];
}

/** Releases an admin object's reference in the host; one of a host that has exited has nothing left to free. */
export async function adminRelease(fn: string, tagged: bigint): Promise<unknown> {
  if (!host.isCurrent(tagged)) return 0;
  return settle(await host.send({ op: 'release', fn, args: [tagged & ADDRESS_MASK] }), fn);
}
