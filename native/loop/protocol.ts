import type { MessagePort } from 'node:worker_threads';
import type { ErrorData } from '../executor/protocol.js';
import type { DeregisterPlan, RegisterPlan } from './events/registry.js';
import type {
  EventFamily,
  ObjectEventPayload,
  QemuMonitorFilter,
  QemuMonitorPayload,
} from './events/types.js';
import type { StreamCommand, StreamMessage } from './streams/protocol.js';

/** The event kinds the loop can subscribe to, with what a subscriber receives. */
export interface EventPayloads {
  /** VIR_DOMAIN_EVENT_ID_LIFECYCLE: `event` is a virDomainEventType, `detail` its per-type reason. */
  'domain-lifecycle': { domainName: string; domainUuid: string; event: number; detail: number };
  /** virConnectRegisterCloseCallback: `reason` is a virConnectCloseReason (EOF, KEEPALIVE, ...). */
  'connection-close': { reason: number };
  /** Any domain/network/pool/node-device/secret event ID of `events/table.ts`, decoded on the loop thread. */
  'object-event': ObjectEventPayload;
  /** virConnectDomainQemuMonitorEventRegister (libvirt-qemu): one QEMU monitor event. */
  'qemu-monitor': QemuMonitorPayload;
}

/** Which QEMU monitor events to register (kind 'qemu-monitor'); `object` limits them to one domain's pointer. */
export interface QemuMonitorTarget extends QemuMonitorFilter {
  object: bigint | null;
}

/** Which object event to register (kind 'object-event'); `object` limits it to one object's pointer. */
export interface ObjectEventTarget {
  family: EventFamily;
  eventId: number;
  object: bigint | null;
}

export type EventKind = keyof EventPayloads;

/** Index in the shared control block: set to 1 to make the loop thread leave its loop. */
export const STOP = 0;
/** Index in the shared control block: main bumps it (and notifies) when it queued a command or stops. */
export const WAKE = 1;
export const CONTROL_BYTES = 8;

export interface LoopInit {
  control: SharedArrayBuffer;
  /** Commands from main, read synchronously between loop iterations. */
  port: MessagePort;
  eventImplFlag: SharedArrayBuffer;
}

export type Command =
  | {
      op: 'subscribe';
      id: number;
      kind: EventKind;
      connection: bigint;
      event?: ObjectEventTarget;
      qemuMonitor?: QemuMonitorTarget;
    }
  | { op: 'commit'; id: number; callbackId: number }
  | { op: 'unsubscribe'; id: number }
  | { op: 'count'; id: number }
  | StreamCommand;

/** Loop thread → main. */
export type LoopMessage =
  | { type: 'ready'; wakeFd: number }
  | { type: 'setup-failed'; name: string; message: string }
  | {
      type: 'reply';
      id: number;
      ok: true;
      value: number;
      /** subscribe: the registration an executor worker must make (none when one is shared). */
      register?: RegisterPlan;
      /** unsubscribe: the registration an executor worker must end (none while others share it). */
      deregister?: DeregisterPlan;
    }
  | { type: 'reply'; id: number; ok: false; error: ErrorData | { name: string; message: string } }
  | { type: 'event'; subscription: number; payload: EventPayloads[EventKind] }
  | StreamMessage;
