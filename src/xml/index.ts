/** libvirt-ts/xml: the typed, lossless XML model. Pure data; loads no native code. */

export * from './common/size.js';
export * from './engine/index.js';
export * from './secret.js';
export * from './domain/index.js';
