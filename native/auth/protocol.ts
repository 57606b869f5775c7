/** Messages between the main thread and the worker that opens an authenticated connection. */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorData } from '../executor/protocol.js';

/** libvirt's `virConnectCredentialType`, by name. */
export type CredentialType =
  | 'username'
  | 'authname'
  | 'language'
  | 'cnonce'
  | 'passphrase'
  | 'echoprompt'
  | 'noechoprompt'
  | 'realm'
  | 'external';

/** Indexed by `VIR_CRED_*` value (they start at 1). */
export const CREDENTIAL_TYPES: readonly (CredentialType | undefined)[] = [
  undefined,
  'username',
  'authname',
  'language',
  'cnonce',
  'passphrase',
  'echoprompt',
  'noechoprompt',
  'realm',
  'external',
];

/** One credential libvirt asks for while opening a connection. */
export interface CredentialRequest {
  /** Which credential libvirt asks for (`virConnectCredentialType`, by name). */
  type: CredentialType;
  /** What to show a person, e.g. "Enter username for localhost". */
  prompt: string;
  /** Extra context (often the host name), when libvirt gives one. */
  challenge?: string;
  /** The answer libvirt would use if not told otherwise. */
  defaultResult?: string;
}

export interface AuthWorkerInit {
  uri: string | null;
  flags: number;
  /** Int32Array[1]: main stores 1 and notifies once the answers are on the port. */
  control: SharedArrayBuffer;
  port: MessagePort;
}

export type AuthWorkerMessage =
  | { type: 'ask'; requests: CredentialRequest[] }
  | { type: 'opened'; pointer: bigint }
  | { type: 'failed'; error: ErrorData };

/** Main's answer to an `ask`: one string per request (undefined declines), or null to refuse them all. */
export type AuthAnswers = (string | undefined)[] | null;
