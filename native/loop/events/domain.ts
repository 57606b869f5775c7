// Every virDomainEventID: its callback signature and the decoding of that signature's arguments.
import type { TypedParams } from '../../generated/meta.js';
import { decodeTypedParams } from '../../marshal/typed-params.js';
import { int64, none, str } from './decode.js';
import { decodeGraphics } from './graphics.js';
import type { EventFields, EventSpec } from './types.js';

/** (params, nparams): libvirt frees the array after the callback, so it is decoded now. */
function params(args: readonly unknown[]): EventFields {
  const decoded: TypedParams = decodeTypedParams(args[0] as bigint, args[1] as number);
  // Typed-parameter values are plain data (numbers, bigints, strings, booleans, arrays of them).
  return { params: decoded as EventFields };
}

function devAlias(args: readonly unknown[]): EventFields {
  return { devAlias: str(args[0]) };
}

function reason(args: readonly unknown[]): EventFields {
  return { reason: args[0] as number };
}

function blockJob(args: readonly unknown[]): EventFields {
  return { disk: str(args[0]), type: args[1] as number, status: args[2] as number };
}

/** Indexed by VIR_DOMAIN_EVENT_ID_* value. */
export const DOMAIN_EVENTS: Readonly<Record<number, EventSpec>> = {
  0: {
    constant: 'VIR_DOMAIN_EVENT_ID_LIFECYCLE',
    callback: 'virConnectDomainEventCallback',
    decode: (a) => ({ event: a[0] as number, detail: a[1] as number }),
  },
  1: {
    constant: 'VIR_DOMAIN_EVENT_ID_REBOOT',
    callback: 'virConnectDomainEventGenericCallback',
    decode: none,
  },
  2: {
    constant: 'VIR_DOMAIN_EVENT_ID_RTC_CHANGE',
    callback: 'virConnectDomainEventRTCChangeCallback',
    decode: (a) => ({ utcOffset: int64(a[0]) }),
  },
  3: {
    constant: 'VIR_DOMAIN_EVENT_ID_WATCHDOG',
    callback: 'virConnectDomainEventWatchdogCallback',
    decode: (a) => ({ action: a[0] as number }),
  },
  4: {
    constant: 'VIR_DOMAIN_EVENT_ID_IO_ERROR',
    callback: 'virConnectDomainEventIOErrorCallback',
    decode: (a) => ({ srcPath: str(a[0]), devAlias: str(a[1]), action: a[2] as number }),
  },
  5: {
    constant: 'VIR_DOMAIN_EVENT_ID_GRAPHICS',
    callback: 'virConnectDomainEventGraphicsCallback',
    decode: decodeGraphics,
  },
  6: {
    constant: 'VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON',
    callback: 'virConnectDomainEventIOErrorReasonCallback',
    decode: (a) => ({ srcPath: str(a[0]), devAlias: str(a[1]), action: a[2] as number, reason: str(a[3]) }),
  },
  7: {
    constant: 'VIR_DOMAIN_EVENT_ID_CONTROL_ERROR',
    callback: 'virConnectDomainEventGenericCallback',
    decode: none,
  },
  8: {
    constant: 'VIR_DOMAIN_EVENT_ID_BLOCK_JOB',
    callback: 'virConnectDomainEventBlockJobCallback',
    decode: blockJob,
  },
  9: {
    constant: 'VIR_DOMAIN_EVENT_ID_DISK_CHANGE',
    callback: 'virConnectDomainEventDiskChangeCallback',
    decode: (a) => ({
      oldSrcPath: str(a[0]),
      newSrcPath: str(a[1]),
      devAlias: str(a[2]),
      reason: a[3] as number,
    }),
  },
  10: {
    constant: 'VIR_DOMAIN_EVENT_ID_TRAY_CHANGE',
    callback: 'virConnectDomainEventTrayChangeCallback',
    decode: (a) => ({ devAlias: str(a[0]), reason: a[1] as number }),
  },
  11: {
    constant: 'VIR_DOMAIN_EVENT_ID_PMWAKEUP',
    callback: 'virConnectDomainEventPMWakeupCallback',
    decode: reason,
  },
  12: {
    constant: 'VIR_DOMAIN_EVENT_ID_PMSUSPEND',
    callback: 'virConnectDomainEventPMSuspendCallback',
    decode: reason,
  },
  13: {
    constant: 'VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE',
    callback: 'virConnectDomainEventBalloonChangeCallback',
    decode: (a) => ({ actual: int64(a[0]) }),
  },
  14: {
    constant: 'VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK',
    callback: 'virConnectDomainEventPMSuspendDiskCallback',
    decode: reason,
  },
  15: {
    constant: 'VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED',
    callback: 'virConnectDomainEventDeviceRemovedCallback',
    decode: devAlias,
  },
  16: {
    constant: 'VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2',
    callback: 'virConnectDomainEventBlockJobCallback',
    decode: blockJob,
  },
  17: {
    constant: 'VIR_DOMAIN_EVENT_ID_TUNABLE',
    callback: 'virConnectDomainEventTunableCallback',
    decode: params,
  },
  18: {
    constant: 'VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE',
    callback: 'virConnectDomainEventAgentLifecycleCallback',
    decode: (a) => ({ state: a[0] as number, reason: a[1] as number }),
  },
  19: {
    constant: 'VIR_DOMAIN_EVENT_ID_DEVICE_ADDED',
    callback: 'virConnectDomainEventDeviceAddedCallback',
    decode: devAlias,
  },
  20: {
    constant: 'VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION',
    callback: 'virConnectDomainEventMigrationIterationCallback',
    decode: (a) => ({ iteration: a[0] as number }),
  },
  21: {
    constant: 'VIR_DOMAIN_EVENT_ID_JOB_COMPLETED',
    callback: 'virConnectDomainEventJobCompletedCallback',
    decode: params,
  },
  22: {
    constant: 'VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED',
    callback: 'virConnectDomainEventDeviceRemovalFailedCallback',
    decode: devAlias,
  },
  23: {
    constant: 'VIR_DOMAIN_EVENT_ID_METADATA_CHANGE',
    callback: 'virConnectDomainEventMetadataChangeCallback',
    decode: (a) => ({ type: a[0] as number, nsuri: str(a[1]) }),
  },
  24: {
    constant: 'VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD',
    callback: 'virConnectDomainEventBlockThresholdCallback',
    decode: (a) => ({ dev: str(a[0]), path: str(a[1]), threshold: int64(a[2]), excess: int64(a[3]) }),
  },
  25: {
    constant: 'VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE',
    callback: 'virConnectDomainEventMemoryFailureCallback',
    decode: (a) => ({ recipient: a[0] as number, action: a[1] as number, flags: a[2] as number }),
  },
  26: {
    constant: 'VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE',
    callback: 'virConnectDomainEventMemoryDeviceSizeChangeCallback',
    decode: (a) => ({ alias: str(a[0]), size: int64(a[1]) }),
  },
};
