import { DEFAULT_CREDENTIAL_TIMEOUT_MS, openWithAuth } from '../native/auth/index.js';
import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { optionalString, requireBoolean, requireString } from './checks.js';

export type { CredentialRequest, CredentialType } from '../native/auth/index.js';

import type { CredentialRequest } from '../native/auth/index.js';

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

export type ConnectAuth = { username: string; password: string } | CredentialCallback;

const VIR_CONNECT_RO = 1;

/**
 * Opens a connection handle: plain, read-only, or with credentials. `credentialTimeoutMs` bounds each call of
 * a credential callback (see ConnectOptions); it is checked by the caller.
 */
export async function openConnection(
  uri: string | null,
  readOnly: boolean,
  auth?: ConnectAuth,
  credentialTimeoutMs: number = DEFAULT_CREDENTIAL_TIMEOUT_MS,
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
