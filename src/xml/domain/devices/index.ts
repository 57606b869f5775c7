import { child, element, leaf, list, type XmlType } from '../../engine/describe.js';
import { str } from '../../engine/kinds.js';
import { channel, consoleDevice, parallel, serial } from './chardev.js';
import { controller } from './controller.js';
import { disk } from './disk.js';
import { graphics } from './graphics.js';
import { hostdev } from './hostdev.js';
import { hub, input, redirdev, redirfilter, smartcard } from './input.js';
import { networkInterface } from './interface.js';
import {
  cryptoDevice,
  filesystem,
  iommu,
  lease,
  memballoon,
  memoryDevice,
  panic,
  rng,
  shmem,
  tpm,
  vsock,
  watchdog,
} from './misc.js';
import { audio, sound } from './sound.js';
import { video } from './video.js';

/** `<devices>`: one list per device kind, in the order libvirt writes them. */
export const devices = element({
  emulator: leaf(str),
  disks: list(disk, 'disk'),
  controllers: list(controller, 'controller'),
  leases: list(lease, 'lease'),
  filesystems: list(filesystem, 'filesystem'),
  interfaces: list(networkInterface, 'interface'),
  smartcards: list(smartcard, 'smartcard'),
  serials: list(serial, 'serial'),
  parallels: list(parallel, 'parallel'),
  consoles: list(consoleDevice, 'console'),
  channels: list(channel, 'channel'),
  inputs: list(input, 'input'),
  tpms: list(tpm, 'tpm'),
  graphics: list(graphics, 'graphics'),
  sounds: list(sound, 'sound'),
  audios: list(audio, 'audio'),
  videos: list(video, 'video'),
  hostdevs: list(hostdev, 'hostdev'),
  redirdevs: list(redirdev, 'redirdev'),
  redirfilters: list(redirfilter, 'redirfilter'),
  hubs: list(hub, 'hub'),
  watchdogs: list(watchdog, 'watchdog'),
  memballoon: child(memballoon),
  rngs: list(rng, 'rng'),
  panics: list(panic, 'panic'),
  shmems: list(shmem, 'shmem'),
  memories: list(memoryDevice, 'memory'),
  iommu: child(iommu),
  vsock: child(vsock),
  cryptos: list(cryptoDevice, 'crypto'),
});
export type Devices = XmlType<typeof devices>;

export type { Chardev } from './chardev.js';
export type { Controller } from './controller.js';
export type { BootOrder } from './device-info.js';
export type { BackingStore, Disk, DiskSource } from './disk.js';
export type { Graphics } from './graphics.js';
export type { Hostdev } from './hostdev.js';
export type { Hub, Input, Redirdev, Redirfilter, Smartcard } from './input.js';
export type { NetworkInterface } from './interface.js';
export type {
  Crypto,
  Filesystem,
  Iommu,
  Lease,
  Memballoon,
  MemoryDevice,
  Panic,
  Rng,
  Shmem,
  Tpm,
  Vsock,
  Watchdog,
} from './misc.js';
export type { Audio, Sound } from './sound.js';
export type { Video } from './video.js';
