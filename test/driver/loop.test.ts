import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import type { Handle } from '../../native/handles.js';
import { loop } from '../../native/loop/index.js';
import type { EventPayloads } from '../../native/loop/protocol.js';
import { runChild } from './fixtures/run-child.js';

// virDomainEventType
const DEFINED = 0;
const UNDEFINED = 1;
const STARTED = 2;
const SUSPENDED = 3;
const RESUMED = 4;
const STOPPED = 5;

let conn: Handle;

beforeAll(async () => {
  conn = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
});

afterAll(async () => {
  await conn.free();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('event loop on test:///default', () => {
  it('delivers lifecycle events in order for define/start/suspend/resume/destroy/undefine', async () => {
    const name = 'loop-lifecycle';
    const events: EventPayloads['domain-lifecycle'][] = [];
    const unsubscribe = await loop.subscribe('domain-lifecycle', { connection: conn }, (e) => {
      if (e.domainName === name) events.push(e);
    });
    const xml = `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;
    const dom = (await executor.call('virDomainDefineXML', [conn, xml])) as Handle;
    for (const fn of [
      'virDomainCreate',
      'virDomainSuspend',
      'virDomainResume',
      'virDomainDestroy',
      'virDomainUndefine',
    ]) {
      await executor.call(fn, [dom]);
    }
    const uuid = await executor.call('virDomainGetUUIDString', [dom]);
    await dom.free();
    await until(() => events.length >= 6);
    await unsubscribe();
    expect(events.map((e) => e.event)).toEqual([DEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, UNDEFINED]);
    expect(events.every((e) => e.domainUuid === uuid)).toBe(true);
  });

  it('leaves nothing registered after 100 subscribe/unsubscribe cycles', async () => {
    const own = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
    for (let i = 0; i < 100; i++) {
      const off = await loop.subscribe(
        i % 2 ? 'domain-lifecycle' : 'connection-close',
        { connection: own },
        () => {},
      );
      await off();
    }
    expect(await loop.registeredCount()).toBe(0);
    expect(await own.free()).toBe(0);
  });

  it('unsubscribes before a connection closes, so the close drops the last reference', async () => {
    const own = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
    await loop.subscribe('domain-lifecycle', { connection: own }, () => {});
    await loop.subscribe('connection-close', { connection: own }, () => {});
    expect(await own.free()).toBe(0);
    expect(await loop.registeredCount()).toBe(0);
  });

  it('lets a process with the loop running exit on its own once it unsubscribes and closes', async () => {
    const result = await runChild('exit-child.ts', ['natural'], [], 60_000);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('closed');
  });

  it('lets process.exit() end a process while a subscription is open', async () => {
    const result = await runChild('exit-child.ts', ['exit'], [], 60_000);
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('subscribed');
  });
});
