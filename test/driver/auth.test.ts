// Credentials on test:///<node file>: the test driver asks for an authname, then a passphrase, when its node file
// lists users. Each case opens a fresh connection, so each runs its own auth worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../../native/libvirt.js';
import { openConnection } from '../../src/connection/connect.js';
import { type CredentialRequest, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { lastJson, runChild } from './fixtures/run-child.js';

const dir = mkdtempSync(join(tmpdir(), 'lvts-auth-'));
const nodeFile = join(dir, 'node.xml');
writeFileSync(
  nodeFile,
  `<node>
  <auth><user password='s3cret'>alice</user></auth>
  <domain type='test'>
    <name>behind-auth</name>
    <memory>65536</memory>
    <os><type>hvm</type></os>
  </domain>
</node>
`,
);
const URI = `test://${nodeFile}`;
const PAIR = { username: 'alice', password: 's3cret' };

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

async function expectAuthFailed(promise: Promise<unknown>): Promise<LibvirtError> {
  const err = (await rejection(promise)) as LibvirtError;
  expect(err).toBeInstanceOf(LibvirtError);
  expect(err.code).toBe(ErrorCode.AUTH_FAILED);
  expect(err.codeName).toBe('AUTH_FAILED');
  expect(err.message).toMatch(/^authentication failed/);
  return err;
}

describe('connecting with credentials', () => {
  it('needs them: without auth the open fails', async () => {
    const err = (await rejection(Hypervisor.connect(URI))) as LibvirtError;
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.message).toContain('authentication credentials');
  });

  it('opens with a username/password pair', async () => {
    await using hv = await Hypervisor.connect(URI, { auth: PAIR });
    expect(hv.uri).toBe(URI);
    const domains = await hv.domains.list();
    expect(domains.map((d) => d.name)).toEqual(['behind-auth']);
    await Promise.all(domains.map((d) => d.free()));
  });

  it('opens with an async callback, which receives typed requests one round at a time', async () => {
    const rounds: CredentialRequest[][] = [];
    await using hv = await Hypervisor.connect(URI, {
      auth: async (requests) => {
        rounds.push(requests);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return requests.map((r) => (r.type === 'authname' ? 'alice' : 's3cret'));
      },
    });
    expect(await hv.isAlive()).toBe(true);
    expect(rounds).toEqual([
      [{ type: 'authname', prompt: 'Enter username for localhost', challenge: 'localhost' }],
      [{ type: 'passphrase', prompt: "Enter alice's password for localhost", challenge: 'localhost' }],
    ]);
  });

  it('opens read-only with credentials, and the connection refuses changes', async () => {
    const conn = await openConnection(URI, true, PAIR);
    try {
      const domain = await call('virDomainLookupByName', conn, 'behind-auth');
      const err = (await rejection(call('virDomainCreate', domain))) as LibvirtError;
      expect(err.code).toBe(ErrorCode.OPERATION_DENIED);
    } finally {
      expect(await conn.free()).toBe(0);
    }
  });

  it('rejects a wrong password with AUTH_FAILED', async () => {
    await expectAuthFailed(Hypervisor.connect(URI, { auth: { username: 'alice', password: 'wrong' } }));
  });

  it('rejects an unknown user with AUTH_FAILED', async () => {
    await expectAuthFailed(Hypervisor.connect(URI, { auth: { username: 'mallory', password: 's3cret' } }));
  });

  it('rejects with the very error a callback throws', async () => {
    const thrown = new Error('the vault is locked');
    const err = await rejection(
      Hypervisor.connect(URI, {
        auth: () => {
          throw thrown;
        },
      }),
    );
    expect(err).toBe(thrown);
  });

  it('rejects with the very error an async callback rejects with', async () => {
    const thrown = new RangeError('no such secret');
    const err = await rejection(Hypervisor.connect(URI, { auth: async () => Promise.reject(thrown) }));
    expect(err).toBe(thrown);
  });

  it('fails authentication when the callback answers too few requests, or declines one', async () => {
    await expectAuthFailed(Hypervisor.connect(URI, { auth: () => [] }));
    await expectAuthFailed(Hypervisor.connect(URI, { auth: (requests) => requests.map(() => undefined) }));
  });

  it('refuses an answer that is not a string or undefined with a TypeError naming the credential', async () => {
    // A number, null or bigint reached strdup() in the auth worker: a segfault of the whole process.
    for (const bad of [42, null, 7n, { password: 's3cret' }, true]) {
      const err = (await rejection(
        Hypervisor.connect(URI, { auth: (requests) => requests.map(() => bad as never) }),
      )) as TypeError;
      expect(err).toBeInstanceOf(TypeError);
      expect(err.message).toMatch(
        /^Hypervisor\.connect: the answer for credential 0 \('authname', "Enter username for localhost"\) must be a string or undefined, got /,
      );
    }
    const err = (await rejection(Hypervisor.connect(URI, { auth: () => 'alice' as never }))) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/the credential callback must return an array .*, got a string/);
    // The process is fine and the next open works.
    await using hv = await Hypervisor.connect(URI, { auth: PAIR });
    expect(await hv.isAlive()).toBe(true);
  });

  it('refuses an answer containing NUL instead of cutting it (callback and pair alike)', async () => {
    const viaCallback = (await rejection(
      Hypervisor.connect(URI, {
        auth: (rs) => rs.map((r) => (r.type === 'authname' ? 'alice' : 's3cret\0x')),
      }),
    )) as TypeError;
    expect(viaCallback).toBeInstanceOf(TypeError);
    expect(viaCallback.message).toMatch(/credential 0 \('passphrase', .*must not contain a NUL character/);
    // Cut at the NUL, 's3cret\0x' would have been the right password.
    const viaPair = (await rejection(
      Hypervisor.connect(URI, { auth: { username: 'alice', password: 's3cret\0x' } }),
    )) as TypeError;
    expect(viaPair).toBeInstanceOf(TypeError);
    expect(viaPair.message).toMatch(/options\.auth\.password must not contain a NUL character/);
    expect(await rejection(Hypervisor.connect(`${URI}\0x`, { auth: PAIR }))).toBeInstanceOf(TypeError);
  });

  it('times out a callback that never answers: LibvirtError OPERATION_TIMEOUT, late answers ignored', async () => {
    let late: ((answers: string[]) => void) | undefined;
    const started = Date.now();
    const err = (await rejection(
      Hypervisor.connect(URI, {
        credentialTimeoutMs: 300,
        auth: () =>
          new Promise<string[]>((resolve) => {
            late = resolve;
          }),
      }),
    )) as LibvirtError;
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.code).toBe(ErrorCode.OPERATION_TIMEOUT);
    expect(err.message).toMatch(/credential callback did not answer within 300 ms/);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(10_000);
    late?.(['alice']); // too late: ignored, nothing breaks
    // Infinity: no limit.
    await using hv = await Hypervisor.connect(URI, {
      credentialTimeoutMs: Number.POSITIVE_INFINITY,
      auth: async (rs) => rs.map((r) => (r.type === 'authname' ? 'alice' : 's3cret')),
    });
    expect(await hv.isAlive()).toBe(true);
  });

  it('checks the connect options before opening anything', async () => {
    const cases: [unknown, ErrorConstructor, RegExp][] = [
      [
        { credentialTimeoutMs: 2 ** 31 },
        RangeError,
        /credentialTimeoutMs must be an integer from 0 to 2147483647/,
      ],
      [{ credentialTimeoutMs: -1 }, RangeError, /credentialTimeoutMs/],
      [{ credentialTimeoutMs: 1.5 }, RangeError, /credentialTimeoutMs/],
      [{ credentialTimeoutMs: Number.NaN }, RangeError, /credentialTimeoutMs/],
      [{ credentialTimeoutMs: '100' }, TypeError, /credentialTimeoutMs must be a number/],
      [{ readOnly: 'yes' }, TypeError, /options\.readOnly must be a boolean, got string/],
      [{ readOnly: 1 }, TypeError, /options\.readOnly must be a boolean/],
      [{ readonly: true }, TypeError, /unknown option 'readonly'/],
      [null, TypeError, /options must be an object/],
      [{ keepAlive: { interval: 5 } }, TypeError, /keepAlive: unknown option 'interval'/],
      [
        { reconnect: { maxDelayMs: 2 ** 31 } },
        RangeError,
        /reconnect\.maxDelayMs must be an integer from 1 to 2147483647/,
      ],
      [{ keepAlive: { intervalSeconds: 2 ** 31 } }, RangeError, /keepAlive\.intervalSeconds/],
    ];
    for (const [options, type, message] of cases) {
      const err = await rejection(Hypervisor.connect(URI, options as never));
      expect(err, JSON.stringify(options)).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('leaves no worker behind: a process that authenticated every way exits by itself', async () => {
    const result = await runChild('auth-exit-child.ts', [URI]);
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    expect(lastJson(result)).toEqual({ outcomes: ['opened', 'LibvirtError', 'Error', 'LibvirtError'] });
  });
});
