// A process with open subscriptions, iterators and connections exits promptly after hv.close(), and also on
// process.exit() (child processes; "promptly" is judged by the child finishing at all, not by a time bound).
import { describe, expect, it } from 'vitest';
import { runChild } from './fixtures/run-child.js';

describe('process exit with open subscriptions', () => {
  it('runs out of work and exits after hv.close(), ending pending iterations', async () => {
    const result = await runChild('events-exit-child.ts', ['close'], [], 60_000);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('iterator ended');
    expect(result.stdout).toContain('closed');
  });

  it('exits on process.exit() with every subscription still open', async () => {
    const result = await runChild('events-exit-child.ts', ['exit'], [], 60_000);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('subscribed');
  });
});
