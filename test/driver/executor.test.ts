import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, LibvirtError } from '../../native/errors.js';
import { executor } from '../../native/executor/index.js';
import type { Handle } from '../../native/handles.js';
import { expectExecutorLookupsAttributed } from '../helpers/attribution.js';
import { lastJson, runChild } from './fixtures/run-child.js';

let conn: Handle;

beforeAll(async () => {
  conn = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
});

afterAll(async () => {
  await conn.free();
});

describe('executor on test:///default', () => {
  it('attributes 200 concurrent NO_DOMAIN errors to their own names, interleaved with successes', async () => {
    await expectExecutorLookupsAttributed(conn, 'test');
  });

  it("gives a libvirt error a stack through the caller's line", async () => {
    const lookUp = (name: string) => executor.call('virDomainLookupByName', [conn, name]);
    async function findMissing(): Promise<unknown> {
      return await lookUp('stack-marker');
    }
    const err = (await findMissing().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(LibvirtError);
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    const callLine = source.findIndex((line) => line.includes("await lookUp('stack-marker')")) + 1;
    expect(err.stack).toContain(`executor.test.ts:${callLine}:`);
    expect(err.stack).toContain('findMissing');
  });

  it('rejects a call with a freed handle without entering C, and free() is idempotent', async () => {
    const dom = (await executor.call('virDomainLookupByName', [conn, 'test'])) as Handle;
    expect(await executor.call('virDomainGetName', [dom])).toBe('test');
    await dom.free();
    await dom.free();
    expect(dom.freed).toBe(true);
    const err = (await executor.call('virDomainGetName', [dom]).catch((e: unknown) => e)) as LibvirtError;
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.code).toBe(ErrorCode.INVALID_DOMAIN);
    expect(err.message).toBe('virDomainGetName: the domain handle was already freed or closed');
  });

  it('closing a connection frees its children first, so virConnectClose drops the last reference', async () => {
    const own = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
    const doms = await Promise.all(
      Array.from(
        { length: 5 },
        () => executor.call('virDomainLookupByName', [own, 'test']) as Promise<Handle>,
      ),
    );
    expect(await own.free()).toBe(0);
    expect(doms.every((d) => d.freed)).toBe(true);
  });

  it('does not hold quick calls behind a slow one (a connection open that waits on a silent server)', async () => {
    // A server that accepts and never answers: virConnectOpen blocks in its worker until we hang up.
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const order: string[] = [];
    const slow = executor.call('virConnectOpen', [`qemu+tcp://127.0.0.1:${port}/system`]).then(
      () => order.push('open'),
      () => order.push('open'),
    );
    while (sockets.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const quick = Array.from({ length: 50 }, (_, i) =>
      executor.call('virConnectIsAlive', [conn]).then(() => order.push(`quick${i}`)),
    );
    await Promise.all(quick);
    for (const socket of sockets) socket.destroy();
    server.close();
    await slow;
    expect(order.length).toBe(51);
    expect(order.at(-1)).toBe('open');
  });

  it('frees handles that were dropped without free(), through the pool', async () => {
    const result = await runChild('gc-child.ts', [], ['--expose-gc']);
    expect(result.code, result.stderr).toBe(0);
    expect(lastJson<{ released: number; freedOk: number }>(result)).toEqual({ released: 500, freedOk: 500 });
  });

  it('never calls into libvirt (or koffi at all) on the main thread', async () => {
    const result = await runChild('main-thread-child.ts');
    expect(result.code, result.stderr).toBe(0);
    const report = lastJson<Record<string, unknown>>(result);
    expect(report).toEqual({
      mainThreadUses: [],
      instrumented: true,
      mainThreadId: 0,
      name: 'test',
      missing: "Domain not found: 'absent'",
      events: [3, 4],
      remaining: 0,
    });
  });
});
