/**
 * The checked-in table of parameter shapes the API XML cannot express: which pointer arguments are outputs,
 * arrays or owned memory. The generator uses it to type `ShapedApi` and to fix koffi prototypes; `invoke()`
 * (native/binding.ts) uses it at run time to allocate, call, decode and free.
 *
 * A shape lists one role per C argument, in order. `invoke(name, args)` takes one JS argument for every
 * role that is an input (`in` and the `*In` roles) and none for the rest; the C arguments it fills itself
 * (buffers, counts, lengths) are computed. The result is:
 * - the single output, when a shape has exactly one output role;
 * - an object keyed by the C argument names of the outputs when it has several (plus `ret`, the C return
 *   value, when `keepReturn` is set);
 * - the C return value when it has none.
 * On failure (by the function's failure convention) nothing is decoded: invoke throws `CallFailure`.
 *
 * Functions with pointer parameters that are NOT in this table are reachable only raw (`fns`) or through
 * invoke with raw pointer/Buffer arguments: event registration and stream callbacks (the event-loop thread
 * owns them), the virTypedParams* helpers (they operate on raw typed-parameter arrays), the error-handler
 * setters, virConnectOpenAuth (the executor wires its callback; the structs are generated), fd-passing
 * functions, and virDomainGetCPUStats.
 */

/** A C scalar as koffi reads and writes it (linux x64 widths; see native/generator/ctypes.ts). */
export type Scalar = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f64';

export type ArgRole =
  /** passed through from invoke's arguments unchanged */
  | { role: 'in' }
  /** a Uint8Array passed as a pointer (virStreamSend data, cpumaps, secret values) */
  | { role: 'bytesIn' }
  /** number[] passed as `int *` (file descriptors) */
  | { role: 'intsIn' }
  /** a 16-byte raw UUID (Uint8Array); a clear error otherwise */
  | { role: 'uuidIn' }
  /** string[] passed as `const char **` */
  | { role: 'stringsIn' }
  /** number[] passed as `unsigned int *` */
  | { role: 'uintsIn' }
  /** bigint[] of object pointers passed as a NULL-terminated `virXxxPtr *` */
  | { role: 'handlesIn' }
  /** a plain object passed as a `virTypedParameter` array (see TypedParamsInput) */
  | { role: 'typedParamsIn' }
  /** filled with the length (bytes or elements) of the preceding `*In` argument */
  | { role: 'lengthOfPrev' }
  /** filled with the element count of the following `*In` argument */
  | { role: 'lengthOfNext' }
  /** filled with the byte size of the preceding struct out-param (virDomainBlockStats, ...) */
  | { role: 'sizeofPrev' }
  /** a scalar out-param: `int *`, `unsigned long *`, ... */
  | { role: 'outScalar'; scalar: Scalar; big?: boolean }
  /** a caller-allocated struct the function fills */
  | { role: 'outStruct'; struct: string }
  /** a caller-allocated array of structs; the element count is the next argument (an invoke input);
   * the number filled is the return value; `freeStrings`: the caller frees each element's strings */
  | { role: 'outStructArray'; struct: string; freeStrings?: boolean }
  /** `char **`: one string the caller must free */
  | { role: 'outString' }
  /** `unsigned char uuid[VIR_UUID_BUFLEN]` → Uint8Array(16) */
  | { role: 'outUuid' }
  /** `char buf[VIR_UUID_STRING_BUFLEN]` → string */
  | { role: 'outUuidString' }
  /** `virXxxPtr **`: libvirt allocates an array of new references, count = return; the array is freed */
  | { role: 'outHandles' }
  /** `char **names` with `int maxnames` as the next argument (an invoke input); count = return; each
   * string is freed */
  | { role: 'outNames' }
  /** `int *ids` with the maximum as the next argument (an invoke input); count = return */
  | { role: 'outInts' }
  /** `unsigned long long *` array with the maximum as a later argument (an invoke input); count = return */
  | { role: 'outU64Array'; maxArg: string }
  /** `int **`: libvirt allocates an int array, count = return; freed */
  | { role: 'outIntList' }
  /** a caller-allocated struct array + a following `int *nparams` (`countOut`): called once with NULL/0 to
   * learn the count, then with an array of that size (virNodeGetCPUStats) */
  | { role: 'queryStructArray'; struct: string }
  /** virDomainGetCPUStats' params: invoke takes (domain, start_cpu, ncpus, flags); the per-CPU parameter
   * count is asked first; the result has one TypedParams per CPU (one in all for start_cpu -1) */
  | { role: 'cpuStats' }
  /** the nparams companion of `cpuStats` */
  | { role: 'cpuStatsCount' }
  /** `char ***`: libvirt allocates an array of strings, count = return; all freed */
  | { role: 'outStringList' }
  /** `virTypedParameterPtr *params` + a following `int *nparams` (`countOut`): libvirt allocates; freed
   * with virTypedParamsFree */
  | { role: 'outTypedParams' }
  /** `virTypedParameterPtr params` + a following `int *nparams` (`countOut`): called once with NULL/0 to
   * learn the count (or via `countFrom`), then again with an array of that size */
  | { role: 'queryTypedParams'; countFrom?: string }
  /** the count companion of `outTypedParams` / `queryTypedParams` */
  | { role: 'countOut' }
  /** `virDomainStatsRecordPtr **`: records with their domain (a new reference) and decoded params */
  | { role: 'outStatsRecords' }
  /** `virXxxPtr **` of info structs, count = return, each freed with `free`, then the array */
  | { role: 'outInfoList'; struct: string; free: string }
  /** `virSecurityLabelPtr *`: libvirt allocates one array of structs, count = return, freed with free() */
  | { role: 'outStructList'; struct: string }
  /** a caller buffer whose byte size is the argument named `sizeArg` (an invoke input); the result is the
   * bytes filled: `ret` bytes when `filled` is 'return', the whole buffer when 'all' */
  | { role: 'outBytes'; filled: 'return' | 'all'; sizeArg: string }
  /** `size_t *` length of the owned byte buffer the function returns (virSecretGetValue) */
  | { role: 'outLengthOfReturn' }
  /** `unsigned char **cpumap` allocated by libvirt; freed with free(); its length is (return + 7) / 8 */
  | { role: 'outCpumap' }
  /** the cpumaps buffer of virDomainGetVcpus / GetVcpuPinInfo: `count` maps of `maplen` bytes, where
   * count is the named argument and maplen the next argument (both invoke inputs) */
  | { role: 'outCpumaps'; countArg: string };

export interface Shape {
  roles: ArgRole[];
  /** keep the C return value in the result object as `ret` (it carries data, not just a status or count) */
  keepReturn?: boolean;
  /** the setter takes its parameter types from this getter (called with the setter's invoke arguments
   * minus the params object), so plain numbers get the exact C type libvirt expects */
  typesFrom?: string;
}

const IN = { role: 'in' } as const;
const r = (role: ArgRole['role'], extra: Record<string, unknown> = {}) => ({ role, ...extra }) as ArgRole;
const out = (scalar: Scalar, big = false): ArgRole => ({ role: 'outScalar', scalar, big });
const struct = (name: string): ArgRole => ({ role: 'outStruct', struct: name });
const shape = (...roles: ArgRole[]): Shape => ({ roles });

const listAll = shape(IN, r('outHandles'), IN);
const uuid = shape(IN, r('outUuid'));
const uuidString = shape(IN, r('outUuidString'));
const lookupByUuid = shape(IN, r('uuidIn'));
const names = shape(IN, r('outNames'), IN);
const autostart = shape(IN, out('i32'));
const typedSet = (typesFrom?: string): Shape => ({
  roles: [IN, r('typedParamsIn'), r('lengthOfPrev'), IN],
  ...(typesFrom ? { typesFrom } : {}),
});
const typedSetWithName = (typesFrom?: string): Shape => ({
  roles: [IN, IN, r('typedParamsIn'), r('lengthOfPrev'), IN],
  ...(typesFrom ? { typesFrom } : {}),
});
const typedQuery = shape(IN, r('queryTypedParams'), r('countOut'), IN);
const typedQueryWithName = shape(IN, IN, r('queryTypedParams'), r('countOut'), IN);
const typedOut = shape(IN, r('outTypedParams'), r('countOut'), IN);

export const SHAPES: Readonly<Record<string, Shape>> = {
  // ListAll*: an array of new references, freed with free() after reading.
  virConnectListAllDomains: listAll,
  virConnectListAllInterfaces: listAll,
  virConnectListAllNWFilterBindings: listAll,
  virConnectListAllNWFilters: listAll,
  virConnectListAllNetworks: listAll,
  virConnectListAllNodeDevices: listAll,
  virConnectListAllSecrets: listAll,
  virConnectListAllStoragePools: listAll,
  virDomainCheckpointListAllChildren: listAll,
  virDomainListAllCheckpoints: listAll,
  virDomainListAllSnapshots: listAll,
  virDomainSnapshotListAllChildren: listAll,
  virNetworkListAllPorts: listAll,
  virStoragePoolListAllVolumes: listAll,

  // UUIDs, raw and string form; lookups by raw UUID.
  virDomainGetUUID: uuid,
  virNWFilterGetUUID: uuid,
  virNetworkGetUUID: uuid,
  virNetworkPortGetUUID: uuid,
  virSecretGetUUID: uuid,
  virStoragePoolGetUUID: uuid,
  virDomainGetUUIDString: uuidString,
  virNWFilterGetUUIDString: uuidString,
  virNetworkGetUUIDString: uuidString,
  virNetworkPortGetUUIDString: uuidString,
  virSecretGetUUIDString: uuidString,
  virStoragePoolGetUUIDString: uuidString,
  virDomainLookupByUUID: lookupByUuid,
  virNWFilterLookupByUUID: lookupByUuid,
  virNetworkLookupByUUID: lookupByUuid,
  virNetworkPortLookupByUUID: lookupByUuid,
  virSecretLookupByUUID: lookupByUuid,
  virStoragePoolLookupByUUID: lookupByUuid,

  // Name and ID lists (the caller gives the maximum; the strings are owned).
  virConnectListDefinedDomains: names,
  virConnectListDefinedInterfaces: names,
  virConnectListDefinedNetworks: names,
  virConnectListDefinedStoragePools: names,
  virConnectListInterfaces: names,
  virConnectListNWFilters: names,
  virConnectListNetworks: names,
  virConnectListSecrets: names,
  virConnectListStoragePools: names,
  virNodeDeviceListCaps: names,
  virStoragePoolListVolumes: names,
  virDomainSnapshotListNames: shape(IN, r('outNames'), IN, IN),
  virDomainSnapshotListChildrenNames: shape(IN, r('outNames'), IN, IN),
  virNodeListDevices: shape(IN, IN, r('outNames'), IN, IN),
  virConnectListDomains: shape(IN, r('outInts'), IN),
  virConnectGetCPUModelNames: shape(IN, IN, r('outStringList'), IN),
  virDomainGetMessages: shape(IN, r('outStringList'), IN),
  virDomainAuthorizedSSHKeysGet: shape(IN, IN, r('outStringList'), IN),

  // Struct out-params.
  virDomainGetInfo: shape(IN, struct('virDomainInfo')),
  virNodeGetInfo: shape(IN, struct('virNodeInfo')),
  virStoragePoolGetInfo: shape(IN, struct('virStoragePoolInfo')),
  virStorageVolGetInfo: shape(IN, struct('virStorageVolInfo')),
  virStorageVolGetInfoFlags: shape(IN, struct('virStorageVolInfo'), IN),
  virDomainGetJobInfo: shape(IN, struct('virDomainJobInfo')),
  virDomainGetBlockInfo: shape(IN, IN, struct('virDomainBlockInfo'), IN),
  virDomainGetBlockJobInfo: { roles: [IN, IN, struct('virDomainBlockJobInfo'), IN], keepReturn: true },
  virDomainGetControlInfo: shape(IN, struct('virDomainControlInfo'), IN),
  virDomainGetSecurityLabel: shape(IN, struct('virSecurityLabel')),
  virNodeGetSecurityModel: shape(IN, struct('virSecurityModel')),
  virDomainBlockStats: shape(IN, IN, struct('virDomainBlockStatsStruct'), r('sizeofPrev')),
  virDomainInterfaceStats: shape(IN, IN, struct('virDomainInterfaceStatsStruct'), r('sizeofPrev')),
  virDomainMemoryStats: shape(IN, { role: 'outStructArray', struct: 'virDomainMemoryStatStruct' }, IN, IN),
  virDomainGetDiskErrors: shape(
    IN,
    { role: 'outStructArray', struct: 'virDomainDiskError', freeStrings: true },
    IN,
    IN,
  ),
  virDomainGetSecurityLabelList: shape(IN, { role: 'outStructList', struct: 'virSecurityLabel' }),

  // Scalar out-params.
  virConnectGetLibVersion: shape(IN, out('u64')),
  virConnectGetVersion: shape(IN, out('u64')),
  virGetVersion: shape(out('u64'), IN, out('u64')),
  virDomainGetAutostart: autostart,
  virNetworkGetAutostart: autostart,
  virNodeDeviceGetAutostart: autostart,
  virStoragePoolGetAutostart: autostart,
  virDomainGetState: shape(IN, out('i32'), out('i32'), IN),
  virDomainGetTime: shape(IN, out('i64'), out('u32'), IN),
  virDomainMigrateGetCompressionCache: shape(IN, out('u64'), IN),
  virDomainMigrateGetMaxDowntime: shape(IN, out('u64'), IN),
  virDomainMigrateGetMaxSpeed: shape(IN, out('u64'), IN),
  virStreamRecvHole: shape(IN, out('i64'), IN),
  virDomainGetSchedulerType: { roles: [IN, out('i32')], keepReturn: true },
  virNodeGetCellsFreeMemory: shape(IN, { role: 'outU64Array', maxArg: 'maxCells' }, IN, IN),

  // String out-params.
  virDomainQemuMonitorCommand: shape(IN, IN, r('outString'), IN),

  // Typed parameters: libvirt-allocated (freed with virTypedParamsFree) ...
  virDomainGetGuestInfo: shape(IN, IN, r('outTypedParams'), r('countOut'), IN),
  virDomainGetGuestVcpus: typedOut,
  virDomainGetJobStats: shape(IN, out('i32'), r('outTypedParams'), r('countOut'), IN),
  virDomainGetLaunchSecurityInfo: typedOut,
  virDomainGetPerfEvents: typedOut,
  virNetworkPortGetParameters: typedOut,
  virNodeGetSEVInfo: typedOut,
  // ... caller-allocated, "call twice: first for nparams" ...
  virDomainGetBlkioParameters: typedQuery,
  virDomainGetMemoryParameters: typedQuery,
  virDomainGetNumaParameters: typedQuery,
  virNodeGetMemoryParameters: typedQuery,
  virDomainGetInterfaceParameters: typedQueryWithName,
  virDomainGetBlockIoTune: typedQueryWithName,
  virDomainBlockStatsFlags: typedQueryWithName,
  virDomainGetSchedulerParametersFlags: shape(
    IN,
    { role: 'queryTypedParams', countFrom: 'virDomainGetSchedulerType' },
    r('countOut'),
    IN,
  ),
  virDomainGetSchedulerParameters: shape(
    IN,
    { role: 'queryTypedParams', countFrom: 'virDomainGetSchedulerType' },
    r('countOut'),
  ),
  // ... and set from a plain object.
  virDomainSetBlkioParameters: typedSet('virDomainGetBlkioParameters'),
  virDomainSetMemoryParameters: typedSet('virDomainGetMemoryParameters'),
  virDomainSetNumaParameters: typedSet('virDomainGetNumaParameters'),
  virDomainSetPerfEvents: typedSet('virDomainGetPerfEvents'),
  virDomainSetSchedulerParametersFlags: typedSet('virDomainGetSchedulerParametersFlags'),
  virDomainSetSchedulerParameters: {
    roles: [IN, r('typedParamsIn'), r('lengthOfPrev')],
    typesFrom: 'virDomainGetSchedulerParameters',
  },
  virNodeSetMemoryParameters: typedSet('virNodeGetMemoryParameters'),
  virNetworkPortSetParameters: typedSet('virNetworkPortGetParameters'),
  virDomainSetInterfaceParameters: typedSetWithName('virDomainGetInterfaceParameters'),
  virDomainSetBlockIoTune: typedSetWithName('virDomainGetBlockIoTune'),
  virDomainSetIOThreadParams: typedSetWithName(),
  virDomainSetLaunchSecurityState: typedSet(),
  virConnectSetIdentity: typedSet(),
  virDomainSaveParams: typedSet(),
  virDomainRestoreParams: typedSet(),
  virDomainBlockCopy: shape(IN, IN, IN, r('typedParamsIn'), r('lengthOfPrev'), IN),
  virDomainMigrate3: shape(IN, IN, r('typedParamsIn'), r('lengthOfPrev'), IN),
  virDomainMigrateToURI3: shape(IN, IN, r('typedParamsIn'), r('lengthOfPrev'), IN),

  // Stats records (each with a domain reference the caller now owns).
  virConnectGetAllDomainStats: shape(IN, IN, r('outStatsRecords'), IN),
  virDomainListGetStats: shape(r('handlesIn'), IN, r('outStatsRecords'), IN),

  // Info lists with their own free function.
  virDomainInterfaceAddresses: shape(
    IN,
    { role: 'outInfoList', struct: 'virDomainInterface', free: 'virDomainInterfaceFree' },
    IN,
    IN,
  ),
  virNetworkGetDHCPLeases: shape(
    IN,
    IN,
    { role: 'outInfoList', struct: 'virNetworkDHCPLease', free: 'virNetworkDHCPLeaseFree' },
    IN,
  ),
  virDomainGetFSInfo: shape(
    IN,
    { role: 'outInfoList', struct: 'virDomainFSInfo', free: 'virDomainFSInfoFree' },
    IN,
  ),
  virDomainGetIOThreadInfo: shape(
    IN,
    { role: 'outInfoList', struct: 'virDomainIOThreadInfo', free: 'virDomainIOThreadInfoFree' },
    IN,
  ),

  // CPU maps.
  virDomainPinVcpu: shape(IN, IN, r('bytesIn'), r('lengthOfPrev')),
  virDomainPinVcpuFlags: shape(IN, IN, r('bytesIn'), r('lengthOfPrev'), IN),
  virDomainPinEmulator: shape(IN, r('bytesIn'), r('lengthOfPrev'), IN),
  virDomainPinIOThread: shape(IN, IN, r('bytesIn'), r('lengthOfPrev'), IN),
  virDomainGetEmulatorPinInfo: shape(IN, { role: 'outBytes', filled: 'all', sizeArg: 'maplen' }, IN, IN),
  virDomainGetVcpuPinInfo: shape(IN, IN, { role: 'outCpumaps', countArg: 'ncpumaps' }, IN, IN),
  virDomainGetVcpus: {
    roles: [
      IN,
      { role: 'outStructArray', struct: 'virVcpuInfo' },
      IN,
      { role: 'outCpumaps', countArg: 'maxinfo' },
      IN,
    ],
  },
  virNodeGetCPUMap: { roles: [IN, r('outCpumap'), out('u32'), IN], keepReturn: true },

  virNodeGetCPUStats: shape(
    IN,
    IN,
    { role: 'queryStructArray', struct: 'virNodeCPUStats' },
    r('countOut'),
    IN,
  ),
  virNodeGetMemoryStats: shape(
    IN,
    IN,
    { role: 'queryStructArray', struct: 'virNodeMemoryStats' },
    r('countOut'),
    IN,
  ),
  virDomainGetCPUStats: shape(IN, r('cpuStats'), r('cpuStatsCount'), IN, IN, IN),

  // File descriptors.
  virDomainCreateWithFiles: shape(IN, r('lengthOfNext'), r('intsIn'), IN),
  virDomainCreateXMLWithFiles: shape(IN, IN, r('lengthOfNext'), r('intsIn'), IN),
  virDomainFDAssociate: shape(IN, IN, r('lengthOfNext'), r('intsIn'), IN),
  virDomainLxcOpenNamespace: shape(IN, r('outIntList'), IN),

  // Byte buffers: streams, secrets, peeks.
  virStreamSend: shape(IN, r('bytesIn'), r('lengthOfPrev')),
  virStreamRecv: shape(IN, { role: 'outBytes', filled: 'return', sizeArg: 'nbytes' }, IN),
  virStreamRecvFlags: shape(IN, { role: 'outBytes', filled: 'return', sizeArg: 'nbytes' }, IN, IN),
  virSecretSetValue: shape(IN, r('bytesIn'), r('lengthOfPrev'), IN),
  virSecretGetValue: shape(IN, r('outLengthOfReturn'), IN),
  virDomainBlockPeek: shape(IN, IN, IN, IN, { role: 'outBytes', filled: 'all', sizeArg: 'size' }, IN),
  virDomainMemoryPeek: shape(IN, IN, IN, { role: 'outBytes', filled: 'all', sizeArg: 'size' }, IN),

  // String and number arrays in.
  virConnectBaselineCPU: shape(IN, r('stringsIn'), r('lengthOfPrev'), IN),
  virConnectBaselineHypervisorCPU: shape(IN, IN, IN, IN, IN, r('stringsIn'), r('lengthOfPrev'), IN),
  virDomainAuthorizedSSHKeysSet: shape(IN, IN, r('stringsIn'), r('lengthOfPrev'), IN),
  virDomainFSFreeze: shape(IN, r('stringsIn'), r('lengthOfPrev'), IN),
  virDomainFSThaw: shape(IN, r('stringsIn'), r('lengthOfPrev'), IN),
  virDomainSendKey: shape(IN, IN, IN, r('uintsIn'), r('lengthOfPrev'), IN),

  // libvirt-admin: servers and clients (lists of new references), their typed parameters, logging strings.
  virAdmConnectListServers: listAll,
  virAdmServerListClients: listAll,
  virAdmConnectGetLibVersion: shape(IN, out('u64')),
  virAdmGetVersion: shape(out('u64')),
  virAdmConnectGetLoggingOutputs: shape(IN, r('outString'), IN),
  virAdmConnectGetLoggingFilters: shape(IN, r('outString'), IN),
  virAdmServerGetThreadPoolParameters: typedOut,
  virAdmServerGetClientLimits: typedOut,
  virAdmClientGetInfo: typedOut,
  virAdmServerSetThreadPoolParameters: typedSet('virAdmServerGetThreadPoolParameters'),
  virAdmServerSetClientLimits: typedSet('virAdmServerGetClientLimits'),
};

/** Whether a role takes a JS argument from invoke's argument list. */
export function isInputRole(role: ArgRole): boolean {
  return role.role === 'in' || role.role.endsWith('In');
}

/** Whether a role produces a value in invoke's result. */
export function isOutputRole(role: ArgRole): boolean {
  return (
    (role.role.startsWith('out') && role.role !== 'outLengthOfReturn') ||
    role.role === 'queryTypedParams' ||
    role.role === 'queryStructArray' ||
    role.role === 'cpuStats'
  );
}
