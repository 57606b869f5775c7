// The event table: for each object family, its registration functions and its event IDs.
import { DOMAIN_EVENTS } from './domain.js';
import { NETWORK_EVENTS, NODE_DEVICE_EVENTS, SECRET_EVENTS, STORAGE_POOL_EVENTS } from './others.js';
import type { EventFamily, EventSpec } from './types.js';

export interface FamilySpec {
  /** `virConnect<X>EventRegisterAny(conn, obj, eventID, cb, opaque, freecb)` */
  register: string;
  /** `virConnect<X>EventDeregisterAny(conn, callbackID)` */
  deregister: string;
  events: Readonly<Record<number, EventSpec>>;
}

export const EVENT_FAMILIES: Readonly<Record<EventFamily, FamilySpec>> = {
  domain: {
    register: 'virConnectDomainEventRegisterAny',
    deregister: 'virConnectDomainEventDeregisterAny',
    events: DOMAIN_EVENTS,
  },
  network: {
    register: 'virConnectNetworkEventRegisterAny',
    deregister: 'virConnectNetworkEventDeregisterAny',
    events: NETWORK_EVENTS,
  },
  storagePool: {
    register: 'virConnectStoragePoolEventRegisterAny',
    deregister: 'virConnectStoragePoolEventDeregisterAny',
    events: STORAGE_POOL_EVENTS,
  },
  nodeDevice: {
    register: 'virConnectNodeDeviceEventRegisterAny',
    deregister: 'virConnectNodeDeviceEventDeregisterAny',
    events: NODE_DEVICE_EVENTS,
  },
  secret: {
    register: 'virConnectSecretEventRegisterAny',
    deregister: 'virConnectSecretEventDeregisterAny',
    events: SECRET_EVENTS,
  },
};

/** The spec of one event, or undefined for an ID this table does not know. */
export function eventSpec(family: EventFamily, eventId: number): EventSpec | undefined {
  return EVENT_FAMILIES[family]?.events[eventId];
}
