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
  /** The domain's name. */
  readonly name: string;
  /** The domain's UUID. */
  readonly uuid: string;
}
/** Who a network event is about: the network's name and UUID. */
export type NetworkRef = DomainRef;
/** Who a storage pool event is about: the pool's name and UUID. */
export type StoragePoolRef = DomainRef;
/** Who a node device event is about. */
export interface NodeDeviceRef {
  /** The device's name (`pci_0000_00_1f_2`). */
  readonly name: string;
}
/** Who a secret event is about. */
export interface SecretRef {
  /** The secret's UUID. */
  readonly uuid: string;
  /** What the secret is for: `'volume'`, `'ceph'`, `'iscsi'`, `'tls'`, `'vtpm'` (`virSecretUsageType`). */
  readonly usageType: EnumName<typeof E.SecretUsageType> | 'unknown';
  /** The usage's identifier (a volume path, a Ceph user, …), or null. */
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

/** What a lifecycle event says happened: `'started'`, `'stopped'`, `'suspended'`, … (`virDomainEventType`). */
export type DomainLifecycleEventName = keyof typeof LIFECYCLE_DETAILS;

/**
 * The payload of `'domain.lifecycle'` (`VIR_DOMAIN_EVENT_ID_LIFECYCLE`): what happened, and why, with the
 * detail typed per event (`{ event: 'stopped', detail: 'shutdown' }`).
 */
export type DomainLifecycleEvent = {
  [K in DomainLifecycleEventName]: {
    /** The domain the event is about. */
    domain: DomainRef;
    /** What happened. */
    event: K;
    /** Why, by name: the event's `virDomainEvent…DetailType` (`'booted'`, `'shutdown'`, `'migrated'`, …). */
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

/** One end of a graphics connection, in a `'domain.graphics'` event. */
export interface GraphicsAddress {
  /** `'ipv4'`, `'ipv6'` or `'unix'` (`virDomainEventGraphicsAddressType`). */
  family: Named<typeof E.DomainEventGraphicsAddressType>;
  /** The address (or the socket path for `'unix'`). */
  node: string | null;
  /** The port (for `'unix'`, null). */
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
  /** The domain the event is about. */
  domain,
  /** The disk: its source path for `domain.block-job`, its target (`vda`) for `domain.block-job-2`. */
  disk: str(f.disk),
  /**
   * The job's kind: `'pull'`, `'copy'`, `'commit'`, `'active-commit'`, `'backup'` (`virDomainBlockJobType`).
   */
  type: namer(E.DomainBlockJobType)(f.type),
  /** `'completed'`, `'failed'`, `'canceled'` or `'ready'` (`virConnectDomainEventBlockJobStatus`). */
  status: namer(E.ConnectDomainEventBlockJobStatus)(f.status),
});

const D = E.DomainEventID;

/**
 * Every public event name. Domain names follow libvirt's IDs (`VIR_DOMAIN_EVENT_ID_TRAY_CHANGE` →
 * `tray-change`).
 */
export const EVENT_DEFS = {
  'domain.lifecycle': domainEvent(D.LIFECYCLE, domainLifecycle),
  'domain.reboot': domainEvent(D.REBOOT, (domain) => ({
    /** The domain the event is about. */
    domain,
  })),
  'domain.rtc-change': domainEvent(D.RTC_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The guest's new RTC offset from UTC, in seconds. */
    utcOffsetSeconds: num(f.utcOffset),
  })),
  'domain.watchdog': domainEvent(D.WATCHDOG, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /**
     * What the watchdog device did: `'none'`, `'pause'`, `'reset'`, `'poweroff'`, `'shutdown'`, `'debug'` or
     * `'injectnmi'` (`virDomainEventWatchdogAction`).
     */
    action: namer(E.DomainEventWatchdogAction)(f.action),
  })),
  'domain.io-error': domainEvent(D.IO_ERROR, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The host path of the disk's source, when it has one. */
    srcPath: str(f.srcPath),
    /** The disk's device alias. */
    devAlias: str(f.devAlias),
    /** What the hypervisor did: `'none'`, `'pause'` or `'report'` (`virDomainEventIOErrorAction`). */
    action: namer(E.DomainEventIOErrorAction)(f.action),
  })),
  'domain.graphics': domainEvent(D.GRAPHICS, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** `'connect'`, `'initialize'` (authenticated) or `'disconnect'` (`virDomainEventGraphicsPhase`). */
    phase: namer(E.DomainEventGraphicsPhase)(f.phase),
    /** The server's address. */
    local: graphicsAddress(f.local),
    /** The client's address. */
    remote: graphicsAddress(f.remote),
    /** How the client authenticated (`'vnc'`, `'sasl'`, `'none'`, …). */
    authScheme: str(f.authScheme),
    /** The client's identities (an x509 distinguished name, a SASL user name, …), each with its type. */
    subject: (f.subject ?? []) as { type: string | null; name: string | null }[],
  })),
  'domain.io-error-reason': domainEvent(D.IO_ERROR_REASON, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The host path of the disk's source, when it has one. */
    srcPath: str(f.srcPath),
    /** The disk's device alias. */
    devAlias: str(f.devAlias),
    /** What the hypervisor did: `'none'`, `'pause'` or `'report'` (`virDomainEventIOErrorAction`). */
    action: namer(E.DomainEventIOErrorAction)(f.action),
    /** The error's cause as the hypervisor names it (`'enospc'`, …). */
    reason: str(f.reason),
  })),
  'domain.control-error': domainEvent(D.CONTROL_ERROR, (domain) => ({
    /** The domain the event is about. */
    domain,
  })),
  'domain.block-job': domainEvent(D.BLOCK_JOB, blockJob),
  'domain.block-job-2': domainEvent(D.BLOCK_JOB_2, blockJob),
  'domain.disk-change': domainEvent(D.DISK_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The source the disk had, or null. */
    oldSrcPath: str(f.oldSrcPath),
    /** The source it has now, or null (dropped). */
    newSrcPath: str(f.newSrcPath),
    /** The disk's device alias. */
    devAlias: str(f.devAlias),
    /**
     * Why: `'change-missing-on-start'` or `'drop-missing-on-start'` (`virConnectDomainEventDiskChangeReason`).
     */
    reason: namer(E.ConnectDomainEventDiskChangeReason)(f.reason),
  })),
  'domain.tray-change': domainEvent(D.TRAY_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The removable disk's device alias. */
    devAlias: str(f.devAlias),
    /** `'open'` or `'close'` (`virDomainEventTrayChangeReason`). */
    reason: namer(E.DomainEventTrayChangeReason)(f.reason),
  })),
  // libvirt passes `reason` as "unused, always 0" for the three PM events; kept as the raw number.
  'domain.pmwakeup': domainEvent(D.PMWAKEUP, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** Unused by libvirt: always 0. */
    reason: num(f.reason),
  })),
  'domain.pmsuspend': domainEvent(D.PMSUSPEND, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** Unused by libvirt: always 0. */
    reason: num(f.reason),
  })),
  'domain.balloon-change': domainEvent(D.BALLOON_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The memory the guest has now, in KiB. */
    actualKiB: num(f.actual),
  })),
  'domain.pmsuspend-disk': domainEvent(D.PMSUSPEND_DISK, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** Unused by libvirt: always 0. */
    reason: num(f.reason),
  })),
  'domain.device-removed': domainEvent(D.DEVICE_REMOVED, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The removed device's alias. */
    devAlias: str(f.devAlias),
  })),
  'domain.tunable': domainEvent(D.TUNABLE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The tunables that changed, as typed parameters (`cputune.*`, `blkdeviotune.*`, …). */
    params: params(f.params),
  })),
  'domain.agent-lifecycle': domainEvent(D.AGENT_LIFECYCLE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** `'connected'` or `'disconnected'` (`virConnectDomainEventAgentLifecycleState`). */
    state: namer(E.ConnectDomainEventAgentLifecycleState)(f.state),
    /** Why: `'unknown'`, `'domain-started'` or `'channel'` (`virConnectDomainEventAgentLifecycleReason`). */
    reason: namer(E.ConnectDomainEventAgentLifecycleReason)(f.reason),
  })),
  'domain.device-added': domainEvent(D.DEVICE_ADDED, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The added device's alias. */
    devAlias: str(f.devAlias),
  })),
  'domain.migration-iteration': domainEvent(D.MIGRATION_ITERATION, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The number of the pre-copy pass over guest memory that just started. */
    iteration: num(f.iteration),
  })),
  'domain.job-completed': domainEvent(D.JOB_COMPLETED, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The finished job's statistics, as typed parameters (the fields of `virDomainGetJobStats`). */
    params: params(f.params),
  })),
  'domain.device-removal-failed': domainEvent(D.DEVICE_REMOVAL_FAILED, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The alias of the device that was not removed. */
    devAlias: str(f.devAlias),
  })),
  'domain.metadata-change': domainEvent(D.METADATA_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** Which metadata changed: `'description'`, `'title'` or `'element'` (`virDomainMetadataType`). */
    type: namer(E.DomainMetadataType)(f.type),
    /** For `'element'`: the namespace URI of the element; null otherwise. */
    nsuri: str(f.nsuri),
  })),
  'domain.block-threshold': domainEvent(D.BLOCK_THRESHOLD, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The disk's target, with the image's index for a backing image (`vda[1]`). */
    dev: str(f.dev),
    /** The image's source path, when it has one. */
    path: str(f.path),
    /** The threshold that was crossed, in bytes. */
    threshold: num(f.threshold),
    /** How far past the threshold the write went, in bytes. */
    excess: num(f.excess),
  })),
  'domain.memory-failure': domainEvent(D.MEMORY_FAILURE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** Who got the memory error: `'hypervisor'` or `'guest'` (`virDomainMemoryFailureRecipientType`). */
    recipient: namer(E.DomainMemoryFailureRecipientType)(f.recipient),
    /** What was done: `'ignore'`, `'inject'`, `'fatal'` or `'reset'` (`virDomainMemoryFailureActionType`). */
    action: namer(E.DomainMemoryFailureActionType)(f.action),
    /** `VIR_DOMAIN_MEMORY_FAILURE_ACTION_REQUIRED`: the error needs action now (not a recoverable one). */
    actionRequired: flagSet(num(f.flags), E.DomainMemoryFailureFlags.ACTION_REQUIRED),
    /** `VIR_DOMAIN_MEMORY_FAILURE_RECURSIVE`: a second error happened while the first was being handled. */
    recursive: flagSet(num(f.flags), E.DomainMemoryFailureFlags.RECURSIVE),
  })),
  'domain.memory-device-size-change': domainEvent(D.MEMORY_DEVICE_SIZE_CHANGE, (domain, f) => ({
    /** The domain the event is about. */
    domain,
    /** The memory device's alias. */
    alias: str(f.alias),
    /** Its new size, in KiB. */
    sizeKiB: num(f.size),
  })),
  'network.lifecycle': {
    family: 'network',
    eventId: E.NetworkEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      /** The network the event is about. */
      network: nameAndUuid(raw),
      /** `'defined'`, `'undefined'`, `'started'` or `'stopped'` (`virNetworkEventLifecycleType`). */
      event: namer(E.NetworkEventLifecycleType)(raw.fields.event),
      /**
       * The event's detail number, as libvirt passed it (libvirt defines no detail values for this event yet).
       */
      detail: num(raw.fields.detail),
    }),
  },
  'pool.lifecycle': {
    family: 'storagePool',
    eventId: E.StoragePoolEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      /** The storage pool the event is about. */
      pool: nameAndUuid(raw),
      /**
       * `'defined'`, `'undefined'`, `'started'`, `'stopped'`, `'created'` or `'deleted'`
       * (`virStoragePoolEventLifecycleType`).
       */
      event: namer(E.StoragePoolEventLifecycleType)(raw.fields.event),
      /**
       * The event's detail number, as libvirt passed it (libvirt defines no detail values for this event yet).
       */
      detail: num(raw.fields.detail),
    }),
  },
  'pool.refresh': {
    family: 'storagePool',
    eventId: E.StoragePoolEventID.REFRESH,
    payload: (raw: ObjectEventPayload) => ({
      /** The storage pool that was refreshed. */
      pool: nameAndUuid(raw),
    }),
  },
  'nodedev.lifecycle': {
    family: 'nodeDevice',
    eventId: E.NodeDeviceEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      /** The node device the event is about. */
      device: { name: raw.object.name ?? '' } as NodeDeviceRef,
      /** `'created'`, `'deleted'`, `'defined'` or `'undefined'` (`virNodeDeviceEventLifecycleType`). */
      event: namer(E.NodeDeviceEventLifecycleType)(raw.fields.event),
      /**
       * The event's detail number, as libvirt passed it (libvirt defines no detail values for this event yet).
       */
      detail: num(raw.fields.detail),
    }),
  },
  'nodedev.update': {
    family: 'nodeDevice',
    eventId: E.NodeDeviceEventID.UPDATE,
    payload: (raw: ObjectEventPayload) => ({
      /** The node device that changed. */
      device: { name: raw.object.name ?? '' } as NodeDeviceRef,
    }),
  },
  'secret.lifecycle': {
    family: 'secret',
    eventId: E.SecretEventID.LIFECYCLE,
    payload: (raw: ObjectEventPayload) => ({
      /** The secret the event is about. */
      secret: secretRef(raw),
      /** `'defined'` or `'undefined'` (`virSecretEventLifecycleType`). */
      event: namer(E.SecretEventLifecycleType)(raw.fields.event),
      /**
       * The event's detail number, as libvirt passed it (libvirt defines no detail values for this event yet).
       */
      detail: num(raw.fields.detail),
    }),
  },
  'secret.value-changed': {
    family: 'secret',
    eventId: E.SecretEventID.VALUE_CHANGED,
    payload: (raw: ObjectEventPayload) => ({
      /** The secret whose value changed. */
      secret: secretRef(raw),
    }),
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
  /** The domain the event is about. */
  domain: DomainRef;
  /** QEMU's event name, e.g. `'STOP'`. */
  event: string;
  /** QEMU's timestamp: seconds since the epoch (-1 when QEMU gave none) and microseconds within the second. */
  seconds: number;
  /** Microseconds within `seconds`. */
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

/**
 * Every event a Hypervisor emits, with its payload type. Each payload field has a doc comment, which an editor
 * shows on hover (`e.srcPath`, `e.detail`, …).
 */
export type EventMap = {
  [K in ObjectEventName]: ReturnType<(typeof EVENT_DEFS)[K]['payload']>;
} & {
  /**
   * The connection closed: the daemon went away (eof), stopped answering (keepalive), an error, or `close()`.
   */
  close: {
    /** Why: `'eof'`, `'keepalive'`, `'error'` or `'client'` (`virConnectCloseReason`). */
    reason: CloseReason;
  };
  /** A reconnecting Hypervisor opened a new connection and re-registered every subscription. */
  reconnect: {
    /** Which attempt succeeded, from 1. */
    attempt: number;
  };
  /** A QEMU monitor event (QEMU driver only); filter with `QemuMonitorEventOptions`. */
  'qemu.monitor': QemuMonitorEvent;
};

/** Every event name `hv.on` accepts: the object events and `'close'`, `'reconnect'`. */
export type EventName = keyof EventMap;

/** True for a name `hv.on` accepts; a bad name is a TypeError before anything reaches libvirt. */
export function isEventName(name: unknown): name is EventName {
  return (
    typeof name === 'string' &&
    (name === 'close' || name === 'reconnect' || name === 'qemu.monitor' || Object.hasOwn(EVENT_DEFS, name))
  );
}
