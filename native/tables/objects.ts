// libvirt's reference-counted object types: the handle kind each `virXxxPtr` becomes and how it is released.

/**
 * One row per libvirt object type: the pointer type, the kind of its Handle, the function that releases one
 * reference (`virConnectClose` for connections) and libvirt's error code for an invalid object of the type
 * (what a call on a freed handle rejects with). `HandleKind`, the generated metadata's union, the argument
 * check's pointer types and the freed-handle error codes are all derived from it.
 */
export const OBJECT_TYPES = {
  virConnectPtr: { kind: 'connect', free: 'virConnectClose', invalid: 'INVALID_CONN' },
  virDomainPtr: { kind: 'domain', free: 'virDomainFree', invalid: 'INVALID_DOMAIN' },
  virNetworkPtr: { kind: 'network', free: 'virNetworkFree', invalid: 'INVALID_NETWORK' },
  virNetworkPortPtr: { kind: 'networkPort', free: 'virNetworkPortFree', invalid: 'INVALID_NETWORK_PORT' },
  virStoragePoolPtr: { kind: 'storagePool', free: 'virStoragePoolFree', invalid: 'INVALID_STORAGE_POOL' },
  virStorageVolPtr: { kind: 'storageVol', free: 'virStorageVolFree', invalid: 'INVALID_STORAGE_VOL' },
  virDomainSnapshotPtr: {
    kind: 'snapshot',
    free: 'virDomainSnapshotFree',
    invalid: 'INVALID_DOMAIN_SNAPSHOT',
  },
  virDomainCheckpointPtr: {
    kind: 'checkpoint',
    free: 'virDomainCheckpointFree',
    invalid: 'INVALID_DOMAIN_CHECKPOINT',
  },
  virSecretPtr: { kind: 'secret', free: 'virSecretFree', invalid: 'INVALID_SECRET' },
  virNodeDevicePtr: { kind: 'nodeDevice', free: 'virNodeDeviceFree', invalid: 'INVALID_NODE_DEVICE' },
  virInterfacePtr: { kind: 'interface', free: 'virInterfaceFree', invalid: 'INVALID_INTERFACE' },
  virNWFilterPtr: { kind: 'nwfilter', free: 'virNWFilterFree', invalid: 'INVALID_NWFILTER' },
  virNWFilterBindingPtr: {
    kind: 'nwfilterBinding',
    free: 'virNWFilterBindingFree',
    invalid: 'INVALID_NWFILTER_BINDING',
  },
  virStreamPtr: { kind: 'stream', free: 'virStreamFree', invalid: 'INVALID_STREAM' },
  // libvirt-admin.so.0: a connection to a daemon's admin socket, its servers and their clients. libvirt 9.0
  // reports each of them invalid as INVALID_CONN (measured: raw-callable.child.ts with NULL).
  virAdmConnectPtr: { kind: 'adminConnect', free: 'virAdmConnectClose', invalid: 'INVALID_CONN' },
  virAdmServerPtr: { kind: 'adminServer', free: 'virAdmServerFree', invalid: 'INVALID_CONN' },
  virAdmClientPtr: { kind: 'adminClient', free: 'virAdmClientFree', invalid: 'INVALID_CONN' },
} as const satisfies Record<string, ObjectType>;

export type ObjectPointerType = keyof typeof OBJECT_TYPES;
export type HandleKind = (typeof OBJECT_TYPES)[ObjectPointerType]['kind'];

export interface ObjectType {
  kind: string;
  /** releases one reference (`virConnectClose` for connections) */
  free: string;
  /** libvirt's error code name (`ErrorCode.INVALID_DOMAIN`) for an invalid object of this type */
  invalid: string;
}

/** The kinds that are connections: they own their children, and their release (`virConnectClose`,
 * `virAdmConnectClose`) is a call of its own that must come after every child's. */
export const CONNECTION_KINDS: ReadonlySet<HandleKind> = new Set<HandleKind>(['connect', 'adminConnect']);

/** The release functions of connections. */
export const CONNECTION_CLOSERS: ReadonlySet<string> = new Set(['virConnectClose', 'virAdmConnectClose']);

/** The object type of a C type (`virDomainPtr`), or undefined when it is not a libvirt object pointer. */
export function objectType(cType: string): (typeof OBJECT_TYPES)[ObjectPointerType] | undefined {
  return Object.hasOwn(OBJECT_TYPES, cType) ? OBJECT_TYPES[cType as ObjectPointerType] : undefined;
}

/** Getters that return the parent object without taking a reference (libvirt documents these as "the
 * reference counter is not increased"): the caller must not free the result. */
export function returnsBorrowedObject(functionName: string): boolean {
  return /Get(Connect|Domain|Network)$/.test(functionName);
}
