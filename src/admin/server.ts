/**
 * One of a daemon's servers, as the admin API sees it (`virAdmServerPtr`): libvirtd has `libvirtd` (the
 * hypervisor clients) and `admin` (the admin clients); its thread pool, its client limits, its clients, TLS.
 */
import type { TypedParams } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call, describeEach, describeOne } from '../../native/libvirt.js';
import { optionsObject, requireCount, requireUint32 } from '../core/checks.js';
import { AdminClient } from './client.js';

/** A server's worker threads (`virAdmServerGetThreadPoolParameters`); libvirt's own field names. */
export interface ThreadPoolInfo {
  /** The fewest workers the pool keeps (`minWorkers`). */
  minWorkers: number;
  /** The most workers the pool starts (`maxWorkers`). */
  maxWorkers: number;
  /** The priority workers, which run calls that must not wait behind the others (`prioWorkers`). */
  prioWorkers: number;
  /** Workers running now (`nWorkers`). */
  nWorkers: number;
  /** Workers idle now (`freeWorkers`). */
  freeWorkers: number;
  /** Calls waiting for a worker (`jobQueueDepth`). */
  jobQueueDepth: number;
  /** Every field libvirt reported, by libvirt's name. */
  raw: TypedParams;
}

/** What `setThreadPool` can change; the other fields are read-only. */
export interface ThreadPoolSettings {
  /** `VIR_THREADPOOL_WORKERS_MIN`: the fewest worker threads the server keeps. */
  minWorkers?: number;
  /** `VIR_THREADPOOL_WORKERS_MAX`: the most worker threads the server may start. */
  maxWorkers?: number;
  /** `VIR_THREADPOOL_WORKERS_PRIORITY`: the worker threads reserved for high-priority calls. */
  prioWorkers?: number;
}

/** A server's client limits and counts (`virAdmServerGetClientLimits`). */
export interface ClientLimits {
  /** The most clients the server accepts (`nclients_max`). */
  nClientsMax: number;
  /** Clients connected now (`nclients`). */
  nClientsCurrent: number;
  /** The most clients waiting for authentication at once (`nclients_unauth_max`). */
  nClientsUnauthMax: number;
  /** Clients waiting for authentication now (`nclients_unauth`). */
  nClientsUnauth: number;
  /** Every field libvirt reported, by libvirt's name. */
  raw: TypedParams;
}

/** What `setClientLimits` can change; the counts are read-only. */
export interface ClientLimitSettings {
  /** `VIR_SERVER_CLIENTS_MAX`: the most clients the server accepts at once. */
  nClientsMax?: number;
  /** `VIR_SERVER_CLIENTS_UNAUTH_MAX`: the most clients still authenticating at once. */
  nClientsUnauthMax?: number;
}

const THREAD_POOL_FIELDS = [
  'minWorkers',
  'maxWorkers',
  'prioWorkers',
  'nWorkers',
  'freeWorkers',
  'jobQueueDepth',
] as const;
const THREAD_POOL_SETTINGS = ['minWorkers', 'maxWorkers', 'prioWorkers'] as const;

/** ClientLimits' names → libvirt's. */
const CLIENT_LIMIT_FIELDS = {
  nClientsMax: 'nclients_max',
  nClientsCurrent: 'nclients',
  nClientsUnauthMax: 'nclients_unauth_max',
  nClientsUnauth: 'nclients_unauth',
} as const;
const CLIENT_LIMIT_SETTINGS = ['nClientsMax', 'nClientsUnauthMax'] as const;

/** Read in the round trip that lists or looks up clients. */
const CLIENT_DESCRIBERS = [
  'virAdmClientGetID',
  'virAdmClientGetTransport',
  'virAdmClientGetTimestamp',
] as const;

function adminClient(handle: Handle, described: unknown[]): AdminClient {
  const [id, transport, timestamp] = described as [number | bigint, number, number | bigint];
  return new AdminClient(handle, Number(id), transport, Number(timestamp));
}

function numberField(raw: TypedParams, name: string): number {
  const value = raw[name];
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : 0;
}

/** The settings given, by libvirt's name, each an unsigned int; an unknown or read-only name is a TypeError. */
function settings(
  value: unknown,
  what: string,
  known: readonly string[],
  rename: (key: string) => string,
): Record<string, number> {
  const given = optionsObject(value, what, known);
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(given)) {
    if (v !== undefined) out[rename(key)] = requireUint32(v, `${what}.${key}`);
  }
  if (Object.keys(out).length === 0) throw new TypeError(`${what}: give at least one of ${known.join(', ')}`);
  return out;
}

/**
 * One of a daemon's servers, as the admin API sees it (`virAdmServerPtr`): `libvirtd` (hypervisor clients) or
 * `admin` (admin clients); its thread pool, client limits, clients and TLS.
 */
export class AdminServer {
  /** The server's name: `libvirtd`, `admin`, `virtqemud`, … (`virAdmServerGetName`). */
  readonly name: string;
  readonly #handle: Handle;

  /** @internal Servers come from `admin.servers()` and `admin.server(name)`; the constructor is not public API. */
  constructor(handle: Handle, name: string) {
    this.#handle = handle;
    this.name = name;
  }

  /** The server's worker pool: limits and current counts (`virAdmServerGetThreadPoolParameters`). */
  async threadPool(): Promise<ThreadPoolInfo> {
    const raw = await call('virAdmServerGetThreadPoolParameters', this.#handle, 0);
    const info = Object.fromEntries(THREAD_POOL_FIELDS.map((f) => [f, numberField(raw, f)]));
    return { ...(info as Omit<ThreadPoolInfo, 'raw'>), raw };
  }

  /**
   * Changes the worker pool's limits (`virAdmServerSetThreadPoolParameters`); fields left out stay as they
   * are. libvirt refuses a minimum above the maximum, or no workers at all.
   */
  async setThreadPool(settingsGiven: ThreadPoolSettings): Promise<void> {
    const params = settings(settingsGiven, 'setThreadPool', THREAD_POOL_SETTINGS, (k) => k);
    await call('virAdmServerSetThreadPoolParameters', this.#handle, params, 0);
  }

  /** How many clients the server accepts and has, in all and waiting for authentication (`virAdmServerGetClientLimits`). */
  async clientLimits(): Promise<ClientLimits> {
    const raw = await call('virAdmServerGetClientLimits', this.#handle, 0);
    const limits = Object.fromEntries(
      Object.entries(CLIENT_LIMIT_FIELDS).map(([key, name]) => [key, numberField(raw, name)]),
    );
    return { ...(limits as Omit<ClientLimits, 'raw'>), raw };
  }

  /**
   * Changes the client limits (`virAdmServerSetClientLimits`); fields left out stay as they are. libvirt
   * refuses a limit on unauthenticated clients above the limit on all clients.
   */
  async setClientLimits(settingsGiven: ClientLimitSettings): Promise<void> {
    const params = settings(
      settingsGiven,
      'setClientLimits',
      CLIENT_LIMIT_SETTINGS,
      (k) => CLIENT_LIMIT_FIELDS[k as keyof typeof CLIENT_LIMIT_FIELDS],
    );
    await call('virAdmServerSetClientLimits', this.#handle, params, 0);
  }

  /** The clients connected to this server now, with id, transport and connection time (`virAdmServerListClients`). */
  async clients(): Promise<AdminClient[]> {
    const found = await describeEach('virAdmServerListClients', [this.#handle, 0], CLIENT_DESCRIBERS);
    return found.map(([handle, described]) => adminClient(handle, described));
  }

  /**
   * The client with this id (`virAdmServerLookupClient`); rejects with `ErrorCode.NO_CLIENT` when the server
   * has none.
   */
  async client(id: number): Promise<AdminClient> {
    requireCount(id, 'client id');
    const [handle, described] = await describeOne(
      'virAdmServerLookupClient',
      [this.#handle, id, 0],
      CLIENT_DESCRIBERS,
    );
    return adminClient(handle, described);
  }

  /**
   * Makes the server read its TLS files again: CA certificate, CRL, server certificate and key
   * (`virAdmServerUpdateTlsFiles`). Rejects when the server has no TLS service.
   */
  async updateTlsFiles(): Promise<void> {
    await call('virAdmServerUpdateTlsFiles', this.#handle, 0);
  }

  /**
   * True once this object's reference was released (by `free()` or the admin connection's close). Makes no
   * libvirt call.
   */
  get freed(): boolean {
    return this.#handle.freed;
  }

  /** Releases this object's libvirt reference (`virAdmServerFree`); the server keeps running. Idempotent. */
  async free(): Promise<void> {
    await this.#handle.free();
  }

  /** `await using` support: the same as `free()` (`virAdmServerFree`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.free();
  }
}

/** Wraps a server handle and its name read in the same round trip. */
export function adminServer(handle: Handle, described: unknown[]): AdminServer {
  return new AdminServer(handle, described[0] as string);
}
