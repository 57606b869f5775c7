/**
 * Opens one authenticated connection (`virConnectOpenAuth`) and exits. libvirt asks for credentials through a
 * callback on this thread, in the middle of the open; the callback posts the requests to main and sleeps in
 * `Atomics.wait` until main has the answers (from the user's callback, which may be async). This thread, not
 * main, is the one blocked inside libvirt, so no lock is held while JavaScript on main runs.
 */

import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import koffi from 'koffi';
import { createBinding } from '../binding.js';
import { loadLibvirt } from '../library.js';
import {
  type AuthAnswers,
  type AuthWorkerInit,
  type AuthWorkerMessage,
  CREDENTIAL_TYPES,
  type CredentialRequest,
} from './protocol.js';

const init = workerData as AuthWorkerInit;
const control = new Int32Array(init.control);
const post = (message: AuthWorkerMessage) => init.port.postMessage(message);

const binding = createBinding();
const libvirt = loadLibvirt().library('libvirt');
const strdup = koffi.load('libc.so.6').func('void *strdup(const char *s)') as (s: string) => bigint | null;

const Credential = koffi.struct('LvtsAuthCredential', {
  type: 'int',
  prompt: 'const char *',
  challenge: 'const char *',
  defresult: 'const char *',
  result: 'void *',
  resultlen: 'unsigned int',
});
const Callback = koffi.proto('int LvtsAuthCallback(void *cred, unsigned int ncred, void *cbdata)');
koffi.struct('LvtsConnectAuth', {
  credtype: 'int *',
  ncredtype: 'unsigned int',
  cb: koffi.pointer(Callback),
  cbdata: 'void *',
});
const openAuth = libvirt.func(
  'void *virConnectOpenAuth(const char *name, LvtsConnectAuth *auth, unsigned int flags)',
) as (name: string | null, auth: unknown, flags: number) => bigint | null;

const SIZE = koffi.sizeof(Credential);
const RESULT = koffi.offsetof(Credential, 'result');
const RESULT_LEN = koffi.offsetof(Credential, 'resultlen');

interface RawCredential {
  type: number;
  prompt: string | null;
  challenge: string | null;
  defresult: string | null;
}

function ask(requests: CredentialRequest[]): AuthAnswers {
  Atomics.store(control, 0, 0);
  post({ type: 'ask', requests });
  // Main stores 1 and then notifies: its notify for the previous round can arrive late and wake this wait
  // before the answers are posted. Only the flag set to 1 means they are there.
  while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0);
  return receiveMessageOnPort(init.port)?.message as AuthAnswers;
}

/** libvirt's callback: fill each credential's `result` with a malloc'd copy (libvirt frees it). */
function answer(cred: bigint, ncred: number): number {
  const raw = koffi.decode(cred, Credential, ncred) as RawCredential[];
  const requests = raw.map((c) => ({
    type: CREDENTIAL_TYPES[c.type] ?? 'external',
    prompt: c.prompt ?? '',
    ...(c.challenge ? { challenge: c.challenge } : {}),
    ...(c.defresult ? { defaultResult: c.defresult } : {}),
  }));
  const answers = ask(requests);
  if (!answers || answers.length !== ncred) return -1;
  for (let i = 0; i < ncred; i++) {
    const value = answers[i];
    // Main checks the answers (checkAnswers); this is the net: strdup of a number is a segfault, and C would
    // cut a string at NUL.
    if (typeof value !== 'string' || value.includes('\0')) return -1;
    const copy = strdup(value);
    if (!copy) return -1;
    koffi.encode(cred, i * SIZE + RESULT, 'void *', copy);
    koffi.encode(cred, i * SIZE + RESULT_LEN, 'unsigned int', Buffer.byteLength(value));
  }
  return 0;
}

const callback = koffi.register(answer, koffi.pointer(Callback));
const types = CREDENTIAL_TYPES.flatMap((t, i) => (t ? [i] : []));
const credtype = koffi.alloc('int', types.length);
koffi.encode(credtype, 'int', types, types.length);

binding.resetError();
const pointer = openAuth(
  init.uri,
  { credtype, ncredtype: types.length, cb: callback, cbdata: null },
  init.flags,
);
koffi.unregister(callback);
koffi.free(credtype);
if (pointer) {
  post({ type: 'opened', pointer });
} else {
  post({
    type: 'failed',
    error: binding.lastError() ?? {
      code: 1,
      domain: 0,
      level: 2,
      message: 'virConnectOpenAuth failed without an error',
      str1: null,
      str2: null,
      str3: null,
      int1: 0,
      int2: 0,
    },
  });
}
init.port.close();
