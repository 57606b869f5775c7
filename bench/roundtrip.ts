// The executor's cost: one unbatched round trip main → worker → main for a trivial libvirt call, and how
// much the main thread's event loop is delayed while 64 calls are in flight.
// Run alone: `npx tsx bench/roundtrip.ts [uri] [calls]`; `npm run bench` imports measureRoundTrip().

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { call, type Handle } from 'libvirt-ts/raw';

export interface RoundTripResult {
  uri: string;
  calls: number;
  /** unbatched: each call awaited before the next starts */
  medianUs: number;
  p99Us: number;
  /** 64 calls kept in flight */
  inFlight: number;
  inFlightCalls: number;
  /** throughput with `inFlight` calls outstanding, per call */
  inFlightPerCallUs: number;
  /** main-thread event-loop delay while those calls run */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function keepInFlight(conn: Handle, inFlight: number, total: number): Promise<void> {
  let started = 0;
  async function lane(): Promise<void> {
    while (started < total) {
      started++;
      await call('virConnectIsAlive', conn);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
}

export async function measureRoundTrip(
  uri = 'test:///default',
  calls = 20_000,
  inFlightCalls = Math.max(calls, 200_000),
): Promise<RoundTripResult> {
  const conn = await call('virConnectOpen', uri);
  try {
    // Warm up the worker, the JIT and the shared-memory path.
    for (let i = 0; i < 2000; i++) await call('virConnectIsAlive', conn);

    const times = new Float64Array(calls);
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      await call('virConnectIsAlive', conn);
      times[i] = performance.now() - start;
    }
    times.sort();

    const inFlight = 64;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    await keepInFlight(conn, inFlight, inFlightCalls);
    const elapsed = performance.now() - start;
    delay.disable();

    return {
      uri,
      calls,
      medianUs: percentile(times, 0.5) * 1000,
      p99Us: percentile(times, 0.99) * 1000,
      inFlight,
      inFlightCalls,
      inFlightPerCallUs: (elapsed * 1000) / inFlightCalls,
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: delay.max / 1e6,
    };
  } finally {
    await conn.free();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureRoundTrip(
    process.argv[2],
    process.argv[3] ? Number(process.argv[3]) : undefined,
  );
  const f = (n: number) => n.toFixed(1);
  console.log(`executor round trip on ${result.uri}, ${result.calls} unbatched virConnectIsAlive calls:`);
  console.log(`  median ${f(result.medianUs)} µs   p99 ${f(result.p99Us)} µs`);
  console.log(`${result.inFlight} calls in flight (${result.inFlightCalls} calls):`);
  console.log(`  ${f(result.inFlightPerCallUs)} µs per call`);
  console.log(
    `  event-loop delay p99 ${result.eventLoopDelayP99Ms.toFixed(2)} ms   max ${result.eventLoopDelayMaxMs.toFixed(2)} ms`,
  );
}
