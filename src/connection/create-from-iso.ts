/**
 * virt-manager's New VM wizard as one call: the OS (detected from the ISO, or given), the host's defaults
 * (`virtualizationSupport()` through `DomainBuilder.forHost`), a disk volume in a pool in the pool's format,
 * the definition, the start (paused by default). What it created is undone, newest first, when a later step
 * fails or the signal aborts.
 */
import { optionalAbortSignal, optionsObject, requireNonEmptyString } from '../core/checks.js';
import { ErrorCode, LibvirtError } from '../core/errors.js';
import type { Domain } from '../domain/domain.js';
import { loadOsinfo, type OsinfoDb } from '../osinfo/db.js';
import type { OsinfoEntry } from '../osinfo/types.js';
import type { StorageVolume } from '../storage/volume.js';
import { DomainBuilder, type GraphicsOptions, StorageVolumeBuilder } from '../xml/index.js';
import type { Hypervisor } from './hypervisor.js';

type CpuChoice = Parameters<DomainBuilder['cpu']>[0];
type VideoModel = Parameters<DomainBuilder['video']>[0];

/**
 * `Hypervisor.createFromIso()` options: the name, the ISO and the pool are required; the rest defaults from the
 * OS and the host.
 */
export interface CreateFromIsoOptions {
  /** The domain's name; the disk volume is `<name>.qcow2` (or `.img` for a raw volume). */
  name: string;
  /** The installation ISO: an absolute path the daemon can read; 'detect' also reads it here. */
  iso: string;
  /** The OS: an osinfo entry, or 'detect' (default): identified from the ISO as osinfo-detect does. */
  os?: OsinfoEntry | 'detect';
  /** The osinfo database for 'detect'; default loadOsinfo(). */
  osinfo?: OsinfoDb;
  /** The storage pool for the disk (it must be running). */
  pool: string;
  /** Disk size: bytes or '20 GiB'; default the OS's recommended storage, else 20 GiB (virt-manager's). */
  diskSize?: number | string;
  /** A libvirt network for the NIC; default 'default'. */
  network?: string;
  /** The CPU: a mode or a named model, as `DomainBuilder.cpu()` takes it; default host-passthrough on KVM. */
  cpu?: CpuChoice;
  /** Memory: bytes or a size string; default the OS's recommended. */
  memory?: number | string;
  /** vCPUs; default the OS's recommended. */
  vcpus?: number;
  /** The video adapter model, as `DomainBuilder.video()` takes it; default 'virtio'. */
  video?: VideoModel;
  /**
   * The remote display: 'vnc' (default), 'spice', 'none', or a type with `DomainBuilder.graphics()` options.
   */
  graphics?:
    | 'vnc'
    | 'spice'
    | 'none'
    | {
        /** The display protocol. */
        type: 'vnc' | 'spice';
        /** Listen address, port, password, …, as `DomainBuilder.graphics()` takes them. */
        options: GraphicsOptions;
      };
  /** Start it paused (default), running, or not at all (false). */
  start?: 'paused' | 'running' | false;
  /** Aborts the creation; what was created so far is removed, newest first. */
  signal?: AbortSignal;
}

/** What `Hypervisor.createFromIso()` made: the domain, its disk volume, and the OS it was built for. */
export interface CreatedFromIso {
  /** The defined (and, unless `start: false`, started) domain. */
  domain: Domain;
  /** The disk volume created for it in the pool. */
  volume: StorageVolume;
  /** The OS the domain was built for. */
  os: OsinfoEntry;
}

/** The ISO matched no operating system of osinfo-db: pass `os` explicitly. */
export class OsNotDetectedError extends Error {
  /** Always `'OsNotDetectedError'`; this error makes no libvirt call. */
  override readonly name = 'OsNotDetectedError';
  constructor(
    /** The ISO's path. */
    readonly iso: string,
  ) {
    super(`${iso}: no operating system of osinfo-db matches this ISO; choose one and pass it as \`os\``);
  }
}

/** Pool types whose volumes may be qcow2 files (virt-install's rule: file-backed pools); others get raw. */
const QCOW2_POOLS = new Set(['dir', 'fs', 'netfs', 'gluster']);
/** Pools whose volumes are files on this host: the disk names the file, as virt-install's does. */
const FILE_POOLS = new Set(['dir', 'fs', 'netfs']);
const DEFAULT_DISK_BYTES = 20 * 1024 ** 3;
const OPTION_NAMES = [
  'name',
  'iso',
  'os',
  'osinfo',
  'pool',
  'diskSize',
  'network',
  'cpu',
  'memory',
  'vcpus',
  'video',
  'graphics',
  'start',
  'signal',
];

export async function createFromIso(hv: Hypervisor, options: CreateFromIsoOptions): Promise<CreatedFromIso> {
  optionsObject(options, 'createFromIso options', OPTION_NAMES);
  const name = requireNonEmptyString(options.name, 'createFromIso name');
  const iso = requireNonEmptyString(options.iso, 'createFromIso iso');
  if (!iso.startsWith('/')) throw new TypeError(`createFromIso iso must be an absolute path, got '${iso}'`);
  const poolName = requireNonEmptyString(options.pool, 'createFromIso pool');
  const signal = optionalAbortSignal(options.signal, 'createFromIso signal');
  const start = options.start ?? 'paused';
  if (start !== 'paused' && start !== 'running' && start !== false) {
    throw new TypeError(`createFromIso start must be 'paused', 'running' or false, got ${String(start)}`);
  }
  signal?.throwIfAborted();

  const os = await chooseOs(iso, options);
  signal?.throwIfAborted();
  const support = await hv.virtualizationSupport();
  const pool = await hv.pools.get(poolName);
  const poolType = (await pool.definition()).type ?? '';
  const format = QCOW2_POOLS.has(poolType) ? 'qcow2' : 'raw';
  const diskBytes = options.diskSize ?? recommendedStorage(os) ?? DEFAULT_DISK_BYTES;
  // Everything checkable is checked before anything is created: the builder refuses bad input here.
  const builder = new DomainBuilder(name)
    .os(os)
    .forHost(support)
    .cdrom(iso)
    .network(options.network ?? 'default');
  if (options.memory !== undefined) builder.memory(options.memory);
  if (options.vcpus !== undefined) builder.vcpus(options.vcpus);
  if (options.cpu !== undefined) builder.cpu(options.cpu);
  if (options.video !== undefined) builder.video(options.video);
  if (options.graphics !== undefined) {
    if (typeof options.graphics === 'string') builder.graphics(options.graphics);
    else builder.graphics(options.graphics.type, options.graphics.options);
  }
  const volumeDef = new StorageVolumeBuilder(`${name}.${format === 'qcow2' ? 'qcow2' : 'img'}`)
    .capacity(diskBytes)
    .format(format)
    .build();
  signal?.throwIfAborted();

  let volume: StorageVolume | undefined;
  let domain: Domain | undefined;
  let uefi = false;
  try {
    volume = await pool.volumes.create(volumeDef);
    signal?.throwIfAborted();
    const source = FILE_POOLS.has(poolType)
      ? { file: volume.path }
      : { pool: pool.name, volume: volume.name };
    const def = builder.disk({ source, format }).build();
    uefi = def.os?.firmware === 'efi' || def.os?.loader !== undefined;
    domain = await hv.domains.define(def);
    signal?.throwIfAborted();
    if (start === 'paused') await startPaused(domain);
    else if (start === 'running') await domain.start();
    signal?.throwIfAborted();
    return { domain, volume, os };
  } catch (err) {
    const undoErrors = await undo(domain, volume, uefi);
    if (undoErrors.length === 0) throw err;
    throw new AggregateError(
      [err, ...undoErrors],
      `createFromIso failed (${err instanceof Error ? err.message : String(err)}) and could not undo everything`,
    );
  }
}

async function chooseOs(iso: string, options: CreateFromIsoOptions): Promise<OsinfoEntry> {
  const os = options.os ?? 'detect';
  if (os !== 'detect') {
    if (os === null || typeof os !== 'object' || typeof os.guest !== 'object') {
      throw new TypeError("createFromIso os must be an osinfo entry or 'detect'");
    }
    return os;
  }
  const db = options.osinfo ?? loadOsinfo();
  const first = (await db.detect(iso)).matches[0];
  const entry = first ? db.get(first.os.id) : undefined;
  if (!entry) throw new OsNotDetectedError(iso);
  return entry;
}

/** The OS's recommended storage for x86_64, else for all arches. */
function recommendedStorage(os: OsinfoEntry): number | undefined {
  const rec = os.resources.recommended;
  return (rec.find((r) => r.arch === 'x86_64') ?? rec.find((r) => r.arch === 'all'))?.storageBytes;
}

/** Paused from the start; a driver that cannot (the test driver: INVALID_ARG) starts it and suspends it. */
async function startPaused(domain: Domain): Promise<void> {
  try {
    await domain.start({ paused: true });
  } catch (err) {
    if (!(err instanceof LibvirtError && err.code === ErrorCode.INVALID_ARG)) throw err;
    await domain.start();
    await domain.suspend();
  }
}

/**
 * Removes what was created, newest first; every step is tried, and its failure returned. A UEFI guest's
 * variable store goes with it (QEMU refuses to undefine it otherwise; the test driver refuses the flag).
 */
async function undo(
  domain: Domain | undefined,
  volume: StorageVolume | undefined,
  uefi: boolean,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  const step = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      errors.push(err);
    }
  };
  if (domain) {
    await step(async () => {
      if ((await domain.isActive()) === true) await domain.destroy();
    });
    await step(() => domain.undefine(uefi ? { nvram: true } : undefined));
  }
  if (volume) await step(() => volume.delete());
  return errors;
}
