/** Opening a connection that asks for credentials: main side. See worker.ts for the thread that opens it. */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { ErrorCode, ErrorDomain, ErrorLevel, LibvirtError } from '../errors.js';
import { spawnWorker } from '../executor/spawn.js';
import { Handle } from '../handles.js';
import type { AuthAnswers, AuthWorkerMessage, CredentialRequest } from './protocol.js';

export type { CredentialRequest, CredentialType } from './protocol.js';

export type AnswerCredentials = (
  requests: CredentialRequest[],
) => (string | undefined)[] | Promise<(string | undefined)[]>;

/** How long one call of the credential callback may take by default: 2 minutes (sshd's LoginGraceTime). */
export const DEFAULT_CREDENTIAL_TIMEOUT_MS = 120_000;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value} ${String(value)}`;
}

/**
 * The callback's answers as the worker may pass them to C: an array whose entries are strings without NUL or
 * `undefined` (declines). Anything else is a TypeError naming the credential; it never reaches C (a number
 * given to `strdup` was a segfault, a string with NUL would be cut). An array of the wrong length stays an
 * authentication failure, reported by libvirt.
 */
export function checkAnswers(requests: readonly CredentialRequest[], answers: unknown): AuthAnswers {
  if (!Array.isArray(answers)) {
    throw new TypeError(
      `Hypervisor.connect: the credential callback must return an array (one string or undefined per request), got ${describe(answers)}`,
    );
  }
  for (const [i, value] of answers.entries()) {
    if (value === undefined) continue;
    const request = requests[i];
    const name = request ? `credential ${i} ('${request.type}', "${request.prompt}")` : `credential ${i}`;
    if (typeof value !== 'string') {
      throw new TypeError(
        `Hypervisor.connect: the answer for ${name} must be a string or undefined, got ${describe(value)}`,
      );
    }
    if (value.includes('\0')) {
      throw new TypeError(
        `Hypervisor.connect: the answer for ${name} must not contain a NUL character (U+0000): C would cut it there`,
      );
    }
  }
  return answers as AuthAnswers;
}

function timeoutError(ms: number): LibvirtError {
  return new LibvirtError(
    {
      code: ErrorCode.OPERATION_TIMEOUT,
      domain: ErrorDomain.AUTH,
      level: ErrorLevel.ERROR,
      message: `Hypervisor.connect: the credential callback did not answer within ${ms} ms (credentialTimeoutMs)`,
    },
    'virConnectOpenAuth',
  );
}

/**
 * `virConnectOpenAuth` on a short-lived worker thread. `answer` runs on the main thread each time libvirt asks
 * for credentials; if it throws, the open fails and the promise rejects with that error. Its answers are checked
 * here, before they reach C (TypeError). A call of `answer` that has not settled after `timeoutMs` (Infinity:
 * no limit) fails the open, which rejects with a LibvirtError `OPERATION_TIMEOUT`; its late answer is ignored.
 */
export async function openWithAuth(
  uri: string | null,
  flags: number,
  answer: AnswerCredentials,
  timeoutMs: number = DEFAULT_CREDENTIAL_TIMEOUT_MS,
): Promise<Handle> {
  const control = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = spawnWorker('auth', {
    workerData: { uri, flags, control, port: port2 },
    transferList: [port2],
  });
  let callbackError: unknown;

  const reply = (answers: AuthAnswers) => {
    port1.postMessage(answers);
    const flag = new Int32Array(control);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };

  /** One round of requests: answered once, by the callback or by the timeout, whichever comes first. */
  const ask = (requests: CredentialRequest[]) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (answers: AuthAnswers, err?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err !== undefined) callbackError ??= err;
      reply(answers);
    };
    if (Number.isFinite(timeoutMs))
      timer = setTimeout(() => finish(null, timeoutError(timeoutMs)), timeoutMs);
    Promise.resolve()
      .then(() => answer(requests))
      .then(
        (answers) => {
          let checked: AuthAnswers;
          try {
            checked = checkAnswers(requests, answers);
          } catch (err) {
            finish(null, err);
            return;
          }
          finish(checked);
        },
        (err) => finish(null, err),
      );
  };

  let settled = false;
  const outcome = await new Promise<Exclude<AuthWorkerMessage, { type: 'ask' }>>((resolve, reject) => {
    const onMessage = (message: AuthWorkerMessage) => {
      if (message.type === 'ask') {
        ask(message.requests);
        return;
      }
      settled = true;
      port1.close();
      resolve(message);
    };
    port1.on('message', onMessage);
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      port1.close();
      reject(err);
    });
    // A worker that ends without a word (it cannot, short of a bug) must not leave connect pending forever. Its
    // last message may still sit in the port when 'exit' arrives: take it first.
    worker.once('exit', (code) => {
      for (let m = receiveMessageOnPort(port1); m && !settled; m = receiveMessageOnPort(port1)) {
        onMessage(m.message as AuthWorkerMessage);
      }
      if (settled) return;
      settled = true;
      port1.close();
      reject(
        new LibvirtError(
          {
            code: ErrorCode.INTERNAL_ERROR,
            domain: ErrorDomain.NONE,
            level: ErrorLevel.ERROR,
            message: `the authentication worker exited (code ${code}) before virConnectOpenAuth returned`,
          },
          'virConnectOpenAuth',
        ),
      );
    });
  });
  // Thrown here, after the await, so the error's stack runs through the caller.
  if (outcome.type === 'opened') {
    const handle = new Handle(outcome.pointer, 'connect', 'virConnectClose', null);
    if (callbackError === undefined) return handle;
    // Refused answers (or a timeout) failed the callback, yet the driver opened: do not hand that out.
    await handle.free();
    throw callbackError;
  }
  throw callbackError ?? new LibvirtError(outcome.error, 'virConnectOpenAuth');
}
