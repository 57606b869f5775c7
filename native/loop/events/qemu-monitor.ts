// Loop-thread side of QEMU monitor events (libvirt-qemu's virConnectDomainQemuMonitorEventRegister): keyed by
// event name (with its regex/nocase flags) instead of an event ID. Subscriptions to the same (connection,
// domain, event filter, flags) share one libvirt registration, as object events do (registry.ts).
import koffi from 'koffi';
import { loadLibvirt } from '../../library.js';
import { callbackTypes } from '../../marshal/callbacks.js';
import { int64, str } from './decode.js';
import type { DeregisterPlan, RegisterPlan } from './registry.js';
import type { QemuMonitorFilter, QemuMonitorPayload } from './types.js';

export const QEMU_MONITOR_REGISTER = 'virConnectDomainQemuMonitorEventRegister';
export const QEMU_MONITOR_DEREGISTER = 'virConnectDomainQemuMonitorEventDeregister';

export interface QemuMonitorRegistry {
  /** As ObjectEventRegistry.prepare: the plan to register, or null when the registration is shared. */
  prepare(
    connection: bigint,
    object: bigint | null,
    filter: QemuMonitorFilter,
    id: number,
  ): RegisterPlan | null;
  commit(id: number, callbackId: number): void;
  end(id: number): DeregisterPlan | null;
}

interface Shared {
  key: string;
  callbackId: number;
  subscribers: Set<number>;
}

export function createQemuMonitorRegistry(
  deliver: (id: number, payload: QemuMonitorPayload) => void,
): QemuMonitorRegistry {
  const lib = loadLibvirt().library('libvirt');
  const getName = lib.func('const char *virDomainGetName(void *dom)') as (dom: bigint) => string | null;
  const getUuid = lib.func('int virDomainGetUUIDString(void *dom, _Out_ uint8_t *buf)') as (
    dom: bigint,
    buf: Uint8Array,
  ) => number;
  const uuidBuf = new Uint8Array(37);
  const uuidOf = (dom: bigint): string | null =>
    getUuid(dom, uuidBuf) === 0 ? Buffer.from(uuidBuf.subarray(0, 36)).toString('latin1') : null;

  const registrations = new Map<number, Shared>();
  const byKey = new Map<string, Shared>();
  const bySubscriber = new Map<number, Shared>();
  let nextRegistration = 1;

  const handler = (
    _conn: bigint,
    dom: bigint,
    event: unknown,
    seconds: unknown,
    micros: number,
    details: unknown,
    opaque: bigint | null,
  ) => {
    const shared = registrations.get(Number(opaque ?? 0n));
    if (!shared) return;
    const payload: QemuMonitorPayload = {
      domainName: getName(dom) ?? '',
      domainUuid: uuidOf(dom) ?? '',
      event: str(event) ?? '',
      seconds: int64(seconds),
      micros,
      details: str(details),
    };
    for (const id of shared.subscribers) deliver(id, payload);
  };
  const type = koffi.pointer(callbackTypes().get('virConnectDomainQemuMonitorEventCallback')!);
  // Two trampolines: libvirt refuses a second unfiltered registration of one callback for the same domain
  // ("event callback already tracked") and counts a filtered one of the same callback as that duplicate, while
  // filtered registrations (an event name given) are never checked. Unfiltered ones are shared by key below.
  const filtered = koffi.address(koffi.register(handler, type)) as bigint;
  const unfiltered = koffi.address(koffi.register(handler, type)) as bigint;

  const drop = (shared: Shared) => {
    byKey.delete(shared.key);
    for (const [number, s] of registrations) if (s === shared) registrations.delete(number);
  };

  return {
    prepare(connection, object, filter, id) {
      const who = object === null ? '*' : (uuidOf(object) ?? '?');
      const key = `${connection}|${who}|${filter.flags}|${filter.event === null ? '*' : `=${filter.event}`}`;
      let shared = byKey.get(key);
      let plan: RegisterPlan | null = null;
      if (!shared) {
        const number = nextRegistration++;
        shared = { key, callbackId: -1, subscribers: new Set() };
        registrations.set(number, shared);
        byKey.set(key, shared);
        plan = {
          fn: QEMU_MONITOR_REGISTER,
          object,
          eventId: 0,
          callback: filter.event === null ? unfiltered : filtered,
          opaque: number,
          qemuMonitor: filter,
        };
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
      for (const subscriber of shared.subscribers) bySubscriber.delete(subscriber);
      drop(shared);
    },
    end(id) {
      const shared = bySubscriber.get(id);
      bySubscriber.delete(id);
      if (!shared) return null;
      shared.subscribers.delete(id);
      if (shared.subscribers.size > 0) return null;
      drop(shared);
      if (shared.callbackId < 0) return null;
      return { fn: QEMU_MONITOR_DEREGISTER, callbackId: shared.callbackId };
    },
  };
}
