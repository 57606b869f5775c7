import { writeSync } from 'node:fs';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { LibvirtError } from '../errors.js';
import { DEREGISTER_EVENT, REGISTER_EVENT, REGISTER_QEMU_MONITOR_EVENT } from '../executor/composite.js';
import { executor } from '../executor/index.js';
import { spawnWorker } from '../executor/spawn.js';
import { type Handle, pointerOf } from '../handles.js';
import { closeWatchCount, watchClose } from './close-watch.js';
import type { EventFamily } from './events/types.js';
import type { Command, EventKind, EventPayloads, LoopInit, LoopMessage } from './protocol.js';
import { CONTROL_BYTES, STOP, WAKE as WAKE_INDEX } from './protocol.js';
import type { StreamCommand, StreamMessage } from './streams/protocol.js';

export type Unsubscribe = () => Promise<void>;

/** For kind 'object-event': which event ID of which family, optionally of one object only. */
export interface ObjectEventRequest {
  family: EventFamily;
  eventId: number;
  object?: Handle;
}

/** For kind 'qemu-monitor': which QEMU monitor events (libvirt-qemu), optionally of one domain only. */
export interface QemuMonitorRequest {
  /** The event name (or, with the REGEX flag, a regular expression); null for every event. */
  event: string | null;
  /** virConnectDomainQemuMonitorEventRegisterFlags (REGEX, NOCASE). */
  flags: number;
  object?: Handle;
}

export interface SubscribeOptions {
  /**
   * Keep the process alive while subscribed. Default: true for domain events (a program that listens
   * expects to keep running); `connection-close` never does (a safety net must not pin the process).
   */
  keepAlive?: boolean;
}

interface Pending {
  resolve: (reply: LoopMessage & { type: 'reply' }) => void;
  reject: (err: Error) => void;
}

const WAKE = Buffer.from([1]);

/**
 * Main-thread side of the event-loop thread. It starts on first need, is unref'd except while a keep-alive
 * subscription exists, and is woken and stopped on process exit so neither natural exit nor `process.exit()`
 * hangs on a thread parked in poll().
 *
 * `eventImplFlag` must be the executor pool's flag: `virEventRegisterDefaultImpl()` runs once per process, in
 * whichever thread comes first, before any connection that needs events is opened.
 */
export class EventLoop {
  #worker: Worker | null = null;
  #starting: Promise<void> | null = null;
  #wakeFd = -1;
  readonly #control = new SharedArrayBuffer(CONTROL_BYTES);
  readonly #port = new MessageChannel();
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<number, (payload: unknown) => void>();
  readonly #keepAlive = new Set<number>();
  /** Each connection's subscription changes, in order (see serially()). */
  readonly #changes = new WeakMap<Handle, Promise<void>>();
  #nextId = 1;
  /** Messages about non-blocking streams (native/loop/streams), by stream id. */
  readonly streamListeners = new Map<number, (message: StreamMessage) => void>();
  readonly #eventImplFlag: SharedArrayBuffer;

  constructor(eventImplFlag: SharedArrayBuffer) {
    this.#eventImplFlag = eventImplFlag;
    this.#port.port1.unref();
  }

  /** Starts the loop thread if needed; resolves once it runs `virEventRunDefaultImpl()`. */
  start(): Promise<void> {
    this.#starting ??= this.#spawn();
    return this.#starting;
  }

  /**
   * Registers a libvirt callback inside the loop thread; `onEvent` receives plain data on main. The
   * subscription ends before its connection closes (libvirt keeps the connection referenced otherwise).
   */
  async subscribe<K extends EventKind>(
    kind: K,
    args: { connection: Handle; event?: ObjectEventRequest; qemuMonitor?: QemuMonitorRequest },
    onEvent: (payload: EventPayloads[K]) => void,
    options: SubscribeOptions = {},
  ): Promise<Unsubscribe> {
    if (kind === 'connection-close') {
      // Owned by the main thread, registered by an executor worker: see close-watch.ts.
      return watchClose(args.connection, (reason) =>
        (onEvent as (p: { reason: number }) => void)({ reason }),
      );
    }
    const connection = pointerOf(args.connection, `subscribe ${kind}`);
    const event = args.event && {
      family: args.event.family,
      eventId: args.event.eventId,
      // libvirt filters by this object itself; its pointer is read here, before the round trip.
      object: args.event.object ? pointerOf(args.event.object, `subscribe ${kind}`) : null,
    };
    const qemuMonitor = args.qemuMonitor && {
      event: args.qemuMonitor.event,
      flags: args.qemuMonitor.flags,
      object: args.qemuMonitor.object ? pointerOf(args.qemuMonitor.object, `subscribe ${kind}`) : null,
    };
    await this.start();
    const id = this.#nextId++;
    this.#listeners.set(id, onEvent as (payload: unknown) => void);
    try {
      // One subscription change at a time per connection: a registration the loop thread planned is made
      // (an RPC, by an executor worker in the connection's group) before the next one is planned.
      await this.#serially(args.connection, async () => {
        const reply = await this.#reply({
          op: 'subscribe',
          id,
          kind,
          connection,
          ...(event && { event }),
          ...(qemuMonitor && { qemuMonitor }),
        });
        const plan = reply.register;
        if (!plan) return;
        let callbackId = -1;
        let failure: unknown;
        try {
          callbackId = (
            plan.qemuMonitor
              ? await executor.call(REGISTER_QEMU_MONITOR_EVENT, [
                  args.connection,
                  plan.object,
                  plan.qemuMonitor.event,
                  plan.callback,
                  plan.opaque,
                  plan.qemuMonitor.flags,
                ])
              : await executor.call(REGISTER_EVENT, [
                  args.connection,
                  plan.fn,
                  plan.object,
                  plan.eventId,
                  plan.callback,
                  plan.opaque,
                ])
          ) as number;
        } catch (err) {
          failure = err;
        }
        await this.#reply({ op: 'commit', id, callbackId });
        if (failure) throw failure;
      });
    } catch (err) {
      this.#listeners.delete(id);
      throw err;
    }
    if (options.keepAlive ?? true) {
      this.#keepAlive.add(id);
      this.#worker!.ref();
    }
    let done: Promise<void> | null = null;
    const removeHook = args.connection.beforeClose(() => unsubscribe());
    const unsubscribe: Unsubscribe = () => {
      done ??= (async () => {
        this.#listeners.delete(id);
        try {
          await this.#serially(args.connection, async () => {
            const plan = (await this.#reply({ op: 'unsubscribe', id })).deregister;
            if (!plan) return;
            // Sent even on a closed connection: libvirt drops the callback (and the connection reference it
            // holds) locally first; only the RPC after that fails.
            await executor
              .call(DEREGISTER_EVENT, [args.connection, plan.fn, plan.callbackId], { release: true })
              .catch(async (err) => {
                if (!(err instanceof LibvirtError)) throw err;
                if (err.connectionClosed) return;
                // The RPC failed: fine when the connection is dead, a real failure when it is not.
                const alive = await executor
                  .call('virConnectIsAlive', [args.connection], { release: true })
                  .catch(() => 0);
                if (alive === 1) throw err;
              });
          });
        } finally {
          // Removed only now: a connection closing meanwhile waits for this deregistration (the callback holds
          // a reference to it) instead of closing first.
          removeHook();
          this.#keepAlive.delete(id);
          this.#unrefIfIdle();
        }
      })();
      return done;
    };
    return unsubscribe;
  }

  /** A fresh id for a stream (shared numbering with subscriptions: both are `opaque` values). */
  allocateId(): number {
    return this.#nextId++;
  }

  /** Sends a stream command (native/loop/streams/duplex.ts); resolves with the loop thread's value. */
  async streamCommand(command: StreamCommand): Promise<number> {
    await this.start();
    return this.#command(command);
  }

  /** Keeps the process alive while `id` is held, as an open socket would (an open console). */
  hold(id: number, held: boolean): void {
    if (held) {
      this.#keepAlive.add(id);
      this.#worker?.ref();
    } else {
      this.#keepAlive.delete(id);
      this.#unrefIfIdle();
    }
  }

  /** How many callbacks are registered: the loop thread's and the close callbacks (tests, leak checks). */
  async registeredCount(): Promise<number> {
    if (!this.#worker) return closeWatchCount();
    await this.start();
    return (await this.#command({ op: 'count', id: this.#nextId++ })) + closeWatchCount();
  }

  /** Runs `change` after the connection's earlier subscription changes have settled. */
  #serially<T>(connection: Handle, change: () => Promise<T>): Promise<T> {
    const before = this.#changes.get(connection) ?? Promise.resolve();
    const after = before.then(change, change);
    this.#changes.set(
      connection,
      after.then(
        () => {},
        () => {},
      ),
    );
    return after;
  }

  async #command(command: Command): Promise<number> {
    return (await this.#reply(command)).value;
  }

  async #reply(command: Command): Promise<LoopMessage & { type: 'reply'; ok: true }> {
    if (!this.#worker) throw new Error('libvirt event loop thread is not running');
    const pending = new Promise<LoopMessage & { type: 'reply' }>((resolve, reject) =>
      this.#pending.set(command.id, { resolve, reject }),
    );
    this.#port.port1.postMessage(command);
    this.#wake();
    // The loop thread is unref'd; a command awaiting its reply must keep the process alive.
    this.#worker.ref();
    let reply: LoopMessage & { type: 'reply' };
    try {
      reply = await pending;
    } finally {
      this.#unrefIfIdle();
    }
    // Built here, after the await, so the stack runs through the caller.
    if (reply.ok) return reply;
    if ('code' in reply.error) throw new LibvirtError(reply.error, command.op);
    throw new Error(reply.error.message);
  }

  /**
   * Lets the process exit once nothing needs the loop thread: no keep-alive subscription and no command
   * awaiting its reply (another command finishing first must not drop the ref the others still need).
   */
  #unrefIfIdle(): void {
    if (this.#keepAlive.size === 0 && this.#pending.size === 0) this.#worker?.unref();
  }

  #wake(): void {
    // Idle, the loop thread sleeps on WAKE; running, it sits in poll() and the pipe wakes it (worker.ts).
    const control = new Int32Array(this.#control);
    Atomics.add(control, WAKE_INDEX, 1);
    Atomics.notify(control, WAKE_INDEX);
    try {
      writeSync(this.#wakeFd, WAKE);
    } catch {
      // EAGAIN: the pipe is full, so a wake-up is already pending.
    }
  }

  async #spawn(): Promise<void> {
    const init: LoopInit = {
      control: this.#control,
      port: this.#port.port2,
      eventImplFlag: this.#eventImplFlag,
    };
    const worker = spawnWorker('loop', { workerData: init, transferList: [this.#port.port2] });
    this.#worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: LoopMessage) => {
        if (message.type === 'ready') {
          this.#wakeFd = message.wakeFd;
          this.#installExitHook();
          resolve();
        } else if (message.type === 'setup-failed') {
          reject(new Error(`libvirt event loop failed to start: ${message.name}: ${message.message}`));
        } else {
          this.#dispatch(message);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        // Not restarted: libvirt may still hold callbacks into the dead thread's trampolines, so later
        // subscriptions fail with this error instead of pretending to work.
        const err = new Error(`libvirt event loop thread exited (code ${code})`);
        reject(err);
        this.#worker = null;
        this.#starting = Promise.reject(err);
        this.#starting.catch(() => {});
        for (const pending of this.#pending.values()) pending.reject(err);
        this.#pending.clear();
      });
    });
    try {
      await ready;
    } finally {
      worker.unref();
    }
  }

  #dispatch(message: LoopMessage): void {
    if (message.type === 'stream') {
      this.streamListeners.get(message.id)?.(message);
      return;
    }
    if (message.type === 'event') {
      this.#listeners.get(message.subscription)?.(message.payload);
      return;
    }
    if (message.type !== 'reply') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    pending.resolve(message);
  }

  #installExitHook(): void {
    // Runs before Node joins worker threads: stop the loop, then wake poll() so the thread can finish.
    process.once('exit', () => {
      Atomics.store(new Int32Array(this.#control), STOP, 1);
      this.#wake();
    });
  }
}
