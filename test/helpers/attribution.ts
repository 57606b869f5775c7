// Error attribution with many calls in flight: a failed lookup's error must be its own.
import { expect } from 'vitest';
import { ErrorCode, LibvirtError } from '../../src/index.js';

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
