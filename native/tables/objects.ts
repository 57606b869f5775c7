// libvirt's reference-counted object types: the handle kind each `virXxxPtr` becomes and how it is released.

export type HandleKind =
  | 'connect'
  | 'domain'
  | 'network'
  | 'networkPort'
  | 'storagePool'
  | 'storageVol'
  | 'snapshot'
  | 'checkpoint'
  | 'secret'
  | 'nodeDevice'
  | 'interface'
  | 'nwfilter'
  | 'nwfilterBinding'
  | 'stream';

export interface ObjectType {
  kind: HandleKind;
  /** releases one reference (`virConnectClose` for connections) */
  free: string;
}

export const OBJECT_TYPES: Readonly<Record<string, ObjectType>> = {
  virConnectPtr: { kind: 'connect', free: 'virConnectClose' },
  virDomainPtr: { kind: 'domain', free: 'virDomainFree' },
  virNetworkPtr: { kind: 'network', free: 'virNetworkFree' },
  virNetworkPortPtr: { kind: 'networkPort', free: 'virNetworkPortFree' },
  virStoragePoolPtr: { kind: 'storagePool', free: 'virStoragePoolFree' },
  virStorageVolPtr: { kind: 'storageVol', free: 'virStorageVolFree' },
  virDomainSnapshotPtr: { kind: 'snapshot', free: 'virDomainSnapshotFree' },
  virDomainCheckpointPtr: { kind: 'checkpoint', free: 'virDomainCheckpointFree' },
  virSecretPtr: { kind: 'secret', free: 'virSecretFree' },
  virNodeDevicePtr: { kind: 'nodeDevice', free: 'virNodeDeviceFree' },
  virInterfacePtr: { kind: 'interface', free: 'virInterfaceFree' },
  virNWFilterPtr: { kind: 'nwfilter', free: 'virNWFilterFree' },
  virNWFilterBindingPtr: { kind: 'nwfilterBinding', free: 'virNWFilterBindingFree' },
  virStreamPtr: { kind: 'stream', free: 'virStreamFree' },
};

/** Getters that return the parent object without taking a reference (libvirt documents these as "the
 * reference counter is not increased"): the caller must not free the result. */
export function returnsBorrowedObject(functionName: string): boolean {
  return /Get(Connect|Domain|Network)$/.test(functionName);
}
