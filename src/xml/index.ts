/** libvirt-ts/xml: the typed, lossless XML model. Pure data; loads no native code. */

export * from './common/size.js';
export * from './engine/index.js';
export * from './secret.js';
export * from './domain/index.js';
export * from './storage-common.js';
export * from './storage-pool.js';
export * from './storage-volume.js';
export * from './network/network.js';
export * from './network/forward.js';
export * from './network/dns.js';
export * from './network/ip.js';
export * from './builders/storage-pool.js';
export * from './builders/storage-volume.js';
export * from './builders/network.js';
