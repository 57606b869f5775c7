/**
 * A client connected to one of a daemon's servers, as the admin API sees it (`virAdmClientPtr`): its id,
 * transport and connection time, read when it was listed, its identity, and a forced disconnect.
 */
import { ClientTransport } from '../../native/generated/enums.js';
import type { TypedParams } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { type EnumName, enumNames } from '../core/enum-names.js';

/** How a client reached the daemon: `'unix'` (a local socket, also SSH's), `'tcp'` or `'tls'`. */
export type ClientTransportName = EnumName<typeof ClientTransport>;

/** The transport names, derived from the generated `virClientTransport` table. */
export const CLIENT_TRANSPORTS = enumNames(ClientTransport);

/**
 * Who a client is (`virAdmClientGetInfo`). What is reported depends on the transport: a unix socket's client
 * has its user, group and process, a TCP/TLS client its socket address; `raw` holds every field libvirt sent.
 */
export interface AdminClientInfo {
  /** The client connected read-only (libvirt reports false for TCP/TLS clients: see virAdmClientGetInfo). */
  readonly: boolean;
  /** A TCP/TLS client's address, `host:port` (`sock_addr`). */
  sockAddr?: string;
  /** A unix socket client's user id (`unix_user_id`). */
  unixUserId?: number;
  /** `unix_user_name` */
  unixUserName?: string;
  /** `unix_group_id` */
  unixGroupId?: number;
  /** `unix_group_name` */
  unixGroupName?: string;
  /** The client process's pid (`unix_process_id`). */
  unixProcessId?: number;
  /** The client's SELinux context (`selinux_context`). */
  selinuxContext?: string;
  /** The SASL user name, when SASL authenticated the client (`sasl_user_name`). */
  saslUserName?: string;
  /** The distinguished name of the client's X.509 certificate (`tls_x509_dname`). */
  x509DistinguishedName?: string;
  /** Every field libvirt reported, by libvirt's name. */
  raw: TypedParams;
}

const INFO_FIELDS = {
  sock_addr: 'sockAddr',
  unix_user_id: 'unixUserId',
  unix_user_name: 'unixUserName',
  unix_group_id: 'unixGroupId',
  unix_group_name: 'unixGroupName',
  unix_process_id: 'unixProcessId',
  selinux_context: 'selinuxContext',
  sasl_user_name: 'saslUserName',
  tls_x509_dname: 'x509DistinguishedName',
} as const;

function clientInfo(raw: TypedParams): AdminClientInfo {
  const info: Record<string, unknown> = { readonly: raw.readonly === true };
  for (const [name, key] of Object.entries(INFO_FIELDS)) if (name in raw) info[key] = raw[name];
  return { ...(info as Omit<AdminClientInfo, 'raw'>), raw };
}

/** The transport's name; `'unknown'` for a transport newer than this libvirt-ts. */
export function transportName(value: number): ClientTransportName | 'unknown' {
  return CLIENT_TRANSPORTS.nameOf(value) ?? 'unknown';
}

/**
 * A client connected to one of a daemon's servers, as the admin API sees it (`virAdmClientPtr`): its id,
 * transport and connection time, its identity, and a forced disconnect.
 */
export class AdminClient {
  /** The client's id on its server, unique for the daemon's lifetime (`virAdmClientGetID`). */
  readonly id: number;
  /** How the client is connected (`virAdmClientGetTransport`). */
  readonly transport: ClientTransportName | 'unknown';
  /**
   * When the client connected, in seconds since the epoch; 0 when the daemon does not know
   * (`virAdmClientGetTimestamp`).
   */
  readonly timestamp: number;
  readonly #handle: Handle;

  /** @internal Clients come from `server.clients()` and `server.client(id)`; the constructor is not public API. */
  constructor(handle: Handle, id: number, transport: number, timestamp: number) {
    this.#handle = handle;
    this.id = id;
    this.transport = transportName(transport);
    this.timestamp = timestamp;
  }

  /** When the client connected, as a Date; undefined when the daemon does not know (`virAdmClientGetTimestamp`). */
  get connectedAt(): Date | undefined {
    return this.timestamp > 0 ? new Date(this.timestamp * 1000) : undefined;
  }

  /** The client's identity: user, process, address, SELinux context, … (`virAdmClientGetInfo`). */
  async info(): Promise<AdminClientInfo> {
    return clientInfo(await call('virAdmClientGetInfo', this.#handle, 0));
  }

  /**
   * Closes the client's connection from the daemon's side, forcefully (`virAdmClientClose`). The client's own
   * calls fail from then on.
   */
  async disconnect(): Promise<void> {
    await call('virAdmClientClose', this.#handle, 0);
  }

  /**
   * True once this object's reference was released (by `free()` or the admin connection's close). Makes no
   * libvirt call.
   */
  get freed(): boolean {
    return this.#handle.freed;
  }

  /**
   * Releases this object's libvirt reference (`virAdmClientFree`); the client stays connected. Idempotent.
   */
  async free(): Promise<void> {
    await this.#handle.free();
  }

  /** `await using` support: the same as `free()` (`virAdmClientFree`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }
}
