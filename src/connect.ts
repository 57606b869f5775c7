import { openWithAuth } from '../native/auth/index.js';
import type { Handle } from '../native/handles.js';
import { call } from '../native/libvirt.js';
import { optionalString } from './checks.js';

export type { CredentialRequest, CredentialType } from '../native/auth/index.js';

import type { CredentialRequest } from '../native/auth/index.js';

/**
 * Answers libvirt's credential requests. Return one answer per request, in order (`undefined` declines one and
 * makes the open fail with an authentication error). May be async; runs on the main thread while the worker
 * that is opening the connection waits.
 */
export type CredentialCallback = (
  requests: CredentialRequest[],
) => (string | undefined)[] | Promise<(string | undefined)[]>;

export type ConnectAuth = { username: string; password: string } | CredentialCallback;

const VIR_CONNECT_RO = 1;

/** Opens a connection handle: plain, read-only, or with credentials. */
export async function openConnection(
  uri: string | null,
  readOnly: boolean,
  auth?: ConnectAuth,
): Promise<Handle> {
  optionalString(uri ?? undefined, 'Hypervisor.connect(uri)');
  if (auth === undefined) {
    return readOnly ? call('virConnectOpenReadOnly', uri) : call('virConnectOpen', uri);
  }
  const flags = readOnly ? VIR_CONNECT_RO : 0;
  if (typeof auth === 'function') return openWithAuth(uri, flags, auth);
  if (
    auth &&
    typeof auth === 'object' &&
    typeof auth.username === 'string' &&
    typeof auth.password === 'string'
  ) {
    const { username, password } = auth;
    return openWithAuth(uri, flags, (requests) => requests.map((r) => answerFromPair(r, username, password)));
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
