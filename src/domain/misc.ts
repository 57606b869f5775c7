/**
 * Small queries and settings of one domain that the Domain class exposes as methods: OS type, security
 * labels, the control channel, disk errors, block device sizes, metadata, messages, PM suspend, the
 * managed-save image's XML and typed block statistics. Each takes the domain's Handle.
 */
import {
  DomainControlErrorReason,
  DomainControlState,
  DomainDiskErrorCode,
  DomainMessageType,
  DomainMetadataType,
  DomainSaveImageXMLFlags,
  DomainSaveRestoreFlags,
  NodeSuspendTarget,
} from '../../native/generated/enums.js';
import type { TypedParams } from '../../native/generated/meta.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import {
  flagsFrom,
  optionalString,
  optionsObject,
  requireCount,
  requireNonEmptyString,
  requireOneOf,
  requireString,
} from '../core/checks.js';
import { type EnumName, enumNames } from '../core/enum-names.js';
import { ErrorCode, LibvirtError } from '../core/errors.js';
import { affectFlags } from './options.js';

/** A control channel state, by name (`virDomainControlState`). */
export type ControlStateName = EnumName<typeof DomainControlState>;
/** A disk error, by name: `'none'`, `'unspec'`, `'no-space'` (`virDomainDiskErrorCode`). */
export type DiskErrorName = EnumName<typeof DomainDiskErrorCode>;
/**
 * Which metadata of a domain: `'description'`, `'title'` or `'element'` (custom XML under a namespace)
 * (`virDomainMetadataType`).
 */
export type MetadataTypeName = EnumName<typeof DomainMetadataType>;
/** Where a guest suspends to: `'mem'`, `'disk'` or `'hybrid'` (`virNodeSuspendTarget`). */
export type SuspendTargetName = EnumName<typeof NodeSuspendTarget>;
const CONTROL_STATES = enumNames(DomainControlState);
const CONTROL_REASONS = enumNames(DomainControlErrorReason);
const DISK_ERRORS = enumNames(DomainDiskErrorCode);
const METADATA_TYPES = enumNames(DomainMetadataType);
const SUSPEND_TARGETS = enumNames(NodeSuspendTarget);

/** The security label of the guest's process (`virSecurityLabel`). */
export interface SecurityLabel {
  /** The security label of the domain's process (an SELinux context, an AppArmor profile name, …). */
  label: string;
  /** Whether the security driver enforces the label (false: permissive). */
  enforcing: boolean;
}

/** The state of libvirt's control channel to the hypervisor (`virDomainGetControlInfo`). */
export interface ControlInfo {
  /**
   * The state of the control channel to the hypervisor (`'ok'`, `'job'`, `'occupied'`, `'error'`), from
   * `virDomainGetControlInfo`.
   */
  state: ControlStateName | 'unknown';
  /** Why the channel is in error (`'monitor'`, …); 'none' otherwise. */
  reason: string;
  /** How long it has been in this state (ms; 0 for 'ok'). */
  stateTimeMs: number;
}

/** One disk with an I/O error (`virDomainGetDiskErrors`). */
export interface DiskError {
  /** The disk's target name (`vda`). */
  disk: string;
  /** What went wrong on it: `'unspec'`, `'no-space'` (`virDomainDiskErrorCode`). */
  error: DiskErrorName | 'unknown';
}

/** Sizes of one disk in bytes (`virDomainGetBlockInfo`). */
export interface BlockInfo {
  /** What the guest sees. */
  capacity: number;
  /** Host storage allocated (the highest written offset for qcow2 on a block device). */
  allocation: number;
  /** The host file or device size. */
  physical: number;
}

/** `setMetadata()` options: `key`/`uri` name an 'element' namespace; `live`/`config` pick the definition. */
export interface SetMetadataOptions {
  /** For `'element'`: the namespace prefix the element is written with. */
  key?: string;
  /** For `'element'`: the namespace URI the element belongs to. */
  uri?: string;
  /** `VIR_DOMAIN_AFFECT_LIVE`: change the running domain. */
  live?: boolean;
  /** `VIR_DOMAIN_AFFECT_CONFIG`: change the persistent definition. */
  config?: boolean;
}

export async function osType(domain: Handle): Promise<string> {
  return call('virDomainGetOSType', domain);
}

export async function securityLabel(domain: Handle): Promise<SecurityLabel> {
  const l = await call('virDomainGetSecurityLabel', domain);
  return { label: l.label, enforcing: l.enforcing === 1 };
}

export async function securityLabels(domain: Handle): Promise<SecurityLabel[]> {
  const list = await call('virDomainGetSecurityLabelList', domain);
  return list.map((l) => ({ label: l.label, enforcing: l.enforcing === 1 }));
}

export async function controlInfo(domain: Handle): Promise<ControlInfo> {
  const c = await call('virDomainGetControlInfo', domain, 0);
  const state = CONTROL_STATES.nameOf(c.state) ?? 'unknown';
  const reason = state === 'error' ? (CONTROL_REASONS.nameOf(c.details) ?? 'unknown') : 'none';
  return { state, reason, stateTimeMs: c.stateTime };
}

/** libvirt wants room for every disk; 256 is more disks than a domain can have attached. */
const MAX_DISK_ERRORS = 256;

export async function diskErrors(domain: Handle): Promise<DiskError[]> {
  const list = await call('virDomainGetDiskErrors', domain, MAX_DISK_ERRORS, 0);
  return list.map((e) => ({ disk: e.disk ?? '', error: DISK_ERRORS.nameOf(e.error) ?? 'unknown' }));
}

export async function blockInfo(domain: Handle, disk: string): Promise<BlockInfo> {
  requireNonEmptyString(disk, 'domain.blockInfo disk');
  const b = await call('virDomainGetBlockInfo', domain, disk, 0);
  return { capacity: b.capacity, allocation: b.allocation, physical: b.physical };
}

/**
 * The domain's title, description, or the metadata element of namespace `uri` (`virDomainGetMetadata`);
 * undefined when there is none.
 */
export async function metadata(
  domain: Handle,
  type: MetadataTypeName,
  uri?: string,
  options?: { live?: boolean; config?: boolean },
): Promise<string | undefined> {
  const t = METADATA_TYPES.valueOf(requireOneOf(type, 'domain.metadata type', METADATA_TYPES.names));
  const ns = optionalString(uri, 'domain.metadata uri');
  if (t === DomainMetadataType.ELEMENT && ns === undefined) {
    throw new TypeError("domain.metadata: type 'element' needs the namespace uri");
  }
  const flags = affectFlags(options, 'domain.metadata options');
  try {
    return await call('virDomainGetMetadata', domain, t, ns ?? null, flags);
  } catch (err) {
    if (err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN_METADATA) return undefined;
    throw err;
  }
}

/** Sets (or with `undefined`, removes) the title, description or a namespaced element (`virDomainSetMetadata`). */
export async function setMetadata(
  domain: Handle,
  type: MetadataTypeName,
  value: string | undefined,
  options?: SetMetadataOptions,
): Promise<void> {
  const t = METADATA_TYPES.valueOf(requireOneOf(type, 'domain.setMetadata type', METADATA_TYPES.names));
  const text = value === undefined ? null : requireString(value, 'domain.setMetadata value');
  const { key, uri, ...affect } = optionsObject(options, 'domain.setMetadata options', [
    'key',
    'uri',
    'live',
    'config',
  ]);
  const k = optionalString(key, 'domain.setMetadata options.key');
  const ns = optionalString(uri, 'domain.setMetadata options.uri');
  if (t === DomainMetadataType.ELEMENT && (k === undefined || ns === undefined)) {
    throw new TypeError("domain.setMetadata: type 'element' needs options.key and options.uri");
  }
  const flags = affectFlags(affect, 'domain.setMetadata options');
  await call('virDomainSetMetadata', domain, t, text, k ?? null, ns ?? null, flags);
}

/** Deprecation and tainting messages libvirt keeps about the domain (`virDomainGetMessages`). */
export async function messages(
  domain: Handle,
  options?: { deprecation?: boolean; tainting?: boolean },
): Promise<string[]> {
  const flags = flagsFrom(options, 'domain.messages options', {
    deprecation: DomainMessageType.DEPRECATION,
    tainting: DomainMessageType.TAINTING,
  });
  return call('virDomainGetMessages', domain, flags);
}

/** Whether the live definition was changed since the domain started (`virDomainIsUpdated`). */
export async function isUpdated(domain: Handle): Promise<boolean> {
  return (await call('virDomainIsUpdated', domain)) === 1;
}

/** Suspends the guest to RAM/disk through its agent, waking after `seconds` (0: no timer). */
export async function pmSuspendForDuration(
  domain: Handle,
  target: SuspendTargetName,
  seconds = 0,
): Promise<void> {
  const t = SUSPEND_TARGETS.valueOf(
    requireOneOf(target, 'domain.pmSuspendForDuration target', SUSPEND_TARGETS.names),
  );
  const duration = requireCount(seconds, 'domain.pmSuspendForDuration seconds');
  await call('virDomainPMSuspendForDuration', domain, t, duration, 0);
}

/** The definition stored in the managed-save image (`virDomainManagedSaveGetXMLDesc`). */
export async function managedSaveXml(domain: Handle, options?: { secure?: boolean }): Promise<string> {
  const flags = flagsFrom(options, 'domain.managedSaveXml options', {
    secure: DomainSaveImageXMLFlags.SECURE,
  });
  return call('virDomainManagedSaveGetXMLDesc', domain, flags);
}

/** Replaces the definition in the managed-save image (same name and UUID) (`virDomainManagedSaveDefineXML`). */
export async function defineManagedSaveXml(
  domain: Handle,
  xml: string,
  options?: { running?: boolean; paused?: boolean },
): Promise<void> {
  requireNonEmptyString(xml, 'domain.defineManagedSaveXml xml');
  const flags = saveStateFlags(options, 'domain.defineManagedSaveXml options');
  await call('virDomainManagedSaveDefineXML', domain, xml, flags);
}

/** The state a restored image resumes in. */
export const saveStateFlags = (options: unknown, what: string) =>
  flagsFrom(options, what, {
    running: DomainSaveRestoreFlags.RUNNING,
    paused: DomainSaveRestoreFlags.PAUSED,
  });

/** Every counter the driver reports for one disk, typed (`virDomainBlockStatsFlags`). */
export async function blockStatsAll(domain: Handle, disk: string): Promise<TypedParams> {
  requireNonEmptyString(disk, 'domain.blockStatsAll disk');
  return call('virDomainBlockStatsFlags', domain, disk, 0);
}
