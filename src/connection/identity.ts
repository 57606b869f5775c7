/**
 * `hv.setIdentity()`: the identity of the real client a proxy acts for (`virConnectSetIdentity`), so the
 * daemon applies that client's access control rather than the proxy's. Only a privileged client may set it.
 */
import type { TypedParamsInput } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionsObject, requireCount, requireNonEmptyString } from '../core/checks.js';

/**
 * The client a proxy acts for, given to `Hypervisor.setIdentity()` (`virConnectSetIdentity`); each field is a
 * `VIR_CONNECT_IDENTITY_*` parameter.
 */
export interface ConnectIdentity {
  /** `VIR_CONNECT_IDENTITY_USER_NAME`: the client's user name. */
  userName?: string;
  /** `VIR_CONNECT_IDENTITY_UNIX_USER_ID`: the client's UNIX user ID. */
  unixUserId?: number;
  /** `VIR_CONNECT_IDENTITY_GROUP_NAME`: the client's group name. */
  groupName?: string;
  /** `VIR_CONNECT_IDENTITY_UNIX_GROUP_ID`: the client's UNIX group ID. */
  unixGroupId?: number;
  /** `VIR_CONNECT_IDENTITY_PROCESS_ID`: the client's process ID. */
  processId?: number;
  /** The process's start time, in the units of /proc/<pid>/stat's starttime. */
  processTime?: number;
  /** `VIR_CONNECT_IDENTITY_SASL_USER_NAME`: the user name the client authenticated as with SASL. */
  saslUserName?: string;
  /** `VIR_CONNECT_IDENTITY_X509_DISTINGUISHED_NAME`: the distinguished name of the client's TLS certificate. */
  x509DistinguishedName?: string;
  /** `VIR_CONNECT_IDENTITY_SELINUX_CONTEXT`: the client's SELinux context. */
  selinuxContext?: string;
}

/** Each field's typed-parameter name (the C macros VIR_CONNECT_IDENTITY_*) and type. */
const FIELDS = {
  userName: ['user-name', 'string'],
  unixUserId: ['unix-user-id', 'ullong'],
  groupName: ['group-name', 'string'],
  unixGroupId: ['unix-group-id', 'ullong'],
  processId: ['process-id', 'llong'],
  processTime: ['process-time', 'ullong'],
  saslUserName: ['sasl-user-name', 'string'],
  x509DistinguishedName: ['x509-distinguished-name', 'string'],
  selinuxContext: ['selinux-context', 'string'],
} as const satisfies Record<keyof ConnectIdentity, readonly [string, 'string' | 'ullong' | 'llong']>;

/** The typed parameters of an identity; an unknown field, a wrong type or a negative id is rejected here. */
export function identityParams(identity: ConnectIdentity): TypedParamsInput {
  const given = optionsObject(
    identity,
    'setIdentity identity',
    Object.keys(FIELDS) as (keyof ConnectIdentity)[],
  );
  const params: TypedParamsInput = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const [name, type] = FIELDS[key as keyof ConnectIdentity];
    const what = `setIdentity ${key}`;
    params[name] =
      type === 'string'
        ? { type, value: requireNonEmptyString(value, what) }
        : { type, value: BigInt(requireCount(value, what)) };
  }
  if (Object.keys(params).length === 0) throw new TypeError('setIdentity needs at least one identity field');
  return params;
}

export async function setIdentity(connection: Handle, identity: ConnectIdentity): Promise<void> {
  await call('virConnectSetIdentity', connection, identityParams(identity), 0);
}
