import { DEFAULT_CREDENTIAL_TIMEOUT_MS, openWithAuth } from '../../native/auth/index.js';
import type { Handle } from '../../native/handles.js';
import { call, configureConnection } from '../../native/libvirt.js';
import { optionalString, requireBoolean, requireString } from '../core/checks.js';

export type { CredentialRequest, CredentialType } from '../../native/auth/index.js';

import type { CredentialRequest } from '../../native/auth/index.js';

/**
 * Answers libvirt's credential requests. Return one answer per request, in order (`undefined` declines one and
 * makes the open fail with an authentication error). May be async; runs on the main thread while the worker
 * that is opening the connection waits. An answer that is neither a string nor `undefined`, or a string
 * containing NUL, rejects the connect with a TypeError naming the credential (it never reaches libvirt); a
 * call that has not settled after `credentialTimeoutMs` rejects it with a LibvirtError `OPERATION_TIMEOUT`.
 */
export type CredentialCallback = (
  requests: CredentialRequest[],
) => (string | undefined)[] | Promise<(string | undefined)[]>;

/**
 * `Hypervisor.connect()`'s `auth`: a user name and password answered to libvirt's credential requests, or a
 * callback that answers each request (`virConnectOpenAuth`).
 */
export type ConnectAuth =
  | {
      /** The user name, answered to libvirt's username and authname requests. */
      username: string;
      /** The password, answered to libvirt's passphrase and no-echo prompt requests. */
      password: string;
    }
  | CredentialCallback;

const VIR_CONNECT_RO = 1;

/** The most calls in flight a connection may be given (`Hypervisor.connect(uri, { concurrency })`). */
export const MAX_CONCURRENCY = 64;

/** Checks `concurrency`: a whole number of calls in flight, 1 to MAX_CONCURRENCY. */
export function checkConcurrency(concurrency: unknown): number | undefined {
  if (concurrency === undefined) return undefined;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency)) {
    throw new TypeError(`Hypervisor.connect: concurrency must be a whole number, got ${String(concurrency)}`);
  }
  if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(
      `Hypervisor.connect: concurrency must be 1 to ${MAX_CONCURRENCY}, got ${concurrency}`,
    );
  }
  return concurrency;
}

/**
 * Opens a connection handle: plain, read-only, or with credentials; its calls then run as `uri`'s kind
 * allows, with at most `concurrency` in flight for a daemon connection. `credentialTimeoutMs` bounds each
 * call of a credential callback (see ConnectOptions); it is checked by the caller.
 */
export async function openConnection(
  uri: string | null,
  readOnly: boolean,
  auth?: ConnectAuth,
  credentialTimeoutMs: number = DEFAULT_CREDENTIAL_TIMEOUT_MS,
  concurrency?: number,
): Promise<Handle> {
  const handle = await open(uri, readOnly, auth, credentialTimeoutMs);
  configureConnection(handle, uri, concurrency);
  return handle;
}

async function open(
  uri: string | null,
  readOnly: boolean,
  auth: ConnectAuth | undefined,
  credentialTimeoutMs: number,
): Promise<Handle> {
  optionalString(uri ?? undefined, 'Hypervisor.connect(uri)');
  requireBoolean(readOnly, 'Hypervisor.connect options.readOnly');
  if (auth === undefined) {
    return readOnly ? call('virConnectOpenReadOnly', uri) : call('virConnectOpen', uri);
  }
  const flags = readOnly ? VIR_CONNECT_RO : 0;
  if (typeof auth === 'function') return openWithAuth(uri, flags, auth, credentialTimeoutMs);
  if (
    auth &&
    typeof auth === 'object' &&
    typeof auth.username === 'string' &&
    typeof auth.password === 'string'
  ) {
    const username = requireString(auth.username, 'Hypervisor.connect options.auth.username');
    const password = requireString(auth.password, 'Hypervisor.connect options.auth.password');
    return openWithAuth(
      uri,
      flags,
      (requests) => requests.map((r) => answerFromPair(r, username, password)),
      credentialTimeoutMs,
    );
  }
  throw new TypeError('Hypervisor.connect: auth must be { username, password } or a callback');
}

function answerFromPair(request: CredentialRequest, username: string, password: string): string | undefined {
  switch (request.type) {
    case 'username':
    case 'authname':
      return username;
    case 'passphrase':
    case 'noechoprompt':
      return password;
    default:
      return request.defaultResult;
  }
}
