/**
 * The event hub of one Hypervisor: emitter (`on`/`once`/`off`) and async-iterator (`events`) forms over the
 * loop thread's subscriptions. Each listener owns one libvirt registration (ended by `off`), so unsubscribing
 * frees it; a listener may be limited to one object, which libvirt filters natively by the object's pointer.
 * On reconnect every registration is made again on the new connection, with each object's current handle.
 */
import { ConnectDomainQemuMonitorEventRegisterFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { loop, type QemuMonitorPayload, type Unsubscribe } from '../../native/loop/index.js';
import { optionalBoolean, optionsObject, requireNonEmptyString } from '../core/checks.js';
import {
  EVENT_DEFS,
  type EventMap,
  type EventName,
  isEventName,
  type ObjectEventName,
  type QemuMonitorEventOptions,
  qemuMonitorEvent,
} from './event-types.js';

/** The QEMU monitor filter libvirt takes: an event name or pattern (null: all) and its flags. */
interface MonitorFilter {
  event: string | null;
  flags: number;
}

/** `QemuMonitorEventOptions` checked and turned into libvirt's filter. */
/**
 * `events(name, options)`'s options split into the iterator's own (`signal`) and the QEMU monitor filter
 * (`event`, `regex`, `nocase`). The filter goes on for `'qemu.monitor'`, or whenever one of its keys is given,
 * so that a filter on another event is refused rather than ignored. Makes no libvirt call.
 */
export function splitMonitorOptions(
  name: string,
  options: EventsOptions & QemuMonitorEventOptions,
): { rest: EventsOptions; monitor: QemuMonitorEventOptions | undefined } {
  const { event, regex, nocase, ...rest } = options;
  const monitor =
    name === 'qemu.monitor' || event !== undefined || regex !== undefined || nocase !== undefined
      ? {
          ...(event !== undefined && { event }),
          ...(regex !== undefined && { regex }),
          ...(nocase !== undefined && { nocase }),
        }
      : undefined;
  return { rest, monitor };
}

function monitorFilter(options: unknown, what: string): MonitorFilter {
  const opts = optionsObject(options, what, ['event', 'regex', 'nocase']);
  const event = opts.event === undefined ? null : requireNonEmptyString(opts.event, `${what}.event`);
  const regex = optionalBoolean(opts.regex, `${what}.regex`) ?? false;
  const nocase = optionalBoolean(opts.nocase, `${what}.nocase`) ?? false;
  if (event === null && (regex || nocase)) throw new TypeError(`${what}: regex and nocase need an event`);
  const flags =
    (regex ? ConnectDomainQemuMonitorEventRegisterFlags.REGEX : 0) |
    (nocase ? ConnectDomainQemuMonitorEventRegisterFlags.NOCASE : 0);
  return { event, flags };
}

/** A listener of the event `K`: called with the event's payload. */
export type EventListener<K extends EventName> = (payload: EventMap[K]) => void;

/** What `on`/`once` return: wait for `ready` before causing the events you want to see. */
export interface EventSubscription {
  /** Resolves once libvirt has the callback (events that happen earlier are not delivered); rejects if refused. */
  readonly ready: Promise<void>;
  /** Ends the subscription and frees its libvirt registration. Idempotent. */
  off(): Promise<void>;
}

/** `hv.events()` / `dom.events()` options. */
export interface EventsOptions {
  /** Ends the iteration (it finishes normally, as a closed connection does). */
  signal?: AbortSignal;
}

/** An async iterator of events that also says when its registration is in place. */
export interface EventStream<T> extends AsyncIterableIterator<T> {
  /**
   * Resolves once libvirt has the callback (events that happen earlier are not delivered); rejects if refused.
   */
  readonly ready: Promise<void>;
}

/** Limits a subscription to one object: its current handle (it changes when a reconnect re-resolves it). */
export type ObjectFilter = () => Handle;

interface Entry {
  name: EventName;
  listener: (payload: never) => void;
  filter: ObjectFilter | undefined;
  once: boolean;
  /** The libvirt registration (object events only); null while not registered. */
  unsubscribe: Unsubscribe | null;
  ready: Promise<void>;
  ended: boolean;
  /** Wakes an iterator waiting on this entry when the hub ends it. */
  onEnd?: () => void;
  /** 'qemu.monitor': which monitor events. */
  monitor?: MonitorFilter;
}

export class EventHub {
  readonly #entries = new Set<Entry>();
  #closed = false;
  readonly #connection: () => Handle;
  readonly #onCloseListener: () => void;

  /** @param connection the current connection handle (a reconnect swaps it). */
  constructor(
    connection: () => Handle,
    /** Called when the first 'close' listener arrives: the close callback is registered lazily. */
    onCloseListener: () => void = () => {},
  ) {
    this.#connection = connection;
    this.#onCloseListener = onCloseListener;
  }

  /** `monitor`: for `'qemu.monitor'` only, which QEMU monitor events. */
  on<K extends EventName>(
    name: K,
    listener: EventListener<K>,
    filter?: ObjectFilter,
    monitor?: QemuMonitorEventOptions,
  ): EventSubscription {
    return this.#subscription(this.#add(name, listener, filter, false, monitor));
  }

  /** Like `on`, for the first matching event only; the registration ends right after it. */
  once<K extends EventName>(
    name: K,
    listener: EventListener<K>,
    filter?: ObjectFilter,
    monitor?: QemuMonitorEventOptions,
  ): EventSubscription {
    return this.#subscription(this.#add(name, listener, filter, true, monitor));
  }

  /** Ends every subscription of `listener` to `name` made with `on`/`once`. */
  async off<K extends EventName>(name: K, listener: EventListener<K>): Promise<void> {
    const matching = [...this.#entries].filter((e) => e.name === name && e.listener === listener);
    await Promise.all(matching.map((e) => this.#end(e)));
  }

  /** Events as an async iterator; ends on `signal` abort or when the connection closes. */
  events<K extends EventName>(
    name: K,
    options: EventsOptions = {},
    filter?: ObjectFilter,
    monitor?: QemuMonitorEventOptions,
  ): EventStream<EventMap[K]> {
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError('events(): options.signal must be an AbortSignal');
    }
    const queue: EventMap[K][] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const entry = this.#add(
      name,
      (payload: EventMap[K]) => {
        queue.push(payload);
        wake?.();
      },
      filter,
      false,
      monitor,
    );
    entry.onEnd = () => wake?.();
    const finish = async () => {
      done = true;
      wake?.();
      signal?.removeEventListener('abort', onAbort);
      await this.#end(entry);
    };
    const onAbort = () => void finish();
    if (signal?.aborted) void finish();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const stream: EventStream<EventMap[K]> = {
      ready: entry.ready,
      async next() {
        for (;;) {
          if (queue.length > 0) return { value: queue.shift()!, done: false };
          // Ended by abort, by `return()`, or by the hub when the connection closed for good.
          if (done || entry.ended) {
            if (!done) await finish();
            return { value: undefined, done: true };
          }
          await entry.ready;
          // Re-check after the await: an event or the end may have come meanwhile (no lost wake-up).
          if (queue.length > 0 || done || entry.ended) continue;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
      },
      async return() {
        await finish();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }

  /** Delivers a JS-side event ('close', 'reconnect') to its listeners. */
  emit<K extends 'close' | 'reconnect'>(name: K, payload: EventMap[K]): void {
    for (const entry of [...this.#entries]) {
      if (entry.name === name) this.#deliver(entry, payload);
    }
  }

  /** Registers every live object subscription again on a new connection (after a reconnect). */
  async reregister(): Promise<void> {
    const objectEntries = [...this.#entries].filter(
      (e) => !e.ended && (e.name in EVENT_DEFS || e.name === 'qemu.monitor'),
    );
    await Promise.all(
      objectEntries.map(async (entry) => {
        const old = entry.unsubscribe;
        entry.unsubscribe = null;
        // The old connection is gone; deregistering on it may fail and there is nothing to recover.
        await old?.().catch(() => {});
        entry.ready = this.#register(entry);
        await entry.ready;
      }),
    );
  }

  /** Ends every subscription and iterator (the Hypervisor closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#entries].map((e) => this.#end(e)));
  }

  /** Subscriptions currently held (for tests and leak checks). */
  get size(): number {
    return this.#entries.size;
  }

  #subscription(entry: Entry): EventSubscription {
    return { ready: entry.ready, off: () => this.#end(entry) };
  }

  #add<K extends EventName>(
    name: K,
    listener: EventListener<K>,
    filter: ObjectFilter | undefined,
    once: boolean,
    monitorOptions?: QemuMonitorEventOptions,
  ): Entry {
    if (!isEventName(name)) throw new TypeError(`unknown event name ${JSON.stringify(name)}`);
    if (typeof listener !== 'function') throw new TypeError(`on('${name}'): the listener must be a function`);
    if (name !== 'qemu.monitor' && monitorOptions !== undefined) {
      throw new TypeError(`on('${name}'): event, regex and nocase are for 'qemu.monitor' only`);
    }
    const monitor =
      name === 'qemu.monitor' ? monitorFilter(monitorOptions, `on('qemu.monitor') options`) : undefined;
    if (this.#closed) throw new TypeError(`on('${name}'): the connection is closed`);
    const entry: Entry = {
      name,
      listener: listener as (payload: never) => void,
      filter,
      once,
      unsubscribe: null,
      ready: Promise.resolve(),
      ended: false,
      ...(monitor && { monitor }),
    };
    this.#entries.add(entry);
    if (name in EVENT_DEFS || monitor) entry.ready = this.#register(entry);
    else if (name === 'close') this.#onCloseListener();
    // Nobody may be awaiting `ready`; a refused registration must not become an unhandled rejection.
    entry.ready.catch(() => this.#entries.delete(entry));
    return entry;
  }

  async #register(entry: Entry): Promise<void> {
    if (entry.monitor) {
      const unsubscribe = await loop.subscribe(
        'qemu-monitor',
        {
          connection: this.#connection(),
          qemuMonitor: { ...entry.monitor, ...(entry.filter && { object: entry.filter() }) },
        },
        (raw: QemuMonitorPayload) => this.#deliver(entry, qemuMonitorEvent(raw)),
      );
      if (entry.ended) await unsubscribe();
      else entry.unsubscribe = unsubscribe;
      return;
    }
    const def = EVENT_DEFS[entry.name as ObjectEventName];
    const unsubscribe = await loop.subscribe(
      'object-event',
      {
        connection: this.#connection(),
        event: { family: def.family, eventId: def.eventId, ...(entry.filter && { object: entry.filter() }) },
      },
      (raw) => this.#deliver(entry, def.payload(raw) as never),
    );
    if (entry.ended) await unsubscribe();
    else entry.unsubscribe = unsubscribe;
  }

  #deliver(entry: Entry, payload: unknown): void {
    if (entry.ended) return;
    if (entry.once) void this.#end(entry);
    // A throwing listener must not stop the others or the loop's dispatch.
    try {
      entry.listener(payload as never);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  async #end(entry: Entry): Promise<void> {
    if (entry.ended && !entry.unsubscribe) return;
    entry.ended = true;
    this.#entries.delete(entry);
    entry.onEnd?.();
    await entry.ready.catch(() => {});
    const unsubscribe = entry.unsubscribe;
    entry.unsubscribe = null;
    await unsubscribe?.();
  }
}

/** Every connection handle (first and after reconnects) → its Hypervisor's hub, for objects' `on`. */
const hubs = new WeakMap<Handle, EventHub>();

export function attachHub(connection: Handle, hub: EventHub): void {
  hubs.set(connection, hub);
}

/** The hub of the Hypervisor an object handle came from. */
export function hubOf(handle: Handle, what: string): EventHub {
  const hub = handle.connection && hubs.get(handle.connection);
  if (!hub) throw new TypeError(`${what}: this object does not belong to a Hypervisor`);
  return hub;
}
