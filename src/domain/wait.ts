/**
 * Waiting for a domain without polling: a lifecycle subscription limited to the domain, then one state read
 * (so a change that happened before the subscription is not missed), then one state read per event.
 */
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalTimeoutMs, optionsObject } from '../core/checks.js';
import { ErrorCode, ErrorDomain, ErrorLevel, LibvirtError } from '../core/errors.js';
import { DOMAIN_STATES, type DomainStateName, domainStateName } from '../core/values.js';
import type { DomainLifecycleEvent } from '../events/event-types.js';
import type { EventHub } from '../events/events.js';

/** The state a lifecycle event leaves the domain in, where it says so without asking libvirt. */
const STATE_AFTER: Partial<Record<DomainLifecycleEvent['event'], DomainStateName>> = {
  started: 'running',
  resumed: 'running',
  suspended: 'paused',
  // A transient domain is gone right after 'stopped'; reading its state then fails with NO_DOMAIN.
  stopped: 'shutoff',
  pmsuspended: 'pmsuspended',
  crashed: 'crashed',
};

/** `dom.waitFor()` options: a time limit and a cancellation signal. */
export interface WaitForOptions {
  /**
   * Reject with a LibvirtError (code `OPERATION_TIMEOUT`) after this many milliseconds: an integer from 0 to
   * 2^31−1 (about 24.8 days, Node's timer limit), or `Infinity` for no limit. Default: no limit. Anything else
   * is a RangeError (a TypeError for a non-number).
   */
  timeoutMs?: number;
  /** Reject with the signal's reason when it aborts. */
  signal?: AbortSignal;
}

/** Options of a shutdown that waits for the domain to stop: `waitFor()`'s, plus destroying it on timeout. */
export interface ShutdownWaitOptions extends WaitForOptions {
  /** After `timeoutMs`, destroy the domain instead of rejecting. */
  forceAfterTimeout?: boolean;
}

function timeoutError(what: string, ms: number): LibvirtError {
  return new LibvirtError(
    {
      code: ErrorCode.OPERATION_TIMEOUT,
      domain: ErrorDomain.DOMAIN,
      level: ErrorLevel.ERROR,
      message: `${what}: not reached within ${ms} ms`,
    },
    what,
  );
}

export function checkWaitOptions(
  options: unknown,
  what: string,
  known: readonly string[] = ['timeoutMs', 'signal'],
): WaitForOptions & ShutdownWaitOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${what} options must be an object`);
  // A misspelt name (`timeout`) must not silently wait forever.
  const o = optionsObject(options, `${what} options`, known) as Record<string, unknown>;
  // Node fires a timer longer than 2^31-1 ms after 1 ms: such a timeout would reject at once.
  optionalTimeoutMs(o.timeoutMs, `${what}: timeoutMs`);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new TypeError(`${what}: signal must be an AbortSignal`);
  }
  if (o.forceAfterTimeout !== undefined && typeof o.forceAfterTimeout !== 'boolean') {
    throw new TypeError(`${what}: forceAfterTimeout must be a boolean`);
  }
  return o as WaitForOptions & ShutdownWaitOptions;
}

/** A wait in progress: `ready` once subscribed and checked; `reached` settles with the outcome. */
interface Waiter {
  ready: Promise<void>;
  reached: Promise<void>;
  cancel(): Promise<void>;
}

function startWaiting(
  hub: EventHub,
  domain: () => Handle,
  target: DomainStateName,
  options: WaitForOptions,
  what: string,
): Waiter {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const reached = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Settled before anyone awaits it (a refused subscription): the awaiting caller still sees the rejection.
  reached.catch(() => {});
  let settled = false;
  const settle = (err?: unknown) => {
    if (settled) return;
    settled = true;
    if (err === undefined) resolve();
    else reject(err);
  };
  const check = async () => {
    try {
      const { state } = await call('virDomainGetState', domain(), 0);
      if (domainStateName(state) === target) settle();
    } catch (err) {
      // A transient domain that stopped no longer exists; its stop already settled a 'shutoff' wait.
      if (!(err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN)) settle(err);
    }
  };
  const sub = hub.on(
    'domain.lifecycle',
    (e) => {
      if (STATE_AFTER[e.event] === target) settle();
      else if (e.event !== 'undefined') void check();
    },
    domain,
  );
  const ready = sub.ready.then(check);
  ready.catch((err) => settle(err));

  let timer: NodeJS.Timeout | undefined;
  if (options.timeoutMs !== undefined && options.timeoutMs !== Number.POSITIVE_INFINITY) {
    timer = setTimeout(() => settle(timeoutError(what, options.timeoutMs!)), options.timeoutMs);
  }
  const onAbort = () => settle(options.signal!.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const cancel = async () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await sub.off();
  };
  return { ready, reached, cancel };
}

/** `dom.waitFor(state)`: resolves once the domain is in `state` (at once if it already is). */
export async function waitForState(
  hub: EventHub,
  domain: () => Handle,
  state: unknown,
  options: unknown,
): Promise<void> {
  if (typeof state !== 'string' || !(DOMAIN_STATES.names as readonly string[]).includes(state)) {
    throw new TypeError(
      `domain.waitFor: state must be one of ${DOMAIN_STATES.names.join(', ')}, got ${String(state)}`,
    );
  }
  const opts = checkWaitOptions(options, 'domain.waitFor');
  const waiter = startWaiting(hub, domain, state as DomainStateName, opts, `domain.waitFor('${state}')`);
  try {
    await waiter.reached;
  } finally {
    await waiter.cancel();
  }
}

/**
 * `dom.shutdown({ wait: true })`: subscribes, asks the guest to shut down, and resolves once it is off —
 * 'shutdown' — or, with `forceAfterTimeout`, destroys it when `timeoutMs` passes — 'destroyed'.
 */
export async function shutdownAndWait(
  hub: EventHub,
  domain: () => Handle,
  requestShutdown: () => Promise<void>,
  destroy: () => Promise<void>,
  options: ShutdownWaitOptions,
): Promise<'shutdown' | 'destroyed'> {
  const opts = checkWaitOptions(options, 'domain.shutdown', ['timeoutMs', 'signal', 'forceAfterTimeout']);
  const waiter = startWaiting(hub, domain, 'shutoff', opts, 'domain.shutdown');
  try {
    await waiter.ready;
    await requestShutdown();
    await waiter.reached;
    return 'shutdown';
  } catch (err) {
    const timedOut = err instanceof LibvirtError && err.code === ErrorCode.OPERATION_TIMEOUT;
    if (!(timedOut && opts.forceAfterTimeout)) throw err;
    await destroy();
    return 'destroyed';
  } finally {
    await waiter.cancel();
  }
}
