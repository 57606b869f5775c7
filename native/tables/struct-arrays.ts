// Pointer fields of libvirt structs that are arrays counted by a sibling field: the XML names the fields but
// not the relation. Used for the decoded TS interfaces and by the struct decoder.

export type StructArrayElement = { struct: string } | 'string' | 'bytes' | 'typedParams';

export interface StructArray {
  count: string;
  element: StructArrayElement;
  tsType: string;
}

export const STRUCT_ARRAYS: Readonly<Record<string, StructArray>> = {
  'virDomainInterface.addrs': {
    count: 'naddrs',
    element: { struct: 'virDomainIPAddress' },
    tsType: 'virDomainIPAddress[]',
  },
  'virDomainFSInfo.devAlias': { count: 'ndevAlias', element: 'string', tsType: 'string[]' },
  'virDomainIOThreadInfo.cpumap': { count: 'cpumaplen', element: 'bytes', tsType: 'Uint8Array' },
  'virDomainStatsRecord.params': { count: 'nparams', element: 'typedParams', tsType: 'TypedParams' },
  'virDomainEventGraphicsSubject.identities': {
    count: 'nidentity',
    element: { struct: 'virDomainEventGraphicsSubjectIdentity' },
    tsType: 'virDomainEventGraphicsSubjectIdentity[]',
  },
};
