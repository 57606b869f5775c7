// Error attribution with many calls in flight: a failed lookup's error must be its own.
import { expect } from 'vitest';
import { executor } from '../../native/executor/index.js';
import { Handle } from '../../native/handles.js';
import { Domain, ErrorCode, type Hypervisor, LibvirtError } from '../../src/index.js';

/**
 * `result` is the settled lookup of the missing `key`: rejected with NO_DOMAIN naming `key`, and no other
 * call's `lvts-missing-N` name leaked into the message.
 */
export function expectOwnNotFound(result: PromiseSettledResult<unknown>, key: string): void {
  expect(result.status).toBe('rejected');
  const err = (result as PromiseRejectedResult).reason as LibvirtError;
  expect(err).toBeInstanceOf(LibvirtError);
  expect(err.code).toBe(ErrorCode.NO_DOMAIN);
  expect(err.message).toContain(`'${key}'`);
  expect(err.message.match(/lvts-missing-\d+/g)).toEqual([key]);
}

/**
 * The attribution scenario both tiers run: 200 lookups of missing names interleaved with 200 of an existing
 * domain, all through `hv.domains.get` at once. Each failure is its own NO_DOMAIN; each success is the domain.
 * The driver differences are the inputs: test:///default's built-in `test` domain in-process, a defined tiny
 * guest over the daemon's RPC.
 */
export async function expectConcurrentLookupsAttributed(
  hv: Hypervisor,
  existing: { name: string; uuid: string },
): Promise<void> {
  const keys = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `lvts-missing-${i}` : existing.name));
  const results = await Promise.allSettled(keys.map((key) => hv.domains.get(key)));
  const found: Domain[] = [];
  results.forEach((result, i) => {
    if (i % 2 === 0) {
      expectOwnNotFound(result, keys[i]!);
    } else {
      expect(result.status).toBe('fulfilled');
      const domain = (result as PromiseFulfilledResult<Domain>).value;
      expect(domain).toBeInstanceOf(Domain);
      expect(domain.name).toBe(existing.name);
      expect(domain.uuid).toBe(existing.uuid);
      found.push(domain);
    }
  });
  expect(found).toHaveLength(200);
  await Promise.all(found.map((d) => d.free()));
}

/**
 * The same scenario one layer down, on the executor: 400 raw `virDomainLookupByName` calls in flight on `conn`,
 * every other one for a missing name. Each failure names its own key; each success is a domain Handle.
 */
export async function expectExecutorLookupsAttributed(conn: Handle, existing: string): Promise<void> {
  const calls = Array.from({ length: 400 }, (_, i) =>
    executor.call('virDomainLookupByName', [conn, i % 2 === 0 ? `missing-${i}` : existing]),
  );
  const results = await Promise.allSettled(calls);
  const handles: Handle[] = [];
  results.forEach((result, i) => {
    if (i % 2 === 0) {
      expect(result.status).toBe('rejected');
      const err = (result as PromiseRejectedResult).reason as LibvirtError;
      expect(err).toBeInstanceOf(LibvirtError);
      expect(err.code).toBe(ErrorCode.NO_DOMAIN);
      expect(err.message).toContain(`'missing-${i}'`);
    } else {
      expect(result.status).toBe('fulfilled');
      const handle = (result as PromiseFulfilledResult<unknown>).value as Handle;
      expect(handle).toBeInstanceOf(Handle);
      expect(handle.kind).toBe('domain');
      handles.push(handle);
    }
  });
  expect(handles).toHaveLength(200);
  await Promise.all(handles.map((h) => h.free()));
}
