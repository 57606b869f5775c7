import { executor } from '../executor/index.js';
import { eventImplFlag } from '../executor/pool.js';
import type { Handle } from '../handles.js';
import { EventLoop } from './loop.js';

export { EVENT_FAMILIES, eventSpec } from './events/table.js';
export type { EventFamily, EventFields, ObjectEventPayload, QemuMonitorPayload } from './events/types.js';
export type { ObjectEventRequest, QemuMonitorRequest, SubscribeOptions, Unsubscribe } from './loop.js';
export type { EventKind, EventPayloads } from './protocol.js';

/** The process-wide event-loop thread, started by the first daemon connection, subscription or keepalive. */
export const loop = new EventLoop(eventImplFlag);

// Answers libvirtd's keepalive pings for every daemon connection, raw ones included (executor.ts).
if (!process.env.LVTS_NO_LOOP) executor.onDaemonConnection(() => void loop.start().catch(() => {}));

/**
 * `virConnectSetKeepAlive` needs a running event loop to send pings and notice a dead peer, so start it
 * first. `interval` seconds between pings; the connection closes after `count` unanswered ones.
 */
export async function setKeepAlive(connection: Handle, interval: number, count: number): Promise<void> {
  await loop.start();
  await executor.call('virConnectSetKeepAlive', [connection, interval, count]);
}
