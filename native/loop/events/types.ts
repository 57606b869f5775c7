import type { CallbackName } from '../../generated/callbacks.js';

/** The libvirt object kinds that have events, each with its own `virConnect*EventRegisterAny`. */
export type EventFamily = 'domain' | 'network' | 'storagePool' | 'nodeDevice' | 'secret';

/** A field value a decoder may produce: plain data that survives postMessage. */
export type EventField =
  | string
  | number
  | bigint
  | boolean
  | null
  | EventField[]
  | { [key: string]: EventField };

/** The callback's own arguments (between the object and `opaque`) decoded to named plain fields. */
export type EventFields = Record<string, EventField>;

/**
 * How one event ID reaches us: the libvirt callback signature it uses (one koffi trampoline per signature),
 * and how to decode that signature's arguments while libvirt's borrowed pointers are still valid.
 */
export interface EventSpec {
  /** The `VIR_*_EVENT_ID_*` constant's name, checked against the installed API XML by a test. */
  constant: string;
  callback: CallbackName;
  decode: (args: readonly unknown[]) => EventFields;
}

/** Who the event is about, read on the loop thread from the borrowed object pointer. */
export interface EventObjectIdentity {
  name: string | null;
  uuid: string | null;
  /** Secrets: the usage type (virSecretUsageType) and its usage ID. */
  usageType?: number;
  usageId?: string | null;
}

/** What the loop thread posts to main for an object event. */
export interface ObjectEventPayload {
  family: EventFamily;
  eventId: number;
  object: EventObjectIdentity;
  fields: EventFields;
}

/** Which monitor events: `event` null for all; `flags` a virConnectDomainQemuMonitorEventRegisterFlags mask. */
export interface QemuMonitorFilter {
  event: string | null;
  flags: number;
}

/** What the loop thread posts to main for one QEMU monitor event. */
export interface QemuMonitorPayload {
  domainName: string;
  domainUuid: string;
  event: string;
  /** QEMU's timestamp: seconds since the epoch (-1 when QEMU gave none) and microseconds within it. */
  seconds: number;
  micros: number;
  /** The event's `data` as JSON text, or null. */
  details: string | null;
}
