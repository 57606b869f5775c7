import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, LibvirtError } from '../../native/errors.js';
import { createExecutor, Executor } from '../../native/executor/executor.js';
import { Handle } from '../../native/handles.js';

const opsModule = pathToFileURL(new URL('./fixtures/fake-ops.ts', import.meta.url).pathname).href;
const executor = createExecutor({
  opsModule,
  returns: (fn) => {
    if (fn === 'newObject') return { kind: 'domain', free: 'virDomainFree', borrowed: false };
    if (fn === 'newConnection') return { kind: 'connect', free: 'virConnectClose', borrowed: false };
    return undefined;
  },
});

/** A fake connection whose calls run as a daemon connection's, `concurrency` at once. */
async function fakeConnection(address: number, concurrency: number): Promise<Handle> {
  const connection = (await executor.call('newConnection', [address])) as Handle;
  executor.configureConnection(connection, 'qemu:///system', concurrency);
  return connection;
}

/** The most intervals open at one instant. */
function maxOverlap(intervals: [number, number][]): number {
  const edges = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) {
    open += step!;
    most = Math.max(most, open);
  }
  return most;
}

afterAll(() => executor.close());

describe('executor pool (fake ops)', () => {
  it('attributes each of 400 concurrent failures to its own call', async () => {
    const calls = Array.from({ length: 400 }, (_, i) =>
      i % 2 === 0 ? executor.call('fail', [`missing-${i}`]) : executor.call('echo', [`ok-${i}`]),
    );
    const results = await Promise.allSettled(calls);
    results.forEach((result, i) => {
      if (i % 2 === 0) {
        expect(result.status).toBe('rejected');
        const err = (result as PromiseRejectedResult).reason as LibvirtError;
        expect(err).toBeInstanceOf(LibvirtError);
        expect(err.code).toBe(ErrorCode.NO_DOMAIN);
        expect(err.codeName).toBe('NO_DOMAIN');
        expect(err.message).toContain(`'missing-${i}'`);
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: `ok-${i}` });
      }
    });
  });

  it('carries payloads larger than the shared slot both ways', async () => {
    const big = 'z'.repeat(600_000);
    await expect(executor.call('echo', [big])).resolves.toBe(big);
  });

  it('runs calls on worker threads, never on this one', async () => {
    const { threadId } = await import('node:worker_threads');
    const workerThread = await executor.call('threadId');
    expect(typeof workerThread).toBe('number');
    expect(workerThread).not.toBe(threadId);
  });

  it('does not hold quick calls behind a slow one', async () => {
    // The slow call outlasts any plausible worker start-up on a loaded machine: with 400 ms it once finished
    // first, under a soak and a CI run at once, while the quick calls' worker was still starting.
    const order: string[] = [];
    const slow = executor.call('sleep', [3000], { lane: 'slow' }).then(() => order.push('slow'));
    const quick = Array.from({ length: 20 }, (_, i) =>
      executor.call('echo', [i]).then(() => order.push(`q${i}`)),
    );
    await Promise.all([slow, ...quick]);
    expect(order.at(-1)).toBe('slow');
  });

  it('grows the quick lane when a quick call turns slow', async () => {
    // The stuck call outlasts any plausible worker start-up on a loaded machine (a second worker has taken
    // over 400 ms to start here), so the order proves the growth without a timing race.
    const order: string[] = [];
    const stuck = executor.call('sleep', [3000]).then(() => order.push('stuck'));
    const next = executor.call('echo', ['next']).then(() => order.push('next'));
    await next;
    expect(order).toEqual(['next']);
    expect(executor.stats().workers).toBeGreaterThanOrEqual(2);
    await stuck;
    expect(order).toEqual(['next', 'stuck']);
  });

  it("runs a daemon connection's calls side by side, at most its concurrency at once", async () => {
    const connection = await fakeConnection(0x9000, 3);
    // Warm-up: the first burst starts the workers (a start can outlast a whole batch here).
    await Promise.all(Array.from({ length: 6 }, () => executor.call('sleepOn', [connection, 300])));
    const intervals = (await Promise.all(
      Array.from({ length: 12 }, () => executor.call('sleepOn', [connection, 60])),
    )) as [number, number][];
    // 12 calls of 60 ms: with 3 at once they overlap, and never more than 3.
    expect(maxOverlap(intervals)).toBe(3);
    await connection.free();
  });

  it('keeps a stuck connection from holding the calls of another', async () => {
    const stuck = await fakeConnection(0xa000, 2);
    const other = await fakeConnection(0xb000, 2);
    const order: string[] = [];
    const parked = Array.from({ length: 4 }, () =>
      executor.call('sleepOn', [stuck, 800]).then(() => order.push('stuck')),
    );
    // The stuck connection fills its 2 slots (and queues 2 more); the other connection still gets workers.
    await executor.call('sleepOn', [other, 1]);
    order.push('other');
    expect(order).toEqual(['other']);
    await Promise.all(parked);
    await Promise.all([stuck.free(), other.free()]);
  });

  it('rejects the call of a crashed worker with a LibvirtError and keeps serving', async () => {
    const before = executor.stats().crashes;
    const err = await executor.call('exit', [7]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.INTERNAL_ERROR);
    expect((err as LibvirtError).message).toMatch(/exit: the libvirt worker thread died.*code 7/);
    expect(executor.stats().crashes).toBe(before + 1);
    await expect(executor.call('echo', ['after'])).resolves.toBe('after');
  });

  it('passes JavaScript exceptions from the worker through with their type', async () => {
    await expect(executor.call('throwType')).rejects.toThrow(new TypeError('bad argument for throwType'));
  });

  it('wraps object results in handles and refuses a freed handle without a call', async () => {
    const handle = (await executor.call('newObject', [0x1000])) as Handle;
    expect(handle).toBeInstanceOf(Handle);
    expect(handle.kind).toBe('domain');
    await expect(executor.call('echo', [handle])).resolves.toBe(0x1000n);
    await handle.free();
    await handle.free();
    const err = await executor.call('echo', [handle]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.INVALID_DOMAIN);
    expect((err as LibvirtError).message).toBe('echo: the domain handle was already freed or closed');
  });

  it("puts the caller's line in the error stack", async () => {
    async function lookUpMissing(): Promise<unknown> {
      return await executor.call('fail', ['stacked']);
    }
    const err = (await lookUpMissing().catch((e: unknown) => e)) as Error;
    expect(err.stack).toContain('lookUpMissing');
    expect(err.stack).toContain('executor-pool.test.ts');
  });
});

describe('a connection found dead', () => {
  it('rejects its queued calls but still runs the releases queued for it', async () => {
    const connection = await fakeConnection(0x7e1ea5e, 1);
    // The only slot is busy; behind it wait a call and a release (a deregistration, say).
    const busy = executor.call('sleepOn', [connection, 300]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const queued = executor.call('sleepOn', [connection, 1]).catch((e: unknown) => e);
    const release = executor.call('echo', [connection, 'released'], { release: true });
    // A call finds the peer dead while both still wait (the worker's open check or the group's close refuses
    // the call, whichever comes first; the release goes through either way).
    const killed = executor.call('killConnection', [connection], { lane: 'slow' }).catch((e: unknown) => e);
    await busy;
    expect(await killed).toMatchObject({ connectionClosed: true });
    expect(await queued).toMatchObject({ connectionClosed: true });
    expect(await release).toBe(0x7e1ea5en);
    // Later ordinary calls are refused without reaching the worker.
    await expect(executor.call('sleepOn', [connection, 1])).rejects.toMatchObject({ connectionClosed: true });
  });
});

describe('a worker that cannot start', () => {
  it('rejects the waiting calls with an error saying so, instead of leaving them pending', async () => {
    const broken = new Executor({
      opsModule: pathToFileURL(new URL('./fixtures/exit-ops.ts', import.meta.url).pathname).href,
    });
    try {
      const err = await broken.call('echo', [1]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LibvirtError);
      expect((err as LibvirtError).message).toMatch(
        /echo: no libvirt worker thread could start \(it exited with code 3\); the call did not run/,
      );
    } finally {
      await broken.close();
    }
  });
});

describe('main-thread guard', () => {
  it('refuses to create the libvirt binding on the main thread', async () => {
    const { createBindingOps } = await import('../../native/executor/binding-ops.js');
    expect(() => createBindingOps()).toThrow(/must not be created on the main thread/);
  });
});
