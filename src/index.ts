/**
 * libvirt-ts: the object API. `Hypervisor.connect(uri)` is the way in; every method is async and runs libvirt
 * off the main thread. The typed XML model is re-exported here and available alone from `libvirt-ts/xml`.
 *
 * @module libvirt-ts
 */
export type {
  ConnectAuth,
  CredentialCallback,
  CredentialRequest,
  CredentialType,
} from './connection/connect.js';
export {
  type CreatedFromIso,
  type CreateFromIsoOptions,
  OsNotDetectedError,
} from './connection/create-from-iso.js';
// Events, waiting without polling, connection health.
export type { HealthOptions, KeepAliveOptions, ReconnectOptions } from './connection/health.js';
export { type ConnectOptions, Hypervisor } from './connection/hypervisor.js';
export type { ConnectIdentity } from './connection/identity.js';
export {
  ErrorCode,
  type ErrorCodeName,
  ErrorDomain,
  ErrorLevel,
  LibraryLoadError,
  LibvirtError,
} from './core/errors.js';
export type { DomainInfo, DomainStateName, NodeInfo, Version } from './core/values.js';
export {
  type AddressSource,
  type AgentTimeout,
  DomainAgent,
  type GuestFilesystem,
  type GuestInfoType,
  type GuestInterface,
  type GuestTime,
  type GuestVcpus,
} from './domain/agent.js';
export {
  type BlockCommitOptions,
  type BlockCopyOptions,
  type BlockJobAbortOptions,
  type BlockJobInfo,
  type BlockJobType,
  type BlockPullOptions,
  type BlockRebaseOptions,
  DomainBlockJobs,
} from './domain/block-jobs.js';
export type { ChannelOptions } from './domain/channel.js';
export {
  type CheckpointDeleteOptions,
  type CheckpointXmlOptions,
  DomainCheckpoint,
} from './domain/checkpoint.js';
export {
  type CheckpointCreateOptions,
  type CheckpointListFilter,
  DomainBackup,
  DomainCheckpointCollection,
} from './domain/checkpoints.js';
export type { ConsoleOptions } from './domain/console.js';
export {
  type CoreDumpFormatName,
  type CoreDumpOptions,
  DomainDebug,
  type KeycodeSetName,
  type ProcessSignalName,
} from './domain/debug.js';
export type { DeviceDefinition, DeviceElementName } from './domain/devices.js';
export { type BlockIoStats, Domain, type InterfaceIoStats, type Screenshot } from './domain/domain.js';
export {
  DomainCollection,
  type DomainStatsEntry,
  type DomainWithInfo,
  type DomainWithState,
} from './domain/domains.js';
export type { GraphicsEndpoint } from './domain/graphics.js';
export type { OpenGraphicsOptions } from './domain/graphics-socket.js';
export {
  type DirtyRateMode,
  DomainJobs,
  type JobInfo,
  type JobStats,
  type JobStatsOptions,
  type JobTypeName,
} from './domain/jobs.js';
export {
  DomainLaunchSecurity,
  type LaunchSecret,
  type LaunchSecurityInfo,
} from './domain/launch-security.js';
export { DomainLxc } from './domain/lxc.js';
export type { MigrateOptions, MigrationProgress } from './domain/migration.js';
export { DomainMigrationTuning, type MaxSpeedOptions } from './domain/migration-tuning.js';
export type {
  BlockInfo,
  ControlInfo,
  ControlStateName,
  DiskError,
  DiskErrorName,
  MetadataTypeName,
  SecurityLabel,
  SetMetadataOptions,
  SuspendTargetName,
} from './domain/misc.js';
export type {
  AffectOptions,
  CreateOptions,
  DefineOptions,
  DestroyOptions,
  DomainListFilter,
  DomainXmlOptions,
  SaveOptions,
  SetMemoryOptions,
  SetVcpusOptions,
  ShutdownMode,
  ShutdownOptions,
  StartOptions,
  UndefineOptions,
} from './domain/options.js';
export type { Tuned, TuneInput } from './domain/params.js';
export type { IOThreadInfo, VcpuInfo, VcpuStateName } from './domain/pinning.js';
export { DomainQemu, type MonitorCommandOptions, type QmpCommand } from './domain/qemu.js';
export type { RemovedStorage } from './domain/remove-storage.js';
export type { DomainSaveOptions, RestoreOptions } from './domain/save-params.js';
export { DomainSnapshot, type RevertOptions, type SnapshotDeleteOptions } from './domain/snapshot.js';
export {
  DomainSnapshotCollection,
  type SnapshotCreateOptions,
  type SnapshotListFilter,
} from './domain/snapshots.js';
export type { DomainState } from './domain/state.js';
export type {
  BalloonStats,
  BlockStats,
  CpuStats,
  DomainStats,
  NetStats,
  StatsAllOptions,
  StatsGroup,
  StatsOptions,
  VcpuStats,
} from './domain/stats.js';
export {
  DomainTuning,
  type LifecycleActionName,
  type LifecycleEvent,
  type MemoryStats,
  type VcpuCountOptions,
} from './domain/tuning.js';
export type {
  BlkioParams,
  BlockIoTuneParams,
  CpuTimes,
  InterfaceParams,
  IOThreadParams,
  MemoryParams,
  NumaParams,
  PerfEvents,
  SchedulerParams,
} from './domain/tuning-params.js';
export type { ShutdownWaitOptions, WaitForOptions } from './domain/wait.js';
export type {
  CloseReason,
  DomainEventName,
  DomainLifecycleEvent,
  DomainLifecycleEventName,
  DomainRef,
  EventMap,
  EventName,
  GraphicsAddress,
  MonitorOptionsFor,
  NetworkRef,
  NodeDeviceRef,
  ObjectEventName,
  QemuMonitorEvent,
  QemuMonitorEventOptions,
  SecretRef,
  StoragePoolRef,
} from './events/event-types.js';
export type { EventListener, EventStream, EventSubscription, EventsOptions } from './events/events.js';
export type { DomainCapabilitiesOptions, VirtualizationSupportOptions } from './host/capabilities.js';
export {
  type BaselineCpuOptions,
  type CompareCpuOptions,
  type CpuComparison,
  Host,
  type HostCpuMap,
  type HypervisorCpuOptions,
} from './host/node.js';
export { NodeDevice } from './host/node-device.js';
export {
  type NodeDeviceCapabilityName,
  NodeDeviceCollection,
  type NodeDeviceFilter,
} from './host/node-devices.js';
export { Secret, type SecretUsage, type SecretUsageName } from './host/secret.js';
export { SecretCollection, type SecretFilter, type SecretKey } from './host/secrets.js';
export type { CpuModelChoice, VirtualizationSupport } from './host/virtualization-support.js';
export { Interface } from './network/interface.js';
export { InterfaceCollection, type InterfaceFilter } from './network/interfaces.js';
export {
  Network,
  type NetworkDhcpLease,
  type NetworkUpdateCommandName,
  type NetworkUpdateOptions,
  type NetworkUpdateSectionName,
} from './network/network.js';
export { NetworkCollection, type NetworkFilter } from './network/networks.js';
export { NWFilter } from './network/nwfilter.js';
export { NWFilterBinding } from './network/nwfilter-binding.js';
export { NWFilterBindingCollection, NWFilterCollection } from './network/nwfilters.js';
export { NetworkPort, type NetworkPortBandwidth } from './network/port.js';
export { NetworkPortCollection, type NetworkPortCreateOptions } from './network/ports.js';
export {
  StoragePool,
  type StoragePoolInfo,
  type StoragePoolStartOptions,
  type StoragePoolStateName,
} from './storage/pool.js';
export { StoragePoolCollection, type StoragePoolFilter } from './storage/pools.js';
export {
  StorageVolume,
  type StorageVolumeInfo,
  type StorageVolumeResizeOptions,
  type StorageVolumeTypeName,
  type WipeAlgorithm,
} from './storage/volume.js';
export type {
  DownloadOptions,
  TransferProgress,
  UploadOptions,
  UploadSource,
} from './storage/volume-transfer.js';
export { StorageVolumeCollection, type StorageVolumeCreateOptions } from './storage/volumes.js';
export * from './xml/index.js';
