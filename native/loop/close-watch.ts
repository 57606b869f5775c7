/**
 * Connection close callbacks, owned by the main thread.
 *
 * libvirt runs a connection's close callback on whichever thread notices the break: often an executor worker
 * inside an RPC, with libvirt's locks held, sometimes the event-loop thread. koffi runs a JS callback on the
 * thread that registered it and makes the calling thread wait until it has run. Registered by the event-loop
 * thread (whose own Node event loop never turns: it sits in `virEventRunDefaultImpl`), that wait never ended
 * and a daemon killed with calls in flight deadlocked the SDK. The main thread never enters libvirt and never
 * blocks, so a callback it owns always runs soon: the trampoline is made here, and only records the reason
 * and returns (the listener runs on a later turn).
 *
 * Registering is an RPC for a daemon connection, so it runs as an executor call in that connection's group
 * (never on the event-loop thread, where a frozen peer would stall every connection's events).
 */

import { REGISTER_CLOSE, UNREGISTER_CLOSE } from '../executor/composite.js';
import { executor } from '../executor/index.js';
import type { Handle } from '../handles.js';

interface Watch {
  connection: Handle;
  listener: (reason: number) => void;
  /** The listener was called, or the watch was stopped. */
  done: boolean;
  /** libvirt called the callback (and so dropped it: a close callback runs once). */
  calledByLibvirt: boolean;
}

const watches = new Map<number, Watch>();

/** Tells the listener once. `later`: libvirt's thread is waiting for this function with its locks held. */
function fire(watch: Watch, reason: number, later: boolean): void {
  if (watch.done) return;
  watch.done = true;
  if (later) setImmediate(() => watch.listener(reason));
  else watch.listener(reason);
}

// A call that finds its connection closed tells the watch at once: libvirt 9.0 may never call the close
// callback for a connection whose keepalive timed out while other calls kept its socket busy.
executor.onConnectionClosed((connection, reason) => {
  // Before the failed call's rejection reaches its caller: 'close' comes first.
  for (const watch of watches.values()) if (watch.connection === connection) fire(watch, reason, false);
});
let nextId = 1;
let trampoline: Promise<bigint> | null = null;

/** The address of the one main-thread trampoline every close callback registration uses. */
function trampolineAddress(): Promise<bigint> {
  trampoline ??= (async () => {
    const koffi = (await import('koffi')).default;
    const proto = koffi.proto('void LibvirtTsCloseCallback(void *conn, int reason, void *opaque)');
    const registered = koffi.register((_conn: unknown, reason: number, opaque: bigint | null) => {
      const watch = watches.get(Number(opaque ?? 0n));
      if (!watch) return;
      watch.calledByLibvirt = true;
      fire(watch, reason, true);
    }, koffi.pointer(proto));
    return koffi.address(registered) as bigint;
  })();
  return trampoline;
}

/**
 * Calls `listener` with libvirt's close reason (virConnectCloseReason) once the connection breaks. Resolves
 * with a function that stops watching; the watch also ends before the connection closes (a registered close
 * callback holds a reference to it).
 */
export async function watchClose(
  connection: Handle,
  listener: (reason: number) => void,
): Promise<() => Promise<void>> {
  const address = await trampolineAddress();
  const id = nextId++;
  const watch: Watch = { connection, listener, done: false, calledByLibvirt: false };
  watches.set(id, watch);
  try {
    await executor.call(REGISTER_CLOSE, [connection, address, id]);
  } catch (err) {
    watches.delete(id);
    throw err;
  }
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      removeHook();
      watch.done = true;
      watches.delete(id);
      if (watch.calledByLibvirt || connection.freed) return;
      // Fails only when the close callback has just run (libvirt dropped it) or the connection is gone; sent
      // even on a closed connection, since the registration holds a reference to it.
      await executor.call(UNREGISTER_CLOSE, [connection, address], { release: true }).catch(() => {});
    })();
    return stopping;
  };
  let removeHook = () => {};
  try {
    removeHook = connection.beforeClose(stop);
  } catch (err) {
    // The connection began to close while this registered: undo it, as the close hook would have.
    await stop();
    throw err;
  }
  return stop;
}

/** Close callbacks registered now (leak checks). */
export function closeWatchCount(): number {
  return watches.size;
}
