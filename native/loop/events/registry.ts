// Loop-thread side of object events: one koffi trampoline per callback signature, shared by every
// subscription using it; `opaque` carries the subscription id, so a callback finds its decoder and target.
import koffi from 'koffi';
import type { CallbackName } from '../../generated/callbacks.js';
import { loadLibvirt } from '../../library.js';
import { callbackTypes } from '../../marshal/callbacks.js';
import { EVENT_FAMILIES, eventSpec } from './table.js';
import type { EventFamily, EventObjectIdentity, EventSpec, ObjectEventPayload } from './types.js';

type Register = (
  conn: bigint,
  object: bigint | null,
  eventId: number,
  cb: unknown,
  opaque: bigint,
  freecb: null,
) => number;
type Deregister = (conn: bigint, callbackId: number) => number;

interface Target {
  family: EventFamily;
  eventId: number;
  spec: EventSpec;
}

export interface ObjectEventRegistry {
  /** Adds subscription `id`; returns libvirt's callback id, or -1 with libvirt's error set. */
  register(
    connection: bigint,
    family: EventFamily,
    eventId: number,
    object: bigint | null,
    id: number,
  ): number;
  /** Ends subscription `id`; returns libvirt's result (0, or -1 with its error set). */
  deregister(connection: bigint, family: EventFamily, callbackId: number, id: number): number;
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
  const lib = loadLibvirt().library('libvirt');
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

  const registerFns = new Map<EventFamily, Register>();
  const deregisterFns = new Map<EventFamily, Deregister>();
  for (const [family, spec] of Object.entries(EVENT_FAMILIES) as [
    EventFamily,
    (typeof EVENT_FAMILIES)[EventFamily],
  ][]) {
    registerFns.set(
      family,
      lib.func(
        `int ${spec.register}(void *conn, void *obj, int eventID, void *cb, void *opaque, void *freecb)`,
      ) as Register,
    );
    deregisterFns.set(family, lib.func(`int ${spec.deregister}(void *conn, int callbackID)`) as Deregister);
  }

  return {
    register(connection, family, eventId, object, id) {
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
      if (!shared) {
        const number = nextRegistration++;
        const callbackId = registerFns.get(family)!(
          connection,
          object,
          eventId,
          trampoline(spec.callback),
          BigInt(number),
          null,
        );
        if (callbackId < 0) return callbackId;
        shared = { key, family, eventId, spec, callbackId, subscribers: new Set() };
        registrations.set(number, shared);
        byKey.set(key, shared);
      }
      shared.subscribers.add(id);
      bySubscriber.set(id, shared);
      return shared.callbackId;
    },
    deregister(connection, family, callbackId, id) {
      const shared = bySubscriber.get(id);
      bySubscriber.delete(id);
      if (!shared) return 0;
      shared.subscribers.delete(id);
      if (shared.subscribers.size > 0) return 0;
      byKey.delete(shared.key);
      for (const [number, s] of registrations) if (s === shared) registrations.delete(number);
      return deregisterFns.get(family)!(connection, callbackId);
    },
  };
}
