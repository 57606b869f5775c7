/** Small statistics helpers shared by the benchmark sections. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Times `body` `samples` times in batches of `batch` runs; returns the median ns of one run. */
export async function medianNs(samples: number, batch: number, body: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) await body();
    times.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return median(times);
}

/** Same as medianNs for synchronous bodies (no await between runs). */
export function medianNsSync(samples: number, batch: number, body: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) body();
    times.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return median(times);
}
