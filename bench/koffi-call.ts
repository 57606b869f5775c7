// The raw synchronous binding's call rate (koffi itself, no thread hop): virConnectIsAlive on this thread.
// The bench's main thread may block; a server's must not (see openRawBinding's warning).
import { openRawBinding } from 'libvirt-ts/raw';
import { medianNsSync } from './stats.js';

/** Median ns of one virConnectIsAlive through the binding's invoke (batches of 16). */
export function measureKoffiIsAlive(uri: string, iterations: number): number {
  const raw = openRawBinding();
  const conn = raw.invoke('virConnectOpen', [uri]) as bigint;
  try {
    const alive = () => raw.invoke('virConnectIsAlive', [conn]);
    medianNsSync(100, 16, alive);
    return medianNsSync(Math.max(iterations / 16, 1), 16, alive);
  } finally {
    raw.invoke('virConnectClose', [conn]);
  }
}
