/**
 * Event-loop worker entry: owns libvirt's default event loop and every libvirt callback.
 *
 * Callbacks run synchronously here (never on main: a callback waiting for a busy main thread deadlocks
 * libvirt), decode their payload while libvirt's borrowed pointers are valid, and post plain data to main.
 * Main reaches this thread without entering libvirt: it queues a command on a port and writes one byte to a
 * self-pipe whose read end is a libvirt event handle, so `virEventRunDefaultImpl()` returns and the commands
 * run between iterations. The same pipe wakes the loop on process exit so the thread can be joined.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { createQemuMonitorRegistry, type QemuMonitorRegistry } from './events/qemu-monitor.js';
import {
  createObjectEventRegistry,
  type DeregisterPlan,
  type ObjectEventRegistry,
  type RegisterPlan,
} from './events/registry.js';
import type { EventFamily } from './events/types.js';
import { bindLoopNative, type LoopNative } from './native.js';
import { type Command, type EventKind, type LoopInit, type LoopMessage, STOP, WAKE } from './protocol.js';
import { createStreamHost, type StreamHost } from './streams/host.js';
import { isStreamCommand } from './streams/protocol.js';

const VIR_EVENT_HANDLE_READABLE = 1;
const VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0;
const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;

const init = workerData as LoopInit;
const control = new Int32Array(init.control);

function post(message: LoopMessage): void {
  parentPort!.postMessage(message);
}

interface Subscription {
  kind: EventKind;
  connection: bigint;
  /** virConnectDomainEventRegisterAny's callback id (lifecycle only). */
  callbackId: number;
  /** Object events: which family registered it (its own deregister function). */
  family?: EventFamily;
  /** A QEMU monitor event subscription (qemu-monitor.ts). */
  qemuMonitor?: true;
}

const subscriptions = new Map<number, Subscription>();
/** Non-blocking streams (consoles), driven by their own callback: see streams/host.ts. */
let streams: StreamHost | null = null;

function setup(native: LoopNative) {
  const flag = new Int32Array(init.eventImplFlag);
  if (Atomics.compareExchange(flag, 0, 0, 1) === 0 && native.registerDefaultImpl() < 0) {
    throw new Error(`virEventRegisterDefaultImpl failed: ${native.lastErrorMessage()}`);
  }
  const uuid = new Uint8Array(37);
  const scratch = new Uint8Array(64);

  const onLifecycle = koffiRegister(
    (_conn: bigint, dom: bigint, event: number, detail: number, opaque: bigint | null) => {
      const id = Number(opaque ?? 0n);
      if (!subscriptions.has(id)) return 0;
      const domainName = native.domainGetName(dom) ?? '';
      const domainUuid =
        native.domainGetUUIDString(dom, uuid) === 0
          ? Buffer.from(uuid.subarray(0, 36)).toString('latin1')
          : '';
      post({ type: 'event', subscription: id, payload: { domainName, domainUuid, event, detail } });
      return 0;
    },
    native.LifecycleCallback,
  );
  const onWake = koffiRegister((_watch: number, fd: number) => {
    // Drain every pending wake byte; the pipe is non-blocking, so read() returns -1 once empty.
    while (native.read(fd, scratch, scratch.length) > 0) {}
  }, native.HandleCallback);

  const fds = new Int32Array(2);
  if (native.pipe2(fds, O_NONBLOCK | O_CLOEXEC) !== 0)
    throw new Error('pipe2() failed for the loop wake pipe');
  if (native.addHandle(fds[0]!, VIR_EVENT_HANDLE_READABLE, onWake, null, null) < 0) {
    throw new Error(`virEventAddHandle failed: ${native.lastErrorMessage()}`);
  }
  const objectEvents: ObjectEventRegistry = createObjectEventRegistry((id, payload) =>
    post({ type: 'event', subscription: id, payload }),
  );
  const lifecycleAddress = koffiAddress(onLifecycle);
  // Made on first use: it binds libvirt's domain getters and two trampolines.
  let qemuMonitor: QemuMonitorRegistry | null = null;
  const qemuMonitorEvents = (): QemuMonitorRegistry =>
    (qemuMonitor ??= createQemuMonitorRegistry((id, payload) =>
      post({ type: 'event', subscription: id, payload }),
    ));
  return { onLifecycle, lifecycleAddress, objectEvents, qemuMonitorEvents, wakeFd: fds[1]! };
}

// koffi's register() result is an opaque callback value; typed loosely on purpose.
let koffiRegister: (fn: (...args: any[]) => unknown, type: unknown) => unknown;
let koffiAddress: (callback: unknown) => bigint;

function execute(native: LoopNative, callbacks: ReturnType<typeof setup>, command: Command): LoopMessage {
  if (isStreamCommand(command)) return { type: 'reply', id: command.id, ...streams!.execute(command) };
  native.resetLastError();
  switch (command.op) {
    case 'subscribe': {
      // Registering is an RPC: it is planned here and made by an executor worker in the connection's group
      // (a frozen daemon must not stall this thread, which serves every connection's events). Events of the
      // planned registration are delivered from now on; 'commit' records libvirt's callback id.
      if (command.kind === 'object-event' && command.event) {
        const { family, eventId, object } = command.event;
        let register: RegisterPlan | null;
        try {
          register = callbacks.objectEvents.prepare(command.connection, family, eventId, object, command.id);
        } catch (err) {
          // An event this table does not know: refuse it without leaving the loop.
          const message = err instanceof Error ? err.message : String(err);
          return { type: 'reply', id: command.id, ok: false, error: { name: 'RangeError', message } };
        }
        subscriptions.set(command.id, {
          kind: command.kind,
          connection: command.connection,
          callbackId: -1,
          family,
        });
        return {
          type: 'reply',
          id: command.id,
          ok: true,
          value: subscriptions.size,
          ...(register && { register }),
        };
      }
      if (command.kind === 'qemu-monitor' && command.qemuMonitor) {
        const { object, event, flags } = command.qemuMonitor;
        let register: RegisterPlan | null;
        try {
          register = callbacks
            .qemuMonitorEvents()
            .prepare(command.connection, object, { event, flags }, command.id);
        } catch (err) {
          // Binding the trampolines failed: refuse the subscription without leaving the loop.
          const message = err instanceof Error ? err.message : String(err);
          return { type: 'reply', id: command.id, ok: false, error: { name: 'Error', message } };
        }
        subscriptions.set(command.id, {
          kind: command.kind,
          connection: command.connection,
          callbackId: -1,
          qemuMonitor: true,
        });
        return {
          type: 'reply',
          id: command.id,
          ok: true,
          value: subscriptions.size,
          ...(register && { register }),
        };
      }
      if (command.kind !== 'domain-lifecycle') {
        // Close callbacks belong to the main thread (close-watch.ts): one here would deadlock.
        const message = `the loop thread does not register ${command.kind}`;
        return { type: 'reply', id: command.id, ok: false, error: { name: 'TypeError', message } };
      }
      subscriptions.set(command.id, { kind: command.kind, connection: command.connection, callbackId: -1 });
      const register: RegisterPlan = {
        fn: 'virConnectDomainEventRegisterAny',
        object: null,
        eventId: VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        callback: callbacks.lifecycleAddress,
        opaque: command.id,
      };
      return { type: 'reply', id: command.id, ok: true, value: subscriptions.size, register };
    }
    case 'commit': {
      const sub = subscriptions.get(command.id);
      if (sub?.family) callbacks.objectEvents.commit(command.id, command.callbackId);
      if (sub?.qemuMonitor) callbacks.qemuMonitorEvents().commit(command.id, command.callbackId);
      if (sub && command.callbackId < 0) subscriptions.delete(command.id);
      else if (sub) sub.callbackId = command.callbackId;
      return { type: 'reply', id: command.id, ok: true, value: subscriptions.size };
    }
    case 'unsubscribe': {
      const sub = subscriptions.get(command.id);
      if (!sub) return { type: 'reply', id: command.id, ok: true, value: subscriptions.size };
      subscriptions.delete(command.id);
      const deregister: DeregisterPlan | null = sub.family
        ? callbacks.objectEvents.end(command.id)
        : sub.qemuMonitor
          ? callbacks.qemuMonitorEvents().end(command.id)
          : sub.callbackId >= 0
            ? { fn: 'virConnectDomainEventDeregisterAny', callbackId: sub.callbackId }
            : null;
      return {
        type: 'reply',
        id: command.id,
        ok: true,
        value: subscriptions.size,
        ...(deregister && { deregister }),
      };
    }
    case 'count':
      return { type: 'reply', id: command.id, ok: true, value: subscriptions.size };
  }
}

async function main(): Promise<void> {
  let native: LoopNative;
  let callbacks: ReturnType<typeof setup>;
  try {
    const koffi = (await import('koffi')).default;
    koffiRegister = koffi.register as typeof koffiRegister;
    koffiAddress = koffi.address as typeof koffiAddress;
    native = bindLoopNative();
    callbacks = setup(native);
    streams = createStreamHost(koffiRegister, post);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'setup-failed', name: e.name, message: e.message });
    return;
  }
  post({ type: 'ready', wakeFd: callbacks.wakeFd });
  const wakeSelf = new Uint8Array([1]);
  while (Atomics.load(control, STOP) === 0) {
    if (subscriptions.size === 0 && streams!.count() === 0) {
      // Idle: nothing needs prompt dispatch, so sleep here instead of in poll(). A thread parked in poll()
      // is woken by every RPC on every daemon connection (libvirt turns the socket's watch off and on around
      // each call), which measured 20–40% of the call rate on 2 cores. Every TICK_MS (or when main queues a
      // command) one iteration still runs what is due: keepalive timers, the daemon's keepalive pings, EOF
      // on an idle connection.
      const seen = Atomics.load(control, WAKE);
      Atomics.wait(control, WAKE, seen, TICK_MS);
      native.write(callbacks.wakeFd, wakeSelf, 1);
    }
    native.runDefaultImpl();
    for (let msg = receiveMessageOnPort(init.port); msg; msg = receiveMessageOnPort(init.port)) {
      post(execute(native, callbacks, msg.message as Command));
    }
  }
}

/** How long an idle loop sleeps between iterations: the delay of an idle connection's close event. */
const TICK_MS = 200;

void main();
