// What a user's code pays: hv.domains.get(name) + domain.info() + free, sequentially, through the object API;
// and the raw synchronous binding (no thread hop) for the call rate of koffi itself.

import { Hypervisor } from '../src/index.js';
import { openRawBinding } from '../src/raw.js';
import { medianNs, medianNsSync } from './stats.js';

export interface ApiTimings {
  /** Median ns of hv.domains.get + info() + free(), awaited one after another. */
  lookupInfoFreeNs: number;
}

export async function measureApiCalls(uri: string, domain: string, iterations: number): Promise<ApiTimings> {
  await using hv = await Hypervisor.connect(uri);
  const cycle = async () => {
    const dom = await hv.domains.get(domain);
    await dom.info();
    await dom.free();
  };
  for (let i = 0; i < Math.min(iterations, 500); i++) await cycle();
  return { lookupInfoFreeNs: await medianNs(iterations, 1, cycle) };
}

export interface RawTimings {
  /** Median ns of one virConnectIsAlive through koffi on the calling thread. */
  isAliveNs: number;
  /** Median ns of lookup + getInfo + free through the binding's invoke (marshalling included). */
  lookupInfoFreeNs: number;
}

/** The raw binding, called synchronously on this thread: the bench may block its own main thread. */
export function measureRawCalls(uri: string, domain: string, iterations: number): RawTimings {
  const raw = openRawBinding();
  const conn = raw.invoke('virConnectOpen', [uri]) as bigint;
  try {
    const alive = () => raw.invoke('virConnectIsAlive', [conn]);
    const cycle = () => {
      const dom = raw.invoke('virDomainLookupByName', [conn, domain]) as bigint;
      raw.invoke('virDomainGetInfo', [dom]);
      raw.invoke('virDomainFree', [dom]);
    };
    medianNsSync(100, 16, alive);
    return {
      isAliveNs: medianNsSync(Math.max(iterations / 16, 1), 16, alive),
      lookupInfoFreeNs: medianNsSync(iterations, 1, cycle),
    };
  } finally {
    raw.invoke('virConnectClose', [conn]);
  }
}
