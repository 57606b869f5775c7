import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  DomainDeviceModifyFlags,
  DomainFDAssociateFlags,
  DomainModificationImpact,
} from '../../native/generated/enums.js';
import type { TypedParams } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call, domainGetStats, domainScreenshot } from '../../native/libvirt.js';
import type { Hypervisor } from '../connection/hypervisor.js';
import {
  optionalBoolean,
  optionsObject,
  requireBoolean,
  requireFileDescriptors,
  requireMemoryKiB,
  requireNonEmptyString,
  requireString,
  requireUint32,
} from '../core/checks.js';
import { ErrorCode, ErrorDomain, ErrorLevel, LibvirtError } from '../core/errors.js';
import { hypervisorHandle } from '../core/hypervisor-handle.js';
import { LiveObject } from '../core/live-object.js';
import { type DomainInfo, type DomainStateName, decodeDomainInfo } from '../core/values.js';
import type {
  DomainEventName,
  EventMap,
  MonitorOptionsFor,
  QemuMonitorEventOptions,
} from '../events/event-types.js';
import {
  type EventListener,
  type EventStream,
  type EventSubscription,
  type EventsOptions,
  hubOf,
  splitMonitorOptions,
} from '../events/events.js';
import { type DomainDef, parseDomainXml } from '../xml/index.js';
import { type AddressSource, DomainAgent, type GuestInterface, interfaceAddresses } from './agent.js';
import { DomainBlockJobs } from './block-jobs.js';
import { type ChannelOptions, openChannel } from './channel.js';
import { DomainBackup, DomainCheckpointCollection } from './checkpoints.js';
import { type ConsoleOptions, openConsole } from './console.js';
import { DomainDebug } from './debug.js';
import { type DeviceDefinition, deviceXml } from './devices.js';
import { type GraphicsEndpoint, graphicsEndpoints } from './graphics.js';
import { connectGraphicsSocket, type OpenGraphicsOptions, openGraphicsSocket } from './graphics-socket.js';
import { DomainJobs } from './jobs.js';
import { DomainLaunchSecurity } from './launch-security.js';
import { DomainLxc } from './lxc.js';
import { type MigrateOptions, migrateDomain } from './migration.js';
import { DomainMigrationTuning } from './migration-tuning.js';
import * as misc from './misc.js';
import {
  type AffectOptions,
  affectFlags,
  type DestroyOptions,
  type DomainXmlOptions,
  destroyFlags,
  memoryFlags,
  rebootFlags,
  type SaveOptions,
  type SetMemoryOptions,
  type SetVcpusOptions,
  type ShutdownOptions,
  type StartOptions,
  saveFlags,
  shutdownFlags,
  startFlags,
  type UndefineOptions,
  undefineFlags,
  vcpuFlags,
  xmlFlags,
} from './options.js';
import { DomainQemu } from './qemu.js';
import {
  deleteDiskVolumes,
  findDiskVolumes,
  type RemovedStorage,
  releaseDiskVolumes,
} from './remove-storage.js';
import { type DomainSaveOptions, saveParams } from './save-params.js';
import { DomainSnapshotCollection } from './snapshots.js';
import { type DomainState, decodeDomainState } from './state.js';
import { type DomainStats, decodeDomainStats, type StatsOptions, statsArguments } from './stats.js';
import { DomainTuning } from './tuning.js';
import { deviceWithVolumeFormat } from './volume-disk-format.js';
import { type ShutdownWaitOptions, shutdownAndWait, type WaitForOptions, waitForState } from './wait.js';

/** `domain.blockStats()`: cumulative counters of one disk (bigints by the 64-bit rule; -1 = not supported). */
export interface BlockIoStats {
  /** Read requests (`rd_req`). */
  readRequests: bigint;
  /** Bytes read (`rd_bytes`). */
  readBytes: bigint;
  /** Write requests (`wr_req`). */
  writeRequests: bigint;
  /** Bytes written (`wr_bytes`). */
  writeBytes: bigint;
  /** Errors (`errs`: only Xen reports it; -1 where unsupported). */
  errors: bigint;
}

/** `domain.interfaceStats()`: cumulative counters of one interface (-1 = not supported). */
export interface InterfaceIoStats {
  /** Bytes received (`rx_bytes`). */
  rxBytes: bigint;
  /** Packets received (`rx_packets`). */
  rxPackets: bigint;
  /** Receive errors (`rx_errs`). */
  rxErrors: bigint;
  /** Received packets dropped (`rx_drop`). */
  rxDrops: bigint;
  /** Bytes sent (`tx_bytes`). */
  txBytes: bigint;
  /** Packets sent (`tx_packets`). */
  txPackets: bigint;
  /** Transmit errors (`tx_errs`). */
  txErrors: bigint;
  /** Sent packets dropped (`tx_drop`). */
  txDrops: bigint;
}

/** `domain.screenshot()`: the image as the hypervisor made it (QEMU: PPM or PNG). */
export interface Screenshot {
  /** The image's type as the hypervisor wrote it (`image/png`, `image/x-portable-pixmap`, …). */
  mimeType: string;
  /** The image file's bytes. */
  data: Buffer;
}

/**
 * `dom.shutdown({ wait: true, timeoutMs, forceAfterTimeout, signal })`: resolve once the guest is off. The
 * waiting options (`timeoutMs`, `signal`, `forceAfterTimeout`) only exist with `wait: true`.
 */
export type ShutdownWaitFlag =
  | { wait?: false; timeoutMs?: never; signal?: never; forceAfterTimeout?: never }
  | ({ wait: true } & ShutdownWaitOptions);

const WAIT_ONLY_OPTIONS = ['timeoutMs', 'signal', 'forceAfterTimeout'] as const;

/**
 * A libvirt domain (a virtual machine). Holds one libvirt reference, released by `free()`, `await using`, the
 * connection's `close()`, or — as a safety net — garbage collection. After that every method rejects with a
 * LibvirtError instead of reaching C.
 *
 * Style: every query and change is an async method (`getAutostart()` / `setAutostart(on)`, `id()`), because
 * each one is a libvirt call; `name` and `uuid` are plain properties read when the domain was looked up.
 */
export class Domain extends LiveObject {
  #name: string;
  /** The domain's snapshots. */
  readonly snapshots: DomainSnapshotCollection;
  /** Block jobs (commit, copy, pull, rebase) and live disk resize. */
  readonly blockJobs = new DomainBlockJobs(() => this.handle);
  /** Requests answered by the guest agent. */
  readonly agent = new DomainAgent(() => this.handle);
  /** The domain's checkpoints (incremental backup points). */
  readonly checkpoints = new DomainCheckpointCollection(() => this.handle);
  /** The domain's backup job. */
  readonly backup = new DomainBackup(() => this.handle);
  /** Resource tuning: blkio/memory/NUMA/scheduler/bandwidth/I/O limits, vCPUs, pinning, IOThreads. */
  readonly tuning = new DomainTuning(() => this.handle);
  /** The background job (migration, save, dump): progress, statistics, abort. */
  readonly jobs = new DomainJobs(() => this.handle);
  /** Migration tuning: bandwidth, downtime, compression cache, post-copy. */
  readonly migration = new DomainMigrationTuning(() => this.handle);
  /** NMIs, key presses, guest process signals, core dumps, raw disk and memory reads. */
  readonly debug = new DomainDebug(() => this.handle);
  /** QEMU only (libvirt-qemu): monitor commands (QMP or HMP) and raw guest-agent commands, parsed. */
  readonly qemu = new DomainQemu(() => this.handle, this.agent);
  /** AMD SEV / SEV-SNP launch security: the launch measurement, and injecting a launch secret. */
  readonly launchSecurity = new DomainLaunchSecurity(() => this.handle);
  /** LXC only (libvirt-lxc): the container's namespaces as file descriptors. */
  readonly lxc = new DomainLxc(() => this.handle);

  /** @internal Domains come from `hv.domains`; the constructor is not public API. */
  constructor(
    handle: Handle,
    name: string,
    /** The domain's UUID, e.g. "6695eb01-f6a4-8304-79aa-97f2502e193f". */
    readonly uuid: string,
  ) {
    super(handle, { fn: 'virDomainLookupByUUIDString', key: uuid });
    this.#name = name;
    this.snapshots = new DomainSnapshotCollection(() => this.handle);
  }

  /** The domain's name when it was looked up (or last renamed through this object). Makes no libvirt call. */
  get name(): string {
    return this.#name;
  }

  // ---- identity and definition

  /** The hypervisor's ID of a running domain; undefined when it is not running (`virDomainGetID`). */
  async id(): Promise<number | undefined> {
    try {
      return await call('virDomainGetID', this.handle);
    } catch (err) {
      // An inactive domain has no ID: libvirt returns (unsigned)-1 without an error of its own.
      if (err instanceof LibvirtError && !(await this.isActive())) return undefined;
      throw err;
    }
  }

  /** Whether the domain is running (`virDomainIsActive`). */
  async isActive(): Promise<boolean> {
    return (await call('virDomainIsActive', this.handle)) === 1;
  }

  /**
   * Whether the domain has a persistent definition, as opposed to a transient one that disappears when it stops
   * (`virDomainIsPersistent`).
   */
  async isPersistent(): Promise<boolean> {
    return (await call('virDomainIsPersistent', this.handle)) === 1;
  }

  /** The domain's XML (`virDomainGetXMLDesc`): the live definition, or the next boot's with `inactive`. */
  async xml(options?: DomainXmlOptions): Promise<string> {
    return call('virDomainGetXMLDesc', this.handle, xmlFlags(options, 'domain.xml options'));
  }

  /** The typed definition (the XML model's `DomainDef`). Reads it with `virDomainGetXMLDesc`. */
  async definition(options?: DomainXmlOptions): Promise<DomainDef> {
    return parseDomainXml(await this.xml(options));
  }

  /** Renames an inactive domain (`virDomainRename`); `name` follows. */
  async rename(newName: string): Promise<void> {
    requireNonEmptyString(newName, 'domain.rename newName');
    await call('virDomainRename', this.handle, newName, 0);
    this.#name = newName;
  }

  // ---- lifecycle

  /**
   * Starts a defined domain (`virDomainCreate`; with options `virDomainCreateWithFlags`). `files`: file
   * descriptors of this process handed to the guest's QEMU as it starts (`virDomainCreateWithFiles`; the LXC
   * driver passes them to the container's init) — libvirt duplicates them, they stay yours to close.
   */
  async start(options?: StartOptions & { files?: number[] }): Promise<void> {
    // The plain calls below (no options) work on every driver and older libvirt.
    if (options === undefined) return void (await call('virDomainCreate', this.handle));
    if (options !== null && typeof options === 'object' && 'files' in options) {
      const { files, ...rest } = options;
      const fds = requireFileDescriptors(files, 'domain.start files');
      const flags = startFlags(rest, 'domain.start options');
      return void (await call('virDomainCreateWithFiles', this.handle, fds, flags));
    }
    await call('virDomainCreateWithFlags', this.handle, startFlags(options, 'domain.start options'));
  }

  /** Asks the guest to shut down (`virDomainShutdownFlags`); resolves when the request is sent, not when it is off. */
  async shutdown(options?: ShutdownOptions & ShutdownWaitFlag): Promise<void> {
    const given = options !== null && typeof options === 'object' ? options : undefined;
    const wait = given ? optionalBoolean(given.wait, 'domain.shutdown options.wait') : undefined;
    if (!wait && given) {
      const waitOnly = WAIT_ONLY_OPTIONS.find((key) => key in given);
      if (waitOnly !== undefined)
        throw new TypeError(
          `domain.shutdown options.${waitOnly} needs wait: true (without it, shutdown() only sends the request)`,
        );
    }
    if (wait) {
      const {
        wait: _,
        timeoutMs,
        signal,
        forceAfterTimeout,
        ...rest
      } = given as ShutdownOptions & ShutdownWaitOptions & { wait: true };
      const flags = shutdownFlags(rest, 'domain.shutdown options');
      // No mode given: libvirt's original call, which every driver has (as below).
      const request = async () =>
        void (Object.keys(rest).length === 0
          ? await call('virDomainShutdown', this.handle)
          : await call('virDomainShutdownFlags', this.handle, flags));
      await shutdownAndWait(
        hubOf(this.original, 'domain.shutdown'),
        () => this.handle,
        request,
        () => this.destroy(),
        { timeoutMs, signal, forceAfterTimeout },
      );
      return;
    }
    let plain: ShutdownOptions | undefined = options;
    if (wait === false) {
      // `wait: false` is the plain request: the other options as they are, without it.
      const { wait: _, ...rest } = given as ShutdownOptions & { wait?: boolean };
      plain = Object.keys(rest).length === 0 ? undefined : rest;
    }
    if (plain === undefined) return void (await call('virDomainShutdown', this.handle));
    await call('virDomainShutdownFlags', this.handle, shutdownFlags(plain, 'domain.shutdown options'));
  }

  /** Asks the guest to reboot (`virDomainReboot`). */
  async reboot(options?: ShutdownOptions): Promise<void> {
    await call('virDomainReboot', this.handle, rebootFlags(options, 'domain.reboot options'));
  }

  /** Resets the virtual hardware at once, like a reset button (`virDomainReset`). */
  async reset(): Promise<void> {
    await call('virDomainReset', this.handle, 0);
  }

  /** Stops the guest at once, like pulling the plug (`virDomainDestroyFlags`). */
  async destroy(options?: DestroyOptions): Promise<void> {
    if (options === undefined) return void (await call('virDomainDestroy', this.handle));
    await call('virDomainDestroyFlags', this.handle, destroyFlags(options, 'domain.destroy options'));
  }

  /** Pauses the vCPUs (`virDomainSuspend`). */
  async suspend(): Promise<void> {
    await call('virDomainSuspend', this.handle);
  }

  /** Resumes paused vCPUs (`virDomainResume`). */
  async resume(): Promise<void> {
    await call('virDomainResume', this.handle);
  }

  /** Wakes a guest from power-management suspend (`virDomainPMWakeup`). */
  async pmWakeup(): Promise<void> {
    await call('virDomainPMWakeup', this.handle, 0);
  }

  /**
   * Removes the persistent definition (`virDomainUndefineFlags`); a running domain becomes transient. With
   * `removeAllStorage`, then deletes the storage volumes behind its disks (`virStorageVolDelete`, as `virsh
   * undefine --remove-all-storage`) and resolves with what happened to each; otherwise with `[]`.
   */
  async undefine(options?: UndefineOptions): Promise<RemovedStorage[]> {
    if (options === undefined) {
      await call('virDomainUndefine', this.handle);
      return [];
    }
    let flagOptions: unknown = options;
    let removeStorage = false;
    if (options !== null && typeof options === 'object' && 'removeAllStorage' in options) {
      const { removeAllStorage, ...rest } = options;
      removeStorage = optionalBoolean(removeAllStorage, 'domain.undefine options.removeAllStorage') ?? false;
      flagOptions = rest;
    }
    const flags = undefineFlags(flagOptions, 'domain.undefine options');
    if (!removeStorage) {
      await call('virDomainUndefineFlags', this.handle, flags);
      return [];
    }
    const connection = this.handle.connection;
    if (connection === null || (await this.isActive())) {
      throw new LibvirtError(
        {
          code: ErrorCode.OPERATION_INVALID,
          domain: ErrorDomain.DOMAIN,
          level: ErrorLevel.ERROR,
          message: `domain '${this.name}' is running: its storage can be removed only once it is stopped (as virsh)`,
        },
        'domain.undefine',
      );
    }
    const found = await findDiskVolumes(connection, await call('virDomainGetXMLDesc', this.handle, 0));
    try {
      await call('virDomainUndefineFlags', this.handle, flags);
    } catch (err) {
      await releaseDiskVolumes(found);
      throw err;
    }
    return deleteDiskVolumes(found);
  }

  /**
   * The guest's interfaces and their addresses (`virDomainInterfaceAddresses`, as `virsh domifaddr`), from DHCP
   * leases (default), the guest agent (`{ source: 'agent' }`) or the host's ARP table (`'arp'`).
   */
  interfaceAddresses(options?: { source?: AddressSource }): Promise<GuestInterface[]> {
    return interfaceAddresses(this.handle, options, 'domain.interfaceAddresses');
  }

  /** Saves memory to `path` and stops the guest (`virDomainSaveFlags`); `hv.domains.restore(path)` resumes it. */
  async save(path: string, options?: DomainSaveOptions): Promise<void> {
    requireNonEmptyString(path, 'domain.save path');
    const { xml, params, ...rest } = optionsObject(options, 'domain.save options', [
      'bypassCache',
      'running',
      'paused',
      'xml',
      'params',
    ]);
    const dxml = xml === undefined ? null : requireString(xml, 'domain.save options.xml');
    const flags = saveFlags(rest, 'domain.save options');
    if (options === undefined) return void (await call('virDomainSave', this.handle, path));
    if (params !== undefined) {
      const typed = saveParams(path, dxml, params, 'domain.save options.params');
      return void (await call('virDomainSaveParams', this.handle, typed, flags));
    }
    await call('virDomainSaveFlags', this.handle, path, dxml, flags);
  }

  /** Saves to libvirt's own file; the next `start()` resumes from it (`virDomainManagedSave`). */
  async managedSave(options?: SaveOptions): Promise<void> {
    await call('virDomainManagedSave', this.handle, saveFlags(options, 'domain.managedSave options'));
  }

  /**
   * Whether a managed-save image exists for the next `start()` to resume from (`virDomainHasManagedSaveImage`).
   */
  async hasManagedSave(): Promise<boolean> {
    return (await call('virDomainHasManagedSaveImage', this.handle, 0)) === 1;
  }

  /** Deletes the managed-save image (`virDomainManagedSaveRemove`). */
  async removeManagedSave(): Promise<void> {
    await call('virDomainManagedSaveRemove', this.handle, 0);
  }

  // ---- state and settings

  /** State, memory, vCPUs and CPU time (`virDomainGetInfo`). */
  async info(): Promise<DomainInfo> {
    return decodeDomainInfo(await call('virDomainGetInfo', this.handle));
  }

  /** The state and libvirt's reason for it, by name: `{ state: 'paused', reason: 'user' }` (`virDomainGetState`). */
  async state(): Promise<DomainState> {
    const { state, reason } = await call('virDomainGetState', this.handle, 0);
    return decodeDomainState(state, reason);
  }

  /** Whether the domain starts with the host's libvirtd (`virDomainGetAutostart`). */
  async getAutostart(): Promise<boolean> {
    return (await call('virDomainGetAutostart', this.handle)) !== 0;
  }

  /** Sets whether the domain starts with the host's libvirtd (`virDomainSetAutostart`). */
  async setAutostart(on: boolean): Promise<void> {
    await call('virDomainSetAutostart', this.handle, requireBoolean(on, 'domain.setAutostart on') ? 1 : 0);
  }

  /**
   * Sets the memory allocation (or, with `maximum`, the ceiling) (`virDomainSetMemoryFlags`): KiB as a number,
   * or a size string as the builder takes it ('2 GiB', '512 MiB').
   */
  async setMemory(size: number | string, options?: SetMemoryOptions): Promise<void> {
    const kib = requireMemoryKiB(size, 'domain.setMemory size');
    // Exactly `{ live: true }` is what the original call does (works on every driver).
    if (memoryFlags(options, 'domain.setMemory options') === DomainModificationImpact.LIVE) {
      return void (await call('virDomainSetMemory', this.handle, kib));
    }
    await call('virDomainSetMemoryFlags', this.handle, kib, memoryFlags(options, 'domain.setMemory options'));
  }

  /** Sets the vCPU count (`virDomainSetVcpusFlags`). */
  async setVcpus(count: number, options?: SetVcpusOptions): Promise<void> {
    requireUint32(count, 'domain.setVcpus count');
    if (count === 0) throw new RangeError('domain.setVcpus count must be at least 1');
    const flags = vcpuFlags(options, 'domain.setVcpus options');
    if (flags === DomainModificationImpact.LIVE)
      return void (await call('virDomainSetVcpus', this.handle, count));
    await call('virDomainSetVcpusFlags', this.handle, count, flags);
  }

  // ---- devices

  /** Adds a device (`virDomainAttachDeviceFlags`): `{ disk: {...} }` from the XML model, or its XML. */
  async attachDevice(device: DeviceDefinition | string, options?: AffectOptions): Promise<void> {
    // A typed disk on a storage volume gets the volume's format, as at define time.
    const xml = deviceXml(
      await deviceWithVolumeFormat(this.handle.connection, device),
      'domain.attachDevice',
    );
    const flags = affectFlags(options, 'domain.attachDevice options');
    if (flags === DomainModificationImpact.LIVE)
      return void (await call('virDomainAttachDevice', this.handle, xml));
    await call('virDomainAttachDeviceFlags', this.handle, xml, flags);
  }

  /**
   * Removes a device, matched by libvirt on its identifying parts (target, MAC, alias)
   * (`virDomainDetachDeviceFlags`; exactly `{ live: true }` uses `virDomainDetachDevice`).
   */
  async detachDevice(device: DeviceDefinition | string, options?: AffectOptions): Promise<void> {
    const xml = deviceXml(device, 'domain.detachDevice');
    const flags = affectFlags(options, 'domain.detachDevice options');
    if (flags === DomainModificationImpact.LIVE)
      return void (await call('virDomainDetachDevice', this.handle, xml));
    await call('virDomainDetachDeviceFlags', this.handle, xml, flags);
  }

  /**
   * Removes the device whose `<alias name>` is `alias` (`virDomainDetachDeviceAlias`; e.g. `'ua-disk1'`, or
   * libvirt's own `'virtio-disk1'`). Live removal is asynchronous: the guest may take a while or refuse
   * (`domain.device-removed` says when it is gone).
   */
  async detachDeviceAlias(alias: string, options?: AffectOptions): Promise<void> {
    requireNonEmptyString(alias, 'domain.detachDeviceAlias alias');
    const flags = affectFlags(options, 'domain.detachDeviceAlias options');
    await call('virDomainDetachDeviceAlias', this.handle, alias, flags);
  }

  /**
   * Associates file descriptors of this process with the domain under `name`, for a device definition that
   * refers to them (`<source fdgroup='name'>`) (`virDomainFDAssociate`; local connections only, as fds cross a
   * UNIX socket). libvirt duplicates them: they stay yours to close. `restoreLabel`: restore their security
   * label once unused; `writable`: label them writable.
   */
  async fdAssociate(
    name: string,
    fds: number[],
    options?: { restoreLabel?: boolean; writable?: boolean },
  ): Promise<void> {
    requireNonEmptyString(name, 'domain.fdAssociate name');
    const checked = requireFileDescriptors(fds, 'domain.fdAssociate fds', { empty: false });
    const opts = optionsObject(options, 'domain.fdAssociate options', ['restoreLabel', 'writable']);
    const flags =
      (optionalBoolean(opts.restoreLabel, 'domain.fdAssociate restoreLabel')
        ? DomainFDAssociateFlags.RESTORE
        : 0) |
      (optionalBoolean(opts.writable, 'domain.fdAssociate writable') ? DomainFDAssociateFlags.WRITABLE : 0);
    await call('virDomainFDAssociate', this.handle, name, checked, flags);
  }

  /** Changes a device in place (e.g. the media of a CD-ROM) (`virDomainUpdateDeviceFlags`). */
  async updateDevice(
    device: DeviceDefinition | string,
    options?: AffectOptions & { force?: boolean },
  ): Promise<void> {
    const xml = deviceXml(
      await deviceWithVolumeFormat(this.handle.connection, device),
      'domain.updateDevice',
    );
    const { force, ...affect } = optionsObject(options, 'domain.updateDevice options', [
      'live',
      'config',
      'force',
    ]);
    // Force: e.g. eject a CD-ROM the guest has locked.
    const forced = force !== undefined && requireBoolean(force, 'domain.updateDevice options.force');
    const forceFlag = forced ? DomainDeviceModifyFlags.FORCE : 0;
    const flags = affectFlags(affect, 'domain.updateDevice options') | forceFlag;
    await call('virDomainUpdateDeviceFlags', this.handle, xml, flags);
  }

  /**
   * The graphical consoles of the live definition: where to point a VNC or SPICE client. Read from the XML
   * (`virDomainGetXMLDesc`).
   */
  async graphics(): Promise<GraphicsEndpoint[]> {
    return graphicsEndpoints(await this.definition());
  }

  /** A screenshot of `screen` (default 0) (`virDomainScreenshot`, read through a stream in one worker job). */
  async screenshot(options?: { screen?: number }): Promise<Screenshot> {
    const { screen } = optionsObject(options, 'domain.screenshot options', ['screen']);
    const index = screen === undefined ? 0 : requireUint32(screen, 'domain.screenshot options.screen');
    const { mimeType, data } = await domainScreenshot(this.handle, index);
    return { mimeType, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  }

  // ---- statistics

  /** Typed statistics of this domain (`virDomainListGetStats`); all groups unless `groups` says. */
  async stats(options?: StatsOptions): Promise<DomainStats> {
    const [stats, flags] = statsArguments(options, 'domain.stats options');
    const params = await domainGetStats(this.handle, stats, flags);
    return decodeDomainStats(params ?? {});
  }

  /** I/O counters of one disk, by target (`vda`) or source path (`virDomainBlockStats`). */
  async blockStats(disk: string): Promise<BlockIoStats> {
    requireNonEmptyString(disk, 'domain.blockStats disk');
    const s = await call('virDomainBlockStats', this.handle, disk);
    return {
      readRequests: s.rd_req,
      readBytes: s.rd_bytes,
      writeRequests: s.wr_req,
      writeBytes: s.wr_bytes,
      errors: s.errs,
    };
  }

  /** Traffic counters of one interface, by host device (`vnet0`) or MAC (`virDomainInterfaceStats`). */
  async interfaceStats(device: string): Promise<InterfaceIoStats> {
    requireNonEmptyString(device, 'domain.interfaceStats device');
    const s = await call('virDomainInterfaceStats', this.handle, device);
    return {
      rxBytes: s.rx_bytes,
      rxPackets: s.rx_packets,
      rxErrors: s.rx_errs,
      rxDrops: s.rx_drop,
      txBytes: s.tx_bytes,
      txPackets: s.tx_packets,
      txErrors: s.tx_errs,
      txDrops: s.tx_drop,
    };
  }

  // ---- host-side facts and settings (src/domain/misc.ts)

  /** The guest OS type ('hvm', 'linux', …) (`virDomainGetOSType`). */
  osType(): Promise<string> {
    return misc.osType(this.handle);
  }

  /** The security label of the guest's process (`virDomainGetSecurityLabel`). */
  securityLabel(): Promise<misc.SecurityLabel> {
    return misc.securityLabel(this.handle);
  }

  /** Every security driver's label (`virDomainGetSecurityLabelList`). */
  securityLabels(): Promise<misc.SecurityLabel[]> {
    return misc.securityLabels(this.handle);
  }

  /** The state of libvirt's control channel to the hypervisor (`virDomainGetControlInfo`). */
  controlInfo(): Promise<misc.ControlInfo> {
    return misc.controlInfo(this.handle);
  }

  /** Disks that hit I/O errors (`virDomainGetDiskErrors`). */
  diskErrors(): Promise<misc.DiskError[]> {
    return misc.diskErrors(this.handle);
  }

  /** Capacity, allocation and physical size of one disk (`virDomainGetBlockInfo`). */
  blockInfo(disk: string): Promise<misc.BlockInfo> {
    return misc.blockInfo(this.handle, disk);
  }

  /** Every counter the driver reports for one disk, typed (`virDomainBlockStatsFlags`). */
  blockStatsAll(disk: string): Promise<TypedParams> {
    return misc.blockStatsAll(this.handle, disk);
  }

  /** Title, description or a namespaced metadata element; undefined when unset (`virDomainGetMetadata`). */
  metadata(
    type: misc.MetadataTypeName,
    uri?: string,
    options?: { live?: boolean; config?: boolean },
  ): Promise<string | undefined> {
    return misc.metadata(this.handle, type, uri, options);
  }

  /** Sets or (with undefined) removes metadata (`virDomainSetMetadata`). */
  setMetadata(
    type: misc.MetadataTypeName,
    value: string | undefined,
    options?: misc.SetMetadataOptions,
  ): Promise<void> {
    return misc.setMetadata(this.handle, type, value, options);
  }

  /** Deprecation and tainting messages about the domain (`virDomainGetMessages`). */
  messages(options?: { deprecation?: boolean; tainting?: boolean }): Promise<string[]> {
    return misc.messages(this.handle, options);
  }

  /** Whether the live definition changed since start (`virDomainIsUpdated`). */
  isUpdated(): Promise<boolean> {
    return misc.isUpdated(this.handle);
  }

  /** Suspends the guest through its agent, waking after `seconds` (`virDomainPMSuspendForDuration`). */
  pmSuspendForDuration(target: misc.SuspendTargetName, seconds?: number): Promise<void> {
    return misc.pmSuspendForDuration(this.handle, target, seconds);
  }

  /** The definition inside the managed-save image (`virDomainManagedSaveGetXMLDesc`). */
  managedSaveXml(options?: { secure?: boolean }): Promise<string> {
    return misc.managedSaveXml(this.handle, options);
  }

  /** Replaces the definition inside the managed-save image (`virDomainManagedSaveDefineXML`). */
  defineManagedSaveXml(xml: string, options?: { running?: boolean; paused?: boolean }): Promise<void> {
    return misc.defineManagedSaveXml(this.handle, xml, options);
  }

  // ---- the reference

  // ---- streams and migration (src/domain/console.ts, src/domain/graphics-socket.ts, src/domain/migration.ts)

  /**
   * The guest's console as a two-way stream (`virDomainOpenConsole` on a non-blocking stream driven by the
   * event-loop thread). Destroy it to close the console; closing the connection closes it too.
   */
  console(options?: ConsoleOptions): Promise<Duplex> {
    return openConsole(this.handle, options);
  }

  /** A guest channel device (`<channel>`) as a two-way stream (`virDomainOpenChannel`, non-blocking). */
  openChannel(name?: string, options?: ChannelOptions): Promise<Duplex> {
    return openChannel(this.handle, name, options);
  }

  /** A connected socket to the guest's VNC/SPICE server (`virDomainOpenGraphicsFD`; local connections only). */
  openGraphics(options?: OpenGraphicsOptions): Promise<Socket> {
    return openGraphicsSocket(this.handle, options);
  }

  /**
   * Makes QEMU serve the VNC/SPICE device on `fd`, a connected socket of this process — one end of a
   * socketpair, or a client you accepted (`virDomainOpenGraphics`; local connections only). libvirt hands QEMU
   * a duplicate: `fd` stays yours to close.
   */
  connectGraphics(fd: number, options?: OpenGraphicsOptions): Promise<void> {
    return connectGraphicsSocket(this.handle, fd, options);
  }

  /**
   * Migrates the guest to `dest`: a Hypervisor (`virDomainMigrate3`; resolves with the guest there) or a
   * libvirt URI the source daemon connects to itself (peer-to-peer `virDomainMigrateToURI3`; resolves
   * undefined).
   */
  async migrate(dest: Hypervisor | string, options?: MigrateOptions): Promise<Domain | undefined> {
    if (typeof dest === 'string') {
      await migrateDomain(this.handle, dest, options);
      return undefined;
    }
    await migrateDomain(this.handle, hypervisorHandle(dest, 'domain.migrate destination'), options);
    return dest.domains.get(this.uuid);
  }

  // ---- events (src/events/events.ts, src/domain/wait.ts)

  /**
   * Listens for this domain's events only (libvirt filters them); see `Hypervisor.on`. `'qemu.monitor'` takes
   * `{ event, regex, nocase }` as third argument (virConnectDomainQemuMonitorEventRegister). The registration
   * is `virConnectDomainEventRegisterAny`, for this domain.
   */
  on<K extends DomainEventName | 'qemu.monitor'>(
    name: K,
    listener: EventListener<K>,
    options?: MonitorOptionsFor<K>,
  ): EventSubscription {
    return this.#hub('domain.on', name).on(name, listener, () => this.handle, options);
  }

  /**
   * Like `on`, for the next event only; the registration (`virConnectDomainEventRegisterAny`) ends right after
   * it.
   */
  once<K extends DomainEventName | 'qemu.monitor'>(
    name: K,
    listener: EventListener<K>,
    options?: MonitorOptionsFor<K>,
  ): EventSubscription {
    return this.#hub('domain.once', name).once(name, listener, () => this.handle, options);
  }

  /**
   * Removes `listener` (every subscription it has to `name` on this domain) and frees its registrations
   * (`virConnectDomainEventDeregisterAny`).
   */
  off<K extends DomainEventName | 'qemu.monitor'>(name: K, listener: EventListener<K>): Promise<void> {
    return this.#hub('domain.off', name).off(name, listener);
  }

  /**
   * This domain's events as an async iterator; ends when `signal` aborts or the connection closes.
   * `'qemu.monitor'` also takes `event`, `regex` and `nocase`. Each iterator is one registration
   * (`virConnectDomainEventRegisterAny`), freed when it ends.
   */
  events<K extends DomainEventName | 'qemu.monitor'>(
    name: K,
    options?: EventsOptions & (K extends 'qemu.monitor' ? QemuMonitorEventOptions : unknown),
  ): EventStream<EventMap[K]> {
    const { rest, monitor } = splitMonitorOptions(
      name,
      (options ?? {}) as EventsOptions & QemuMonitorEventOptions,
    );
    return this.#hub('domain.events', name).events(name, rest, () => this.handle, monitor);
  }

  /**
   * Resolves once the domain is in `state` ('running', 'paused', 'shutoff', …), without polling. Listens for
   * lifecycle events (`virConnectDomainEventRegisterAny`) and checks `virDomainGetState`, so a state reached
   * before the call counts.
   */
  waitFor(state: DomainStateName, options?: WaitForOptions): Promise<void> {
    return waitForState(hubOf(this.original, 'domain.waitFor'), () => this.handle, state, options);
  }

  #hub(what: string, name: unknown) {
    if (typeof name !== 'string' || !(name.startsWith('domain.') || name === 'qemu.monitor')) {
      throw new TypeError(`${what}: ${JSON.stringify(name)} is not a domain event name`);
    }
    return hubOf(this.original, what);
  }

  /** `Domain(name)`, for logs; no libvirt call. */
  override toString(): string {
    return `Domain(${this.name})`;
  }
}
