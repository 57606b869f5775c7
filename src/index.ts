/**
 * libvirt-ts: the object API. `Hypervisor.connect(uri)` is the way in; every method is async and runs libvirt
 * off the main thread. The typed XML model is re-exported here and available alone from `libvirt-ts/xml`.
 */
export type { ConnectAuth, CredentialCallback, CredentialRequest, CredentialType } from './connect.js';
export { Domain } from './domain.js';
export { DomainCollection } from './domains.js';
export {
  ErrorCode,
  type ErrorCodeName,
  ErrorDomain,
  ErrorLevel,
  LibraryLoadError,
  LibvirtError,
} from './errors.js';
export { type ConnectOptions, Hypervisor } from './hypervisor.js';
export type { DomainInfo, DomainStateName, NodeInfo, Version } from './values.js';
export * from './xml/index.js';
