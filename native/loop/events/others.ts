// Network, storage pool, node device and secret event IDs: a lifecycle event each, plus a generic one.
import { none } from './decode.js';
import type { EventFields, EventSpec } from './types.js';

function lifecycle(args: readonly unknown[]): EventFields {
  return { event: args[0] as number, detail: args[1] as number };
}

/** Indexed by VIR_NETWORK_EVENT_ID_* value. */
export const NETWORK_EVENTS: Readonly<Record<number, EventSpec>> = {
  0: {
    constant: 'VIR_NETWORK_EVENT_ID_LIFECYCLE',
    callback: 'virConnectNetworkEventLifecycleCallback',
    decode: lifecycle,
  },
};

/** Indexed by VIR_STORAGE_POOL_EVENT_ID_* value. */
export const STORAGE_POOL_EVENTS: Readonly<Record<number, EventSpec>> = {
  0: {
    constant: 'VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE',
    callback: 'virConnectStoragePoolEventLifecycleCallback',
    decode: lifecycle,
  },
  1: {
    constant: 'VIR_STORAGE_POOL_EVENT_ID_REFRESH',
    callback: 'virConnectStoragePoolEventGenericCallback',
    decode: none,
  },
};

/** Indexed by VIR_NODE_DEVICE_EVENT_ID_* value. */
export const NODE_DEVICE_EVENTS: Readonly<Record<number, EventSpec>> = {
  0: {
    constant: 'VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE',
    callback: 'virConnectNodeDeviceEventLifecycleCallback',
    decode: lifecycle,
  },
  1: {
    constant: 'VIR_NODE_DEVICE_EVENT_ID_UPDATE',
    callback: 'virConnectNodeDeviceEventGenericCallback',
    decode: none,
  },
};

/** Indexed by VIR_SECRET_EVENT_ID_* value. */
export const SECRET_EVENTS: Readonly<Record<number, EventSpec>> = {
  0: {
    constant: 'VIR_SECRET_EVENT_ID_LIFECYCLE',
    callback: 'virConnectSecretEventLifecycleCallback',
    decode: lifecycle,
  },
  1: {
    constant: 'VIR_SECRET_EVENT_ID_VALUE_CHANGED',
    callback: 'virConnectSecretEventGenericCallback',
    decode: none,
  },
};
