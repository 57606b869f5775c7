import type { Handle } from '../../native/handles.js';
import { call, configureConnection, setCallAnnotator } from '../../native/libvirt.js';
import { optionalBoolean, optionalTimeoutMs, optionsObject } from '../core/checks.js';
import { captureFlagNotes, explainUnsupportedFlags, hasFlagNotes } from '../core/flag-options.js';
import { registerHypervisor } from '../core/hypervisor-handle.js';
import { current } from '../core/live-handles.js';
import { decodeVersion, type NodeInfo, type Version } from '../core/values.js';
import { Domain } from '../domain/domain.js';
import { DomainCollection } from '../domain/domains.js';
import type {
  DomainEventName,
  EventMap,
  EventName,
  MonitorOptionsFor,
  QemuMonitorEventOptions,
} from '../events/event-types.js';
import {
  attachHub,
  EventHub,
  type EventListener,
  type EventStream,
  type EventSubscription,
  type EventsOptions,
  splitMonitorOptions,
} from '../events/events.js';
import type { DomainCapabilitiesOptions, VirtualizationSupportOptions } from '../host/capabilities.js';
import * as host from '../host/capabilities.js';
import { Host } from '../host/node.js';
import { NodeDeviceCollection } from '../host/node-devices.js';
import { SecretCollection } from '../host/secrets.js';
import type { VirtualizationSupport } from '../host/virtualization-support.js';
import { InterfaceCollection } from '../network/interfaces.js';
import { NetworkCollection } from '../network/networks.js';
import { NWFilterBindingCollection, NWFilterCollection } from '../network/nwfilters.js';
import { StoragePoolCollection } from '../storage/pools.js';
import type { Capabilities, DomainCapabilities } from '../xml/index.js';
import { adoptHandle } from './adopt.js';
import { type ConnectAuth, checkConcurrency, openConnection } from './connect.js';
import { createFromIso } from './create-from-iso.js';
import { ConnectionHealth, type HealthOptions, settleHealthOptions } from './health.js';
import { type ConnectIdentity, setIdentity } from './identity.js';

// A refused flag's error names the option that set it (core/flag-options.ts).
setCallAnnotator({ pending: hasFlagNotes, capture: captureFlagNotes, annotate: explainUnsupportedFlags });

/**
 * `Hypervisor.connect()` options. `keepAlive` (default: on for every connection through a daemon, 5 s × 5) and
 * `reconnect` (default: off) are the connection-health options (`HealthOptions`; docs/events.md has the
 * details).
 */
export interface ConnectOptions extends HealthOptions {
  /** Open a read-only connection (`VIR_CONNECT_RO`): queries work, changes are refused by libvirt. */
  readOnly?: boolean;
  /** Credentials for drivers that ask for them: a username/password pair, or a callback answering libvirt. */
  auth?: ConnectAuth;
  /**
   * Calls in flight at once on a connection through a daemon (1–64, default 8: measured fastest for
   * lookups on qemu:///system, see docs/performance.md). libvirt's client sends them side by side on the one
   * connection; libvirtd serves `max_client_requests` (5 by default) of them at once per client and queues
   * the rest. In-process drivers (`test:///…`) ignore it: one batched worker is fastest there.
   */
  concurrency?: number;
  /**
   * How long one call of an `auth` callback may take, in ms, before `connect` (or a reconnect) fails with a
   * LibvirtError `OPERATION_TIMEOUT`: an integer from 0 to 2^31−1, or `Infinity` to wait as long as it takes.
   * Default 120000 (2 minutes, time for a person to type a password).
   */
  credentialTimeoutMs?: number;
}

const CONNECT_OPTIONS = [
  'readOnly',
  'auth',
  'credentialTimeoutMs',
  'keepAlive',
  'reconnect',
  'concurrency',
] as const;

/**
 * Checks `Hypervisor.connect`'s options before anything is opened: an object of known names (a typo is a
 * TypeError), `readOnly` a boolean, `credentialTimeoutMs` a timeout, `concurrency` 1–64; auth and the health
 * options are checked where they are used.
 */
function checkConnectOptions(options: unknown): ConnectOptions {
  const o = optionsObject(options, 'Hypervisor.connect options', CONNECT_OPTIONS);
  optionalBoolean(o.readOnly, 'Hypervisor.connect options.readOnly');
  optionalTimeoutMs(o.credentialTimeoutMs, 'Hypervisor.connect options.credentialTimeoutMs');
  checkConcurrency(o.concurrency);
  return o as ConnectOptions;
}

/**
 * A connection to a hypervisor: `await using hv = await Hypervisor.connect('qemu:///system')`.
 * Every method runs libvirt off the main thread and rejects with a LibvirtError on failure.
 */
export class Hypervisor {
  /** The first connection handle; after a reconnect `current()` gives its replacement. */
  readonly #root: Handle;
  readonly #events: EventHub;
  readonly #health: ConnectionHealth;
  /** The connection's canonical URI as libvirt reports it (e.g. `qemu:///system`). */
  readonly uri: string;
  /** The domains of this connection. */
  readonly domains: DomainCollection;
  /** The storage pools of this connection (their volumes: `pool.volumes`). */
  readonly pools: StoragePoolCollection;
  /** The virtual networks of this connection. */
  readonly networks: NetworkCollection;
  /** The host's network interfaces. */
  readonly interfaces: InterfaceCollection;
  /** The host devices libvirt knows (PCI, USB, network, SCSI, …). */
  readonly nodeDevices: NodeDeviceCollection;
  /** The secrets (passphrases, keys) libvirt stores. */
  readonly secrets: SecretCollection;
  /** The network filters (ebtables/iptables rule sets for guest interfaces). */
  readonly nwfilters: NWFilterCollection;
  /** The network filters applied to host-side ports. */
  readonly nwfilterBindings: NWFilterBindingCollection;
  /** The host: CPU and memory counters, NUMA free memory, CPU map, CPU comparison and baselines, sysinfo. */
  readonly host: Host;

  private constructor(handle: Handle, uri: string, options: ConnectOptions) {
    this.#root = handle;
    this.uri = uri;
    registerHypervisor(this, () => this.#handle);
    this.#events = new EventHub(
      () => this.#handle,
      () => void this.#health.watchClose().catch(() => {}),
    );
    attachHub(handle, this.#events);
    const reopen = async () => {
      const fresh = await openConnection(
        uri,
        options.readOnly ?? false,
        options.auth,
        options.credentialTimeoutMs,
        options.concurrency,
      );
      attachHub(fresh, this.#events);
      return fresh;
    };
    this.#health = new ConnectionHealth(handle, this.#events, settleHealthOptions(uri, options), reopen);
    this.domains = new DomainCollection(handle, (opts) => createFromIso(this, opts));
    this.pools = new StoragePoolCollection(handle);
    this.networks = new NetworkCollection(handle);
    this.interfaces = new InterfaceCollection(handle);
    this.nodeDevices = new NodeDeviceCollection(handle);
    this.secrets = new SecretCollection(handle);
    this.nwfilters = new NWFilterCollection(handle);
    this.nwfilterBindings = new NWFilterBindingCollection(handle);
    this.host = new Host(handle);
  }

  /**
   * Opens a connection. `uri` defaults to libvirt's own default (LIBVIRT_DEFAULT_URI, then the first driver
   * that answers), as virsh does; `test:///default` is libvirt's in-process test driver and needs no daemon.
   */
  static async connect(uri?: string | null, options: ConnectOptions = {}): Promise<Hypervisor> {
    options = checkConnectOptions(options);
    settleHealthOptions(uri ?? null, options);
    const concurrency = checkConcurrency(options.concurrency);
    const handle = await openConnection(
      uri ?? null,
      options.readOnly ?? false,
      options.auth,
      options.credentialTimeoutMs,
      concurrency,
    );
    try {
      const canonical = await call('virConnectGetURI', handle);
      // The default URI (null) is known only now: its kind decides how the calls run.
      if (uri == null) configureConnection(handle, canonical, concurrency);
      const hv = new Hypervisor(handle, canonical, options);
      await hv.#health.start();
      return hv;
    } catch (err) {
      await handle.free();
      throw err;
    }
  }

  /** True until `close()`. Makes no libvirt call. */
  get closed(): boolean {
    return this.#handle.freed;
  }

  /**
   * Closes the connection, releasing first every object obtained through it (their methods reject from then
   * on). Resolves once libvirt holds no reference to the connection. Idempotent. Releases the connection with
   * `virConnectClose`, after deregistering its event callbacks.
   */
  async close(): Promise<void> {
    if (!this.#handle.freed) {
      this.#health.stop();
      this.#events.emit('close', { reason: 'client' });
      await this.#events.close();
    }
    const remaining = await this.#handle.free();
    if (remaining > 0) {
      process.emitWarning(
        `libvirt-ts: ${this.uri} closed but libvirt still holds ${remaining} reference(s) to it`,
        'LibvirtReferenceWarning',
      );
    }
  }

  /** `await using` support: the same as `close()` (`virConnectClose`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The host's name (`virConnectGetHostname`). */
  hostname(): Promise<string> {
    return call('virConnectGetHostname', this.#handle) as Promise<string>;
  }

  /** The hypervisor's version, e.g. QEMU 7.2.22 (`virConnectGetVersion`). */
  async version(): Promise<Version> {
    return decodeVersion(await call('virConnectGetVersion', this.#handle));
  }

  /** The version of libvirt serving this connection — the daemon's for remote URIs (`virConnectGetLibVersion`). */
  async libVersion(): Promise<Version> {
    return decodeVersion(await call('virConnectGetLibVersion', this.#handle));
  }

  /** The host's capabilities, typed (`virConnectGetCapabilities`): host CPU, NUMA, the guests it can run. */
  capabilities(): Promise<Capabilities> {
    return host.capabilities(this.#handle);
  }

  /** The host's capabilities document as libvirt wrote it (`virConnectGetCapabilities`). */
  capabilitiesXml(): Promise<string> {
    return host.capabilitiesXml(this.#handle);
  }

  /**
   * What one emulator/arch/machine/virt type supports, typed (`virConnectGetDomainCapabilities`): CPU modes
   * and models, disk buses, video models, firmware, … libvirt picks defaults for what is not given.
   */
  domainCapabilities(options?: DomainCapabilitiesOptions): Promise<DomainCapabilities> {
    return host.domainCapabilities(this.#handle, options);
  }

  /** The domain capabilities document as libvirt wrote it (`virConnectGetDomainCapabilities`). */
  domainCapabilitiesXml(options?: DomainCapabilitiesOptions): Promise<string> {
    return host.domainCapabilitiesXml(this.#handle, options);
  }

  /** The CPU model names the hypervisor knows for an arch (`virConnectGetCPUModelNames`). */
  cpuModelNames(arch: string): Promise<string[]> {
    return host.cpuModelNames(this.#handle, arch);
  }

  /** The host's free memory in bytes (`virNodeGetFreeMemory`). */
  freeMemory(): Promise<number> {
    return host.freeMemory(this.#handle);
  }

  /**
   * Can this host run KVM guests (hardware extensions present and a 'kvm' domain type offered), else plain
   * QEMU — and which CPU models, disk buses, video models, graphics and firmware a guest may use. Reads
   * `virConnectGetCapabilities` and `virConnectGetDomainCapabilities`.
   */
  virtualizationSupport(options?: VirtualizationSupportOptions): Promise<VirtualizationSupport> {
    return host.virtualizationSupport(this.#handle, options);
  }

  /** CPU and memory of the host (`virNodeGetInfo`). */
  async nodeInfo(): Promise<NodeInfo> {
    const n = await call('virNodeGetInfo', this.#handle);
    return {
      model: n.model,
      memoryKiB: n.memory,
      cpus: n.cpus,
      mhz: n.mhz,
      nodes: n.nodes,
      sockets: n.sockets,
      cores: n.cores,
      threads: n.threads,
    };
  }

  /**
   * Declares the real client this connection acts for (`virConnectSetIdentity`): for proxies, so the daemon
   * checks that client's permissions. Needs a privileged connection; at least one field.
   */
  setIdentity(identity: ConnectIdentity): Promise<void> {
    return setIdentity(this.#handle, identity);
  }

  /** Whether the connection still works (`virConnectIsAlive`); false, not an error, once closed. */
  async isAlive(): Promise<boolean> {
    if (this.#handle.freed) return false;
    return (await call('virConnectIsAlive', this.#handle)) === 1;
  }

  /** The connection handle in use (a reconnect replaces it). */
  get #handle(): Handle {
    return current(this.#root);
  }

  /**
   * Listens for an event of this connection: `hv.on('domain.lifecycle', (e) => …)`, `'close'`, … Each listener
   * is one libvirt registration, freed by `off`; await the result's `ready` before causing the event. The
   * registration is `virConnectDomainEventRegisterAny` (or the network, storage pool, node device or secret
   * family's `…EventRegisterAny`; `virConnectRegisterCloseCallback` for `'close'`).
   */
  on<K extends EventName>(
    name: K,
    listener: EventListener<K>,
    options?: MonitorOptionsFor<K>,
  ): EventSubscription {
    return this.#events.on(name, listener, undefined, options);
  }

  /** Like `on`, for the next event only. Registers as `on` does (`virConnectDomainEventRegisterAny`, …). */
  once<K extends EventName>(
    name: K,
    listener: EventListener<K>,
    options?: MonitorOptionsFor<K>,
  ): EventSubscription {
    return this.#events.once(name, listener, undefined, options);
  }

  /**
   * Removes `listener` (every subscription it has to `name`) and frees its libvirt registrations
   * (`virConnectDomainEventDeregisterAny`, or the family's `…EventDeregisterAny`).
   */
  off<K extends EventName>(name: K, listener: EventListener<K>): Promise<void> {
    return this.#events.off(name, listener);
  }

  /**
   * Events as an async iterator: `for await (const e of hv.events('domain.lifecycle', { signal }))`. Ends when
   * `signal` aborts or the Hypervisor closes. `domain` limits it to one domain. `'qemu.monitor'` (QEMU's own
   * monitor events, virConnectDomainQemuMonitorEventRegister) also takes `event` (a name, or a pattern with
   * `regex: true`) and `nocase`. Each iterator is one registration (`virConnectDomainEventRegisterAny`, …),
   * freed when it ends.
   */
  events<K extends EventName>(
    name: K,
    options: EventsOptions & { domain?: Domain } & (K extends 'qemu.monitor'
        ? QemuMonitorEventOptions
        : unknown) = {} as never,
  ): EventStream<EventMap[K]> {
    const { domain, ...others } = options as EventsOptions & { domain?: Domain } & QemuMonitorEventOptions;
    const { rest, monitor } = splitMonitorOptions(name, others);
    if (domain === undefined) return this.#events.events(name, rest, undefined, monitor);
    if (!(domain instanceof Domain)) throw new TypeError('events(): options.domain must be a Domain');
    // Domain.events refuses names that are not domain events.
    return domain.events(
      name as K & (DomainEventName | 'qemu.monitor'),
      { ...rest, ...monitor } as never,
    ) as unknown as EventStream<EventMap[K]>;
  }

  /**
   * Wraps an object handle that `libvirt-ts/raw`'s `call()` returned on this connection (pass `toRaw(hv)` as
   * the connection) into its object — a Domain, StoragePool, StorageVolume, Network, Secret, NodeDevice,
   * Interface, NWFilter or NWFilterBinding — with a reference of its own (`virDomainRef`, `virNetworkRef`, …):
   * `handle` stays yours to free. `as` (the class) checks and types the result. No second connection is
   * opened; a handle of another connection is a TypeError. Snapshots, checkpoints and network ports:
   * `dom.snapshots.fromRaw`, `dom.checkpoints.fromRaw`, `network.ports.fromRaw`.
   */
  async fromRaw<T = unknown>(handle: Handle, as?: abstract new (...args: never[]) => T): Promise<T> {
    if (as !== undefined && typeof as !== 'function') throw new TypeError('fromRaw: as must be a class');
    const object = await adoptHandle(this.#handle, handle);
    if (as !== undefined && !(object instanceof as)) {
      await (object as { free(): Promise<void> }).free();
      throw new TypeError(`fromRaw: the handle is a ${handle.kind}, not a ${as.name}`);
    }
    return object as T;
  }

  /** `Hypervisor(uri)`, for logs; no libvirt call. */
  toString(): string {
    return `Hypervisor(${this.uri})`;
  }
}
