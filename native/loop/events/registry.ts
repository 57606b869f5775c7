// Loop-thread side of object events: one koffi trampoline per callback signature, shared by every
// subscription using it; `opaque` carries the subscription id, so a callback finds its decoder and target.
import koffi from 'koffi';
import type { CallbackName } from '../../generated/callbacks.js';
import { loadLibvirt } from '../../library.js';
import { callbackTypes } from '../../marshal/callbacks.js';
import { EVENT_FAMILIES, eventSpec } from './table.js';
import type {
  EventFamily,
  EventObjectIdentity,
  EventSpec,
  ObjectEventPayload,
  QemuMonitorFilter,
} from './types.js';

interface Target {
  family: EventFamily;
  eventId: number;
  spec: EventSpec;
}

/** A libvirt registration to make, by an executor worker (registering is an RPC: never on this thread). */
export interface RegisterPlan {
  /** `virConnect<X>EventRegisterAny` */
  fn: string;
  object: bigint | null;
  eventId: number;
  /** The trampoline's address: libvirt calls it on this thread, which made it. */
  callback: bigint;
  /** The `opaque` libvirt passes back. */
  opaque: number;
  /** A QEMU monitor event registration (`fn` is virConnectDomainQemuMonitorEventRegister; no event ID). */
  qemuMonitor?: QemuMonitorFilter;
}

/** A libvirt registration to end, by an executor worker. */
export interface DeregisterPlan {
  /** `virConnect<X>EventDeregisterAny` */
  fn: string;
  callbackId: number;
}

export interface ObjectEventRegistry {
  /**
   * Adds subscription `id`. When another subscription already shares the registration, it is done: null.
   * Otherwise the registration is recorded as pending (events for it are delivered from now on) and the plan
   * to register it is returned; `commit` completes it.
   */
  prepare(
    connection: bigint,
    family: EventFamily,
    eventId: number,
    object: bigint | null,
    id: number,
  ): RegisterPlan | null;
  /** The registration for `id` got libvirt's `callbackId`, or failed (-1): then it is dropped. */
  commit(id: number, callbackId: number): void;
  /** Ends subscription `id`; the plan to end libvirt's registration when it was the last one using it. */
  end(id: number): DeregisterPlan | null;
}

/**
 * One libvirt registration, shared by every subscription to the same event of the same object on the same
 * connection: libvirt refuses a second registration of one callback for one (connection, event, object)
 * ("event callback already tracked"), and with one trampoline per signature every registration is that.
 */
interface Shared extends Target {
  key: string;
  callbackId: number;
  subscribers: Set<number>;
}

function identityReaders() {
  const lib = loadLibvirt().library('libvirt');
  const getName = (fn: string) => lib.func(`const char *${fn}(void *obj)`) as (obj: bigint) => string | null;
  const getUuid = (fn: string) => {
    const f = lib.func(`int ${fn}(void *obj, _Out_ uint8_t *buf)`) as (
      obj: bigint,
      buf: Uint8Array,
    ) => number;
    const buf = new Uint8Array(37);
    return (obj: bigint) => (f(obj, buf) === 0 ? Buffer.from(buf.subarray(0, 36)).toString('latin1') : null);
  };
  const secretUsageType = lib.func('int virSecretGetUsageType(void *secret)') as (obj: bigint) => number;
  const secretUsageId = getName('virSecretGetUsageID');
  const readers: Record<EventFamily, (obj: bigint) => EventObjectIdentity> = {
    domain: ((n, u) => (o: bigint) => ({ name: n(o), uuid: u(o) }))(
      getName('virDomainGetName'),
      getUuid('virDomainGetUUIDString'),
    ),
    network: ((n, u) => (o: bigint) => ({ name: n(o), uuid: u(o) }))(
      getName('virNetworkGetName'),
      getUuid('virNetworkGetUUIDString'),
    ),
    storagePool: ((n, u) => (o: bigint) => ({ name: n(o), uuid: u(o) }))(
      getName('virStoragePoolGetName'),
      getUuid('virStoragePoolGetUUIDString'),
    ),
    nodeDevice: ((n) => (o: bigint) => ({ name: n(o), uuid: null }))(getName('virNodeDeviceGetName')),
    secret: ((u) => (o: bigint) => ({
      name: null,
      uuid: u(o),
      usageType: secretUsageType(o),
      usageId: secretUsageId(o),
    }))(getUuid('virSecretGetUUIDString')),
  };
  return readers;
}

export function createObjectEventRegistry(
  deliver: (id: number, payload: ObjectEventPayload) => void,
): ObjectEventRegistry {
  const types = callbackTypes();
  const identify = identityReaders();
  /** By registration number (the `opaque` libvirt passes back). */
  const registrations = new Map<number, Shared>();
  const byKey = new Map<string, Shared>();
  const bySubscriber = new Map<number, Shared>();
  let nextRegistration = 1;

  const trampolines = new Map<CallbackName, unknown>();
  const trampoline = (name: CallbackName): unknown => {
    let cb = trampolines.get(name);
    if (cb !== undefined) return cb;
    // Every object-event signature is (conn, object, ...its own arguments, opaque).
    cb = koffi.register(
      (...args: unknown[]) => {
        const shared = registrations.get(Number((args[args.length - 1] as bigint | null) ?? 0n));
        if (!shared) return 0;
        const object = identify[shared.family](args[1] as bigint);
        let fields: ObjectEventPayload['fields'];
        try {
          fields = shared.spec.decode(args.slice(2, -1));
        } catch (err) {
          // A decoding bug must not throw into libvirt's dispatch; the subscriber sees what went wrong.
          fields = { decodeError: err instanceof Error ? err.message : String(err) };
        }
        const payload = { family: shared.family, eventId: shared.eventId, object, fields };
        for (const id of shared.subscribers) deliver(id, payload);
        return 0;
      },
      koffi.pointer(types.get(name)!),
    );
    trampolines.set(name, cb);
    return cb;
  };

  return {
    prepare(connection, family, eventId, object, id) {
      const spec = eventSpec(family, eventId);
      if (!spec) throw new RangeError(`no ${family} event with id ${eventId} in this SDK's event table`);
      // libvirt tells filtered registrations apart by the object's UUID (node devices: name), not its pointer.
      const who =
        object === null
          ? '*'
          : (() => {
              const o = identify[family](object);
              return o.uuid ?? o.name ?? '?';
            })();
      const key = `${connection}|${family}|${eventId}|${who}`;
      let shared = byKey.get(key);
      let plan: RegisterPlan | null = null;
      if (!shared) {
        const number = nextRegistration++;
        shared = { key, family, eventId, spec, callbackId: -1, subscribers: new Set() };
        registrations.set(number, shared);
        byKey.set(key, shared);
        const callback = koffi.address(trampoline(spec.callback)) as bigint;
        plan = { fn: EVENT_FAMILIES[family].register, object, eventId, callback, opaque: number };
      }
      shared.subscribers.add(id);
      bySubscriber.set(id, shared);
      return plan;
    },
    commit(id, callbackId) {
      const shared = bySubscriber.get(id);
      if (!shared) return;
      if (callbackId >= 0) {
        shared.callbackId = callbackId;
        return;
      }
      // Registration failed: nobody shares it (the main thread serialises a connection's subscriptions).
      for (const subscriber of shared.subscribers) bySubscriber.delete(subscriber);
      byKey.delete(shared.key);
      for (const [number, s] of registrations) if (s === shared) registrations.delete(number);
    },
    end(id) {
      const shared = bySubscriber.get(id);
      bySubscriber.delete(id);
      if (!shared) return null;
      shared.subscribers.delete(id);
      if (shared.subscribers.size > 0) return null;
      byKey.delete(shared.key);
      for (const [number, s] of registrations) if (s === shared) registrations.delete(number);
      if (shared.callbackId < 0) return null;
      return { fn: EVENT_FAMILIES[shared.family].deregister, callbackId: shared.callbackId };
    },
  };
}
