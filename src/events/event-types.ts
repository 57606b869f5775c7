/**
 * The typed events: each public name (`'domain.lifecycle'`, `'pool.refresh'`, …) with the libvirt event it
 * registers and how the loop thread's plain payload becomes its typed form. Enum values become names derived
 * from the generated tables (`BOOTED` → `'booted'`); a value newer than this SDK becomes `'unknown'`.
 */
import * as E from '../../native/generated/enums.js';
import type { TypedParams } from '../../native/generated/meta.js';
import type {
  EventFamily,
  EventFields,
  ObjectEventPayload,
  QemuMonitorPayload,
} from '../../native/loop/index.js';
import { type EnumName, enumNames } from '../core/enum-names.js';

/** Who a domain event is about: the domain's name and UUID when the event happened. */
export interface DomainRef {
  readonly name: string;
  readonly uuid: string;
}
export type NetworkRef = DomainRef;
export type StoragePoolRef = DomainRef;
export interface NodeDeviceRef {
  readonly name: string;
}
export interface SecretRef {
  readonly uuid: string;
  readonly usageType: EnumName<typeof E.SecretUsageType> | 'unknown';
  readonly usageId: string | null;
}

type Named<T extends Readonly<Record<string, number>>> = EnumName<T> | 'unknown';

function namer<T extends Readonly<Record<string, number>>>(table: T): (value: unknown) => Named<T> {
  const names = enumNames(table);
  return (value) => names.nameOf(value as number) ?? 'unknown';
}

/** A domain lifecycle event: `event` says what happened, `detail` why, typed per event. */
const LIFECYCLE_DETAILS = {
  defined: E.DomainEventDefinedDetailType,
  undefined: E.DomainEventUndefinedDetailType,
  started: E.DomainEventStartedDetailType,
  suspended: E.DomainEventSuspendedDetailType,
  resumed: E.DomainEventResumedDetailType,
  stopped: E.DomainEventStoppedDetailType,
  shutdown: E.DomainEventShutdownDetailType,
  pmsuspended: E.DomainEventPMSuspendedDetailType,
  crashed: E.DomainEventCrashedDetailType,
} as const satisfies Record<EnumName<typeof E.DomainEventType>, Readonly<Record<string, number>>>;

export type DomainLifecycleEventName = keyof typeof LIFECYCLE_DETAILS;

export type DomainLifecycleEvent = {
  [K in DomainLifecycleEventName]: {
    domain: DomainRef;
    event: K;
    detail: Named<(typeof LIFECYCLE_DETAILS)[K]>;
  };
}[DomainLifecycleEventName];

const lifecycleEvent = namer(E.DomainEventType);
const lifecycleDetail = Object.fromEntries(
  Object.entries(LIFECYCLE_DETAILS).map(([event, table]) => [event, namer(table)]),
) as Record<DomainLifecycleEventName, (value: unknown) => string>;

function domainLifecycle(domain: DomainRef, f: EventFields): DomainLifecycleEvent {
  const event = lifecycleEvent(f.event);
  // An event type newer than this SDK has no detail table either.
  if (event === 'unknown') return { domain, event: event as never, detail: 'unknown' as never };
  return { domain, event, detail: lifecycleDetail[event](f.detail) } as DomainLifecycleEvent;
}

export interface GraphicsAddress {
  family: Named<typeof E.DomainEventGraphicsAddressType>;
  node: string | null;
  service: string | null;
}

function graphicsAddress(value: unknown): GraphicsAddress | null {
  if (value === null || typeof value !== 'object') return null;
  const a = value as { family: number; node: string | null; service: string | null };
  return { family: namer(E.DomainEventGraphicsAddressType)(a.family), node: a.node, service: a.service };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => v as number;
const params = (v: unknown): TypedParams => (v ?? {}) as TypedParams;
const flagSet = (value: number, flag: number): boolean => (value & flag) !== 0;

/** One public event: the libvirt family and ID it registers, and its typed payload. */
interface EventDef<F extends EventFamily, P> {
  family: F;
  eventId: number;
  payload: (raw: ObjectEventPayload) => P;
}

function domainEvent<P>(
  eventId: number,
  build: (domain: DomainRef, f: EventFields) => P,
): EventDef<'domain', P> {
  return {
    family: 'domain',
    eventId,
    payload: (raw) => build({ name: raw.object.name ?? '', uuid: raw.object.uuid ?? '' }, raw.fields),
  };
}

/** A network's or a storage pool's name and UUID, as the event gives them. */
function nameAndUuid(raw: ObjectEventPayload): NetworkRef & StoragePoolRef {
  return { name: raw.object.name ?? '', uuid: raw.object.uuid ?? '' };
}

function secretRef(raw: ObjectEventPayload): SecretRef {
  return {
    uuid: raw.object.uuid ?? '',
    usageType: namer(E.SecretUsageType)(raw.object.usageType),
    usageId: raw.object.usageId ?? null,
  };
}

const blockJob = (domain: DomainRef, f: EventFields) => ({
  domain,
  disk: str(f.disk),
  type: namer(E.DomainBlockJobType)(f.type),
  status: namer(E.ConnectDomainEventBlockJobStatus)(f.status),
});

const D = E.DomainEventID;

/** Every public event name. Domain names follow libvirt's IDs (`VIR_DOMAIN_EVENT_ID_TRAY_CHANGE` → `tray-change`). */
export const EVENT_DEFS = {
  'domain.lifecycle': domainEvent(D.LIFECYCLE, domainLifecycle),
  'domain.reboot': domainEvent(D.REBOOT, (domain) => ({ domain })),
  'domain.rtc-change': domainEvent(D.RTC_CHANGE, (domain, f) => ({
    domain,
    utcOffsetSeconds: num(f.utcOffset),
  })),
  'domain.watchdog': domainEvent(D.WATCHDOG, (domain, f) => ({
    domain,
    action: namer(E.DomainEventWatchdogAction)(f.action),
  })),
  'domain.io-error': domainEvent(D.IO_ERROR, (domain, f) => ({
    domain,
    srcPath: str(f.srcPath),
    devAlias: str(f.devAlias),
    action: namer(E.DomainEventIOErrorAction)(f.action),
  })),
  'domain.graphics': domainEvent(D.GRAPHICS, (domain, f) => ({
    domain,
    phase: namer(E.DomainEventGraphicsPhase)(f.phase),
    local: graphicsAddress(f.local),
    remote: graphicsAddress(f.remote),
    authScheme: str(f.authScheme),
    subject: (f.subject ?? []) as { type: string | null; name: string | null }[],
  })),
  'domain.io-error-reason': domainEvent(D.IO_ERROR_REASON, (domain, f) => ({
    domain,
    srcPath: str(f.srcPath),
    devAlias: str(f.devAlias),
    action: namer(E.DomainEventIOErrorAction)(f.action),
    reason: str(f.reason),
  })),
  'domain.control-error': domainEvent(D.CONTROL_ERROR, (domain) => ({ domain })),
  'domain.block-job': domainEvent(D.BLOCK_JOB, blockJob),
  'domain.block-job-2': domainEvent(D.BLOCK_JOB_2, blockJob),
  'domain.disk-change': domainEvent(D.DISK_CHANGE, (domain, f) => ({
    domain,
    oldSrcPath: str(f.oldSrcPath),
    newSrcPath: str(f.newSrcPath),
    devAlias: str(f.devAlias),
    reason: namer(E.ConnectDomainEventDiskChangeReason)(f.reason),
  })),
  'domain.tray-change': domainEvent(D.TRAY_CHANGE, (domain, f) => ({
    domain,
    devAlias: str(f.devAlias),
    reason: namer(E.DomainEventTrayChangeReason)(f.reason),
  })),
  // libvirt passes `reason` as "unused, always 0" for the three PM events; kept as the raw number.
  'domain.pmwakeup': domainEvent(D.PMWAKEUP, (domain, f) => ({ domain, reason: num(f.reason) })),
  'domain.pmsuspend': domainEvent(D.PMSUSPEND, (domain, f) => ({ domain, reason: num(f.reason) })),
  'domain.balloon-change': domainEvent(D.BALLOON_CHANGE, (domain, f) => ({
    domain,
    actualKiB: num(f.actual),
  })),
  'domain.pmsuspend-disk': domainEvent(D.PMSUSPEND_DISK, (domain, f) => ({ domain, reason: num(f.reason) })),
  'domain.device-removed': domainEvent(D.DEVICE_REMOVED, (domain, f) => ({
    domain,
    devAlias: str(f.devAlias),
  })),
  'domain.tunable': domainEvent(D.TUNABLE, (domain, f) => ({ domain, params: params(f.params) })),
  'domain.agent-lifecycle': domainEvent(D.AGENT_LIFECYCLE, (domain, f) => ({
    domain,
    state: namer(E.ConnectDomainEventAgentLifecycleState)(f.state),
    reason: namer(E.ConnectDomainEventAgentLifecycleReason)(f.reason),
  })),
  'domain.device-added': domainEvent(D.DEVICE_ADDED, (domain, f) => ({ domain, devAlias: str(f.devAlias) })),
  'domain.migration-iteration': domainEvent(D.MIGRATION_ITERATION, (domain, f) => ({
    domain,
    iteration: num(f.iteration),
  })),
  'domain.job-completed': domainEvent(D.JOB_COMPLETED, (domain, f) => ({ domain, params: params(f.params) })),
  'domain.device-removal-failed': domainEvent(D.DEVICE_REMOVAL_FAILED, (domain, f) => ({
    domain,
    devAlias: str(f.devAlias),
  })),
  'domain.metadata-change': domainEvent(D.METADATA_CHANGE, (domain, f) => ({
    domain,
    type: namer(E.DomainMetadataType)(f.type),
    nsuri: str(f.nsuri),
  })),
  'domain.block-threshold': domainEvent(D.BLOCK_THRESHOLD, (domain, f) => ({
    domain,
    dev: str(f.dev),
    path: str(f.path),
    threshold: num(f.threshold),
    excess: num(f.excess),
  })),
  'domain.memory-failure': domainEvent(D.MEMORY_FAILURE, (domain, f) => ({
    domain,
    recipient: namer(E.DomainMemoryFailureRecipientType)(f.recipient),
    action: namer(E.DomainMemoryFailureActionType)(f.action),
    actionRequired: flagSet(num(f.flags), E.DomainMemoryFailureFlags.ACTION_REQUIRED),
    recursive: flagSet(num(f.flags), E.DomainMemoryFailureFlags.RECURSIVE),
  })),
  'domain.memory-device-size-change': domainEvent(D.MEMORY_DEVICE_SIZE_CHANGE, (domain, f) => ({
    domain,
    alias: str(f.alias),
    sizeKiB: num(f.size),
  })),
  'network.lifecycle': {
    family: 'network',
    eventId: E.NetworkEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      network: nameAndUuid(raw),
      event: namer(E.NetworkEventLifecycleType)(raw.fields.event),
      detail: num(raw.fields.detail),
    }),
  },
  'pool.lifecycle': {
    family: 'storagePool',
    eventId: E.StoragePoolEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      pool: nameAndUuid(raw),
      event: namer(E.StoragePoolEventLifecycleType)(raw.fields.event),
      detail: num(raw.fields.detail),
    }),
  },
  'pool.refresh': {
    family: 'storagePool',
    eventId: E.StoragePoolEventID.REFRESH,
    payload: (raw: ObjectEventPayload) => ({ pool: nameAndUuid(raw) }),
  },
  'nodedev.lifecycle': {
    family: 'nodeDevice',
    eventId: E.NodeDeviceEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      device: { name: raw.object.name ?? '' } as NodeDeviceRef,
      event: namer(E.NodeDeviceEventLifecycleType)(raw.fields.event),
      detail: num(raw.fields.detail),
    }),
  },
  'nodedev.update': {
    family: 'nodeDevice',
    eventId: E.NodeDeviceEventID.UPDATE,
    payload: (raw: ObjectEventPayload) => ({ device: { name: raw.object.name ?? '' } as NodeDeviceRef }),
  },
  'secret.lifecycle': {
    family: 'secret',
    eventId: E.SecretEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      secret: secretRef(raw),
      event: namer(E.SecretEventLifecycleType)(raw.fields.event),
      detail: num(raw.fields.detail),
    }),
  },
  'secret.value-changed': {
    family: 'secret',
    eventId: E.SecretEventID.VALUE_CHANGED,
    payload: (raw: ObjectEventPayload) => ({ secret: secretRef(raw) }),
  },
} as const satisfies Record<string, EventDef<EventFamily, unknown>>;

/** A libvirt object event's public name. */
export type ObjectEventName = keyof typeof EVENT_DEFS;

/** Domain events, the ones `dom.on(...)` accepts. */
export type DomainEventName = Extract<ObjectEventName, `domain.${string}`>;

/** Why a connection closed (`virConnectCloseReason`; 'client' also when `hv.close()` ran). */
export type CloseReason = EnumName<typeof E.ConnectCloseReason>;

export const closeReason = (value: number): CloseReason => namer(E.ConnectCloseReason)(value) as CloseReason;

/**
 * A QEMU monitor event (`'qemu.monitor'`, libvirt-qemu's virConnectDomainQemuMonitorEventRegister): QEMU's
 * own QMP event (`STOP`, `RESUME`, `BLOCK_JOB_READY`, …) as libvirt relays it.
 */
export interface QemuMonitorEvent {
  domain: DomainRef;
  /** QEMU's event name, e.g. `'STOP'`. */
  event: string;
  /** QEMU's timestamp: seconds since the epoch (-1 when QEMU gave none) and microseconds within the second. */
  seconds: number;
  micros: number;
  /** The event's `data`, parsed from JSON; undefined when QEMU sent none. */
  details: unknown;
}

/** The options `on`/`once`/`events` take for event `K`: `QemuMonitorEventOptions` for `'qemu.monitor'`, none for others. */
export type MonitorOptionsFor<K> = K extends 'qemu.monitor' ? QemuMonitorEventOptions : never;

/** Which QEMU monitor events a `'qemu.monitor'` subscription receives (libvirt filters them). */
export interface QemuMonitorEventOptions {
  /** Only this event (`'STOP'`); every event when left out. */
  event?: string;
  /** `event` is a POSIX extended regular expression (`VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX`). */
  regex?: boolean;
  /** `event` ignores case (`…_REGISTER_NOCASE`). */
  nocase?: boolean;
}

/** The loop thread's plain QEMU monitor event, typed (details parsed; JSON QEMU got wrong stays its text). */
export function qemuMonitorEvent(raw: QemuMonitorPayload): QemuMonitorEvent {
  let details: unknown;
  if (raw.details !== null) {
    try {
      details = JSON.parse(raw.details);
    } catch {
      details = raw.details;
    }
  }
  return {
    domain: { name: raw.domainName, uuid: raw.domainUuid },
    event: raw.event,
    seconds: raw.seconds,
    micros: raw.micros,
    details,
  };
}

/** Every event a Hypervisor emits, with its payload type. */
export type EventMap = {
  [K in ObjectEventName]: ReturnType<(typeof EVENT_DEFS)[K]['payload']>;
} & {
  /** The connection closed: the daemon went away (eof), stopped answering (keepalive), an error, or `close()`. */
  close: { reason: CloseReason };
  /** A reconnecting Hypervisor opened a new connection and re-registered every subscription. */
  reconnect: { attempt: number };
  /** A QEMU monitor event (QEMU driver only); filter with `QemuMonitorEventOptions`. */
  'qemu.monitor': QemuMonitorEvent;
};

export type EventName = keyof EventMap;

/** True for a name `hv.on` accepts; a bad name is a TypeError before anything reaches libvirt. */
export function isEventName(name: unknown): name is EventName {
  return (
    typeof name === 'string' &&
    (name === 'close' || name === 'reconnect' || name === 'qemu.monitor' || Object.hasOwn(EVENT_DEFS, name))
  );
}
