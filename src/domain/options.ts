/**
 * The option objects of the domain API and the libvirt flags each one names. Options are booleans by name
 * (`{ paused: true }`); `flagsFrom` rejects unknown names and non-booleans before anything reaches C.
 */
import {
  ConnectListAllDomainsFlags,
  DomainCreateFlags,
  DomainDefineFlags,
  DomainDestroyFlagsValues,
  DomainMemoryModFlags,
  DomainModificationImpact,
  DomainRebootFlagValues,
  DomainSaveRestoreFlags,
  DomainShutdownFlagValues,
  DomainUndefineFlagsValues,
  DomainVcpuFlags,
  DomainXMLFlags,
} from '../../native/generated/enums.js';
import { type FlagTable, flagsFrom, optionsObject } from '../core/checks.js';

/**
 * `hv.domains.list(filter)`: each `true` narrows the list to domains of that kind (flags of one group —
 * active/inactive, persistent/transient, running/paused/shutoff/other — are alternatives, as in libvirt). The
 * tri-state ones select by presence (`autostart: true`) or absence (`autostart: false`).
 */
export interface DomainListFilter {
  /** `VIR_CONNECT_LIST_DOMAINS_ACTIVE`: running or paused domains. */
  active?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_INACTIVE`: domains that are not running. */
  inactive?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_PERSISTENT`: domains with a persistent definition. */
  persistent?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_TRANSIENT`: domains without one. */
  transient?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_RUNNING`: domains in the running state. */
  running?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_PAUSED`: paused domains. */
  paused?: boolean;
  /** `VIR_CONNECT_LIST_DOMAINS_SHUTOFF`: shut-off domains. */
  shutoff?: boolean;
  /** Neither running, paused nor shut off (e.g. crashed, pmsuspended). */
  other?: boolean;
  /** `true`: domains that autostart (`VIR_CONNECT_LIST_DOMAINS_AUTOSTART`); `false`: those that do not. */
  autostart?: boolean;
  /** `true`: domains with a managed-save image (`VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE`); `false`: without. */
  managedSave?: boolean;
  /** `true`: domains with snapshots (`VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT`); `false`: without. */
  hasSnapshot?: boolean;
  /** `true`: domains with checkpoints (`VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT`); `false`: without. */
  hasCheckpoint?: boolean;
}

const L = ConnectListAllDomainsFlags;
const LIST: FlagTable = {
  active: L.ACTIVE,
  inactive: L.INACTIVE,
  persistent: L.PERSISTENT,
  transient: L.TRANSIENT,
  running: L.RUNNING,
  paused: L.PAUSED,
  shutoff: L.SHUTOFF,
  other: L.OTHER,
  autostart: [L.AUTOSTART, L.NO_AUTOSTART],
  managedSave: [L.MANAGEDSAVE, L.NO_MANAGEDSAVE],
  hasSnapshot: [L.HAS_SNAPSHOT, L.NO_SNAPSHOT],
  hasCheckpoint: [L.HAS_CHECKPOINT, L.NO_CHECKPOINT],
};
export const listFlags = (filter: unknown, what: string) => flagsFrom(filter, what, LIST);

/** `domain.start()` / `hv.domains.create()`. */
export interface StartOptions {
  /** Start with the vCPUs paused (resume with `resume()`). */
  paused?: boolean;
  /** Destroy the guest when the connection that started it closes. */
  autodestroy?: boolean;
  /** Bypass the host page cache when restoring a managed-save image. */
  bypassCache?: boolean;
  /** Boot afresh, discarding a managed-save image (start only). */
  forceBoot?: boolean;
  /** Re-initialise the UEFI variable store from its template (start only). */
  resetNvram?: boolean;
}
const C = DomainCreateFlags;
const START: FlagTable = {
  paused: C.START_PAUSED,
  autodestroy: C.START_AUTODESTROY,
  bypassCache: C.START_BYPASS_CACHE,
  forceBoot: C.START_FORCE_BOOT,
  resetNvram: C.START_RESET_NVRAM,
};
export const startFlags = (opts: unknown, what: string) => flagsFrom(opts, what, START);

/** `hv.domains.create()`: a transient domain, started at once. */
export interface CreateOptions {
  /** `VIR_DOMAIN_START_PAUSED`: start with the vCPUs paused. */
  paused?: boolean;
  /** `VIR_DOMAIN_START_AUTODESTROY`: destroy the domain when this connection closes. */
  autodestroy?: boolean;
  /** `VIR_DOMAIN_START_BYPASS_CACHE`: read a managed-save image without filling the host's file cache. */
  bypassCache?: boolean;
  /** Validate the XML against libvirt's schema first. */
  validate?: boolean;
}
const CREATE: FlagTable = {
  paused: C.START_PAUSED,
  autodestroy: C.START_AUTODESTROY,
  bypassCache: C.START_BYPASS_CACHE,
  validate: C.START_VALIDATE,
};
export const createFlags = (opts: unknown, what: string) => flagsFrom(opts, what, CREATE);

/** `hv.domains.define()`. */
export interface DefineOptions {
  /** Validate the XML against libvirt's schema first (`VIR_DOMAIN_DEFINE_VALIDATE`). */
  validate?: boolean;
}
export const defineFlags = (opts: unknown, what: string) =>
  flagsFrom(opts, what, { validate: DomainDefineFlags.VALIDATE });

/** How a guest is asked to shut down or reboot; several modes let the hypervisor pick among them. */
export type ShutdownMode = 'acpi' | 'agent' | 'initctl' | 'signal' | 'paravirt';

const S = DomainShutdownFlagValues;
const R = DomainRebootFlagValues;
const SHUTDOWN_MODES: Record<ShutdownMode, number> = {
  acpi: S.ACPI_POWER_BTN,
  agent: S.GUEST_AGENT,
  initctl: S.INITCTL,
  signal: S.SIGNAL,
  paravirt: S.PARAVIRT,
};
const REBOOT_MODES: Record<ShutdownMode, number> = {
  acpi: R.ACPI_POWER_BTN,
  agent: R.GUEST_AGENT,
  initctl: R.INITCTL,
  signal: R.SIGNAL,
  paravirt: R.PARAVIRT,
};

/** `domain.shutdown()` / `domain.reboot()`. */
export interface ShutdownOptions {
  /** Default: the hypervisor's choice. */
  mode?: ShutdownMode | readonly ShutdownMode[];
}

function modeFlags(opts: unknown, what: string, table: Record<ShutdownMode, number>) {
  const mode = optionsObject(opts, what, ['mode']).mode;
  if (mode === undefined) return 0;
  const modes: unknown[] = Array.isArray(mode) ? mode : [mode];
  let flags = 0;
  for (const m of modes) {
    if (typeof m !== 'string' || !Object.hasOwn(table, m)) {
      throw new TypeError(
        `${what}.mode must be one of ${Object.keys(table).join(', ')} (or an array of them), got ${String(m)}`,
      );
    }
    flags |= table[m as ShutdownMode];
  }
  return flags;
}
export const shutdownFlags = (opts: unknown, what: string) => modeFlags(opts, what, SHUTDOWN_MODES);
export const rebootFlags = (opts: unknown, what: string) => modeFlags(opts, what, REBOOT_MODES);

/** `domain.destroy()`. */
export interface DestroyOptions {
  /** Only SIGTERM the hypervisor process, never SIGKILL (fails if it does not exit). */
  graceful?: boolean;
  /** Remove the domain's log files too. */
  removeLogs?: boolean;
}
export const destroyFlags = (opts: unknown, what: string) =>
  flagsFrom(opts, what, {
    graceful: DomainDestroyFlagsValues.GRACEFUL,
    removeLogs: DomainDestroyFlagsValues.REMOVE_LOGS,
  });

/** `domain.undefine()`: what else goes with the definition. Without them libvirt refuses if they exist. */
export interface UndefineOptions {
  /** Remove the UEFI variable store (`true`) or keep it (`false`). */
  nvram?: boolean;
  /**
   * `VIR_DOMAIN_UNDEFINE_MANAGED_SAVE`: remove the managed-save image too (libvirt refuses to undefine a domain
   * that has one otherwise).
   */
  managedSave?: boolean;
  /** Remove the snapshots' metadata (not their data). */
  snapshots?: boolean;
  /** Remove the checkpoints' metadata. */
  checkpoints?: boolean;
  /** Remove the persistent TPM state (`true`) or keep it (`false`). */
  tpm?: boolean;
  /**
   * Then delete the storage volumes behind its disks (`virsh undefine --remove-all-storage`; not CD-ROMs,
   * floppies, read-only or shareable disks). The domain must be inactive.
   */
  removeAllStorage?: boolean;
}
const U = DomainUndefineFlagsValues;
const UNDEFINE: FlagTable = {
  nvram: [U.NVRAM, U.KEEP_NVRAM],
  managedSave: U.MANAGED_SAVE,
  snapshots: U.SNAPSHOTS_METADATA,
  checkpoints: U.CHECKPOINTS_METADATA,
  tpm: [U.TPM, U.KEEP_TPM],
};
export const undefineFlags = (opts: unknown, what: string) => flagsFrom(opts, what, UNDEFINE);

/**
 * Which definition a change applies to: the running guest (`live`), the persistent one (`config`), or both.
 * Neither means libvirt's "current": live when running, else config.
 */
export interface AffectOptions {
  /** `VIR_DOMAIN_AFFECT_LIVE`: change (or read) the running domain. */
  live?: boolean;
  /** `VIR_DOMAIN_AFFECT_CONFIG`: change (or read) the persistent definition, used from the next boot. */
  config?: boolean;
}
const M = DomainModificationImpact;
const AFFECT: FlagTable = { live: M.LIVE, config: M.CONFIG };
export const affectFlags = (opts: unknown, what: string) => flagsFrom(opts, what, AFFECT);

/** `domain.setMemory()`. */
export interface SetMemoryOptions extends AffectOptions {
  /** Change the maximum memory instead of the current allocation. */
  maximum?: boolean;
}
export const memoryFlags = (opts: unknown, what: string) =>
  flagsFrom(opts, what, { ...AFFECT, maximum: DomainMemoryModFlags.MAXIMUM });

/** `domain.setVcpus()`. */
export interface SetVcpusOptions extends AffectOptions {
  /** Change the maximum vCPU count (config only). */
  maximum?: boolean;
  /** Ask the guest agent to online/offline vCPUs instead of hot-(un)plugging them. */
  guest?: boolean;
  /** Make the added vCPUs hot-unpluggable. */
  hotpluggable?: boolean;
}
export const vcpuFlags = (opts: unknown, what: string) =>
  flagsFrom(opts, what, {
    ...AFFECT,
    maximum: DomainVcpuFlags.MAXIMUM,
    guest: DomainVcpuFlags.GUEST,
    hotpluggable: DomainVcpuFlags.HOTPLUGGABLE,
  });

/** `domain.save()`, `domain.managedSave()`, `hv.domains.restore()`. */
export interface SaveOptions {
  /** `VIR_DOMAIN_SAVE_BYPASS_CACHE`: write (or read) the image without filling the host's file cache. */
  bypassCache?: boolean;
  /** Restore (or start from the managed save) running, whatever the state when saved. */
  running?: boolean;
  /** Restore (or start from the managed save) paused. */
  paused?: boolean;
}
const SR = DomainSaveRestoreFlags;
const SAVE: FlagTable = { bypassCache: SR.BYPASS_CACHE, running: SR.RUNNING, paused: SR.PAUSED };
export const saveFlags = (opts: unknown, what: string) => flagsFrom(opts, what, SAVE);

/** `domain.xml()` / `domain.definition()`. */
export interface DomainXmlOptions {
  /** The persistent definition (next boot) rather than the live one. */
  inactive?: boolean;
  /** Include passwords and other secrets (needs a read-write connection). */
  secure?: boolean;
  /** Update the guest CPU to what the host provides. */
  updateCpu?: boolean;
  /** Only what a migration destination accepts. */
  migratable?: boolean;
}
const X = DomainXMLFlags;
const XML: FlagTable = {
  inactive: X.INACTIVE,
  secure: X.SECURE,
  updateCpu: X.UPDATE_CPU,
  migratable: X.MIGRATABLE,
};
export const xmlFlags = (opts: unknown, what: string) => flagsFrom(opts, what, XML);
