/**
 * libvirt-ts/xml: the typed, lossless XML model. Pure data; loads no native code.
 *
 * @module libvirt-ts/xml
 */

export * from './builders/domain.js';
export * from './builders/guest-os.js';
export * from './builders/host-interface.js';
export type { BuilderVirtType, DomainHostProfile } from './builders/host-profile.js';
export * from './builders/network.js';
export * from './builders/nwfilter.js';
export * from './builders/storage-pool.js';
export * from './builders/storage-volume.js';
export * from './capabilities.js';
export * from './common/size.js';
export * from './domain/index.js';
export * from './domain-backup.js';
export * from './domain-capabilities.js';
export * from './domain-checkpoint.js';
export * from './domain-snapshot.js';
export * from './engine/index.js';
export * from './interface.js';
export * from './network/dns.js';
export * from './network/forward.js';
export * from './network/ip.js';
export * from './network/network.js';
export * from './network-port.js';
export * from './node-device.js';
export * from './nwfilter.js';
export * from './nwfilter-binding.js';
export * from './secret.js';
export * from './storage-common.js';
export * from './storage-pool.js';
export * from './storage-pool-capabilities.js';
export * from './storage-volume.js';
