/**
 * Connection health: keepalive (on by default for every connection through a daemon), the close callback that turns libvirt's
 * close reason into the Hypervisor's 'close' event, and opt-in reconnect with exponential backoff that
 * reopens the connection, re-resolves live objects and re-registers every event subscription.
 */
import { ErrorCode, LibvirtError } from '../../native/errors.js';
import type { Handle } from '../../native/handles.js';
import { connectionKind } from '../../native/libvirt.js';
import { loop, setKeepAlive } from '../../native/loop/index.js';
import { optionalTimeoutMs, optionsObject } from '../core/checks.js';
import { current, replaceConnection, trackConnection } from '../core/live-handles.js';
import { closeReason } from '../events/event-types.js';
import type { EventHub } from '../events/events.js';

/**
 * How keepalive probes the connection (`virConnectSetKeepAlive`): a dead peer closes it with reason
 * 'keepalive'.
 */
export interface KeepAliveOptions {
  /** Seconds between keepalive messages (a positive integer up to 2^31−1); default 5. */
  intervalSeconds?: number;
  /** Unanswered messages before the connection is closed with reason 'keepalive'; default 5. */
  count?: number;
}

/** How a lost connection is opened again: attempts with exponential backoff, then a `'reconnect'` event. */
export interface ReconnectOptions {
  /** Delay before the first attempt, in ms (an integer from 1 to 2^31−1); default 250. */
  initialDelayMs?: number;
  /** Longest delay between attempts, in ms (an integer from 1 to 2^31−1); default 30000. */
  maxDelayMs?: number;
  /** Each failed attempt multiplies the delay by this; default 2. */
  factor?: number;
  /** Give up after this many failed attempts (then the Hypervisor stays closed); default: never. */
  maxAttempts?: number;
}

/** The connection-health options of `Hypervisor.connect`: keepalive and reconnection. */
export interface HealthOptions {
  /**
   * Keepalive (`virConnectSetKeepAlive`): on by default, 5 s × 5, for every connection through a daemon;
   * `false` turns it off.
   */
  keepAlive?: KeepAliveOptions | boolean;
  /**
   * Reopening a connection that was lost (the daemon restarted or keepalive gave up); off by default, `true`
   * for the defaults.
   */
  reconnect?: ReconnectOptions | boolean;
}

interface Settled {
  /** `byDefault`: not asked for; a driver without keepalive (an embedded or HTTP one) then simply has none. */
  keepAlive: { intervalSeconds: number; count: number; byDefault: boolean } | null;
  reconnect: Required<ReconnectOptions> | null;
  /** Register the close callback at connect: every connection that goes through a daemon (not `test:`). */
  watchClose: boolean;
}

/** In-process drivers (`test:///…`) never lose their peer; only `close()` ends them. */
function throughDaemon(uri: string | null): boolean {
  return connectionKind(uri) === 'daemon';
}

function positive(value: unknown, what: string, fallback: number, integer: boolean, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${what} must be a number`);
  if (value <= 0 || (integer && !Number.isInteger(value)) || value > max) {
    const limit = max === Infinity ? '' : ` up to ${max}`;
    throw new RangeError(
      `${what} must be a positive ${integer ? 'integer' : 'number'}${limit}, got ${value}`,
    );
  }
  return value;
}

/** A delay that becomes a timer: an integer from 1 ms to 2^31−1 ms (Node fires a longer one after 1 ms). */
function delayMs(value: unknown, what: string, fallback: number): number {
  return optionalTimeoutMs(value, what, { none: false, min: 1 }) ?? fallback;
}

/** Checks and completes the health options before anything is opened. */
export function settleHealthOptions(uri: string | null, options: HealthOptions): Settled {
  const { keepAlive, reconnect } = options;
  if (
    keepAlive !== undefined &&
    typeof keepAlive !== 'boolean' &&
    (typeof keepAlive !== 'object' || !keepAlive)
  ) {
    throw new TypeError('Hypervisor.connect: keepAlive must be a boolean or { intervalSeconds, count }');
  }
  if (
    reconnect !== undefined &&
    typeof reconnect !== 'boolean' &&
    (typeof reconnect !== 'object' || !reconnect)
  ) {
    throw new TypeError(
      'Hypervisor.connect: reconnect must be a boolean or { initialDelayMs, maxDelayMs, … }',
    );
  }
  // Unknown names are a TypeError: a typo must not silently keep a default.
  const ka =
    typeof keepAlive === 'object' ? optionsObject(keepAlive, 'keepAlive', ['intervalSeconds', 'count']) : {};
  // On for every connection through a daemon, local socket included (as virsh does): without it a frozen
  // libvirtd leaves calls in flight waiting forever.
  const wantKeepAlive = keepAlive === undefined ? throughDaemon(uri) : keepAlive !== false;
  const rc =
    typeof reconnect === 'object'
      ? optionsObject(reconnect, 'reconnect', ['initialDelayMs', 'maxDelayMs', 'factor', 'maxAttempts'])
      : {};
  return {
    watchClose: throughDaemon(uri),
    keepAlive: wantKeepAlive
      ? {
          // virConnectSetKeepAlive takes an int and an unsigned int.
          intervalSeconds: positive(ka.intervalSeconds, 'keepAlive.intervalSeconds', 5, true, 2 ** 31 - 1),
          count: positive(ka.count, 'keepAlive.count', 5, true, 2 ** 32 - 1),
          byDefault: keepAlive === undefined,
        }
      : null,
    reconnect:
      reconnect === undefined || reconnect === false
        ? null
        : {
            initialDelayMs: delayMs(rc.initialDelayMs, 'reconnect.initialDelayMs', 250),
            maxDelayMs: delayMs(rc.maxDelayMs, 'reconnect.maxDelayMs', 30_000),
            factor: positive(rc.factor, 'reconnect.factor', 2, false),
            maxAttempts: positive(rc.maxAttempts, 'reconnect.maxAttempts', Number.POSITIVE_INFINITY, false),
          },
  };
}

/** Watches one Hypervisor's connection (and its successors, after reconnects). */
export class ConnectionHealth {
  #watchingHandle: Handle | null = null;
  #stopped = false;
  #timer: NodeJS.Timeout | null = null;
  #wakeTimer: (() => void) | null = null;
  readonly #root: Handle;
  readonly #hub: EventHub;
  readonly #settled: Settled;
  readonly #reopen: () => Promise<Handle>;

  constructor(
    root: Handle,
    hub: EventHub,
    settled: Settled,
    /** Opens a new connection like the first one. */
    reopen: () => Promise<Handle>,
  ) {
    this.#root = root;
    this.#hub = hub;
    this.#settled = settled;
    this.#reopen = reopen;
    if (settled.reconnect) trackConnection(root);
  }

  /** Applies keepalive and, when reconnect is on, watches for the close. */
  async start(): Promise<void> {
    await this.#configure(current(this.#root));
  }

  /** Registers the close callback (idempotent per connection); the first 'close' listener calls this. */
  async watchClose(): Promise<void> {
    const handle = current(this.#root);
    if (this.#watchingHandle === handle || this.#stopped) return;
    this.#watchingHandle = handle;
    // Ended by the loop's own hook when this connection closes (a registered close callback holds it open).
    await loop.subscribe('connection-close', { connection: handle }, ({ reason }) =>
      this.#closed(handle, reason),
    );
  }

  /** `hv.close()`: no more reconnects; the close callback itself ends with the connection. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wakeTimer?.();
  }

  async #configure(handle: Handle): Promise<void> {
    // The close callback first: for a daemon connection its registration is an RPC (libvirt forwards it to
    // the server), and an RPC to a peer that already hangs blocks the loop thread (measured: > 10 s with
    // keepalive 1 s × 2). Registered now, while the peer answers, it is in place when the peer goes away.
    if (this.#settled.watchClose) await this.watchClose();
    const keepAlive = this.#settled.keepAlive;
    if (keepAlive) {
      await setKeepAlive(handle, keepAlive.intervalSeconds, keepAlive.count).catch((err: unknown) => {
        // Only the remote driver has keepalive; a default must not make other drivers fail to connect.
        if (!(keepAlive.byDefault && err instanceof LibvirtError && err.code === ErrorCode.NO_SUPPORT))
          throw err;
      });
    }
  }

  #closed(handle: Handle, reason: number): void {
    if (handle !== current(this.#root) || this.#stopped) return;
    this.#hub.emit('close', { reason: closeReason(reason) });
    if (this.#settled.reconnect) void this.#reconnect(handle);
    // Without reconnect no event can come any more: end the subscriptions so iterators finish.
    else void this.#hub.close();
  }

  async #reconnect(dead: Handle): Promise<void> {
    const opts = this.#settled.reconnect!;
    let delay = opts.initialDelayMs;
    for (let attempt = 1; attempt <= opts.maxAttempts && !this.#stopped; attempt++) {
      await this.#sleep(delay);
      if (this.#stopped) return;
      let fresh: Handle;
      try {
        fresh = await this.#reopen();
      } catch {
        delay = Math.min(delay * opts.factor, opts.maxDelayMs);
        continue;
      }
      if (this.#stopped) {
        await fresh.free();
        return;
      }
      await replaceConnection(this.#root, fresh);
      await this.#configure(fresh).catch(() => {});
      await this.#hub.reregister().catch(() => {});
      // The dead connection's callbacks and objects are released with it; libvirt may report errors for a
      // connection that is already gone, and there is nobody to tell.
      await dead.free().catch(() => {});
      this.#hub.emit('reconnect', { attempt });
      return;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wakeTimer = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}
