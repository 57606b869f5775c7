/** Opening a connection that asks for credentials: main side. See worker.ts for the thread that opens it. */
import { MessageChannel } from 'node:worker_threads';
import { LibvirtError } from '../errors.js';
import { spawnWorker } from '../executor/spawn.js';
import { Handle } from '../handles.js';
import type { AuthAnswers, AuthWorkerMessage, CredentialRequest } from './protocol.js';

export type { CredentialRequest, CredentialType } from './protocol.js';

export type AnswerCredentials = (
  requests: CredentialRequest[],
) => (string | undefined)[] | Promise<(string | undefined)[]>;

/**
 * `virConnectOpenAuth` on a short-lived worker thread. `answer` runs on the main thread each time libvirt asks
 * for credentials; if it throws, the open fails and the promise rejects with that error.
 */
export async function openWithAuth(
  uri: string | null,
  flags: number,
  answer: AnswerCredentials,
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

  const outcome = await new Promise<Exclude<AuthWorkerMessage, { type: 'ask' }>>((resolve, reject) => {
    port1.on('message', (message: AuthWorkerMessage) => {
      if (message.type !== 'ask') {
        port1.close();
        worker.off('error', reject);
        resolve(message);
        return;
      }
      Promise.resolve()
        .then(() => answer(message.requests))
        .then(
          (answers) => reply(Array.isArray(answers) ? answers : null),
          (err) => {
            callbackError = err;
            reply(null);
          },
        );
    });
    worker.once('error', reject);
  });
  // Thrown here, after the await, so the error's stack runs through the caller.
  if (outcome.type === 'opened') return new Handle(outcome.pointer, 'connect', 'virConnectClose', null);
  throw callbackError ?? new LibvirtError(outcome.error, 'virConnectOpenAuth');
}
