import { child, element, leaf, list, type XmlType } from '../../engine/describe.js';
import { str } from '../../engine/kinds.js';
import { channel, consoleDevice, parallel, serial } from './chardev.js';
import { controller } from './controller.js';
import { deviceInfo } from './device-info.js';
import { disk } from './disk.js';
import { filesystem } from './filesystem.js';
import { graphics } from './graphics.js';
import { hostdev } from './hostdev.js';
import { input } from './input.js';
import { networkInterface } from './interface.js';
import { lease } from './lease.js';
import { memballoon, memoryDevice, shmem } from './memory.js';
import { iommu, panic, watchdog } from './platform.js';
import { smartcard } from './smartcard.js';
import { audio, sound } from './sound.js';
import { tpm } from './tpm.js';
import { hub, redirdev, redirfilter } from './usb-redirection.js';
import { video } from './video.js';
import { cryptoDevice, rng, vsock } from './virtio-devices.js';

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
  /** pSeries: the guest's NVRAM device (`<nvram><address type='spapr-vio' reg='0x3000'/></nvram>`). */
  nvram: child(element({ ...deviceInfo })),
});
export type Devices = XmlType<typeof devices>;

export type { Chardev } from './chardev.js';
export type { Controller } from './controller.js';
export type { BootOrder } from './device-info.js';
export type { BackingStore, Disk, DiskSource } from './disk.js';
export type { Filesystem } from './filesystem.js';
export type { Graphics } from './graphics.js';
export type { Hostdev } from './hostdev.js';
export type { Input } from './input.js';
export type { NetworkInterface } from './interface.js';
export type { Lease } from './lease.js';
export type { Memballoon, MemoryDevice, Shmem } from './memory.js';
export type { Iommu, Panic, Watchdog } from './platform.js';
export type { Smartcard } from './smartcard.js';
export type { Audio, Sound } from './sound.js';
export type { Tpm } from './tpm.js';
export type { Hub, Redirdev, Redirfilter } from './usb-redirection.js';
export type { Video } from './video.js';
export type { Crypto, Rng, Vsock } from './virtio-devices.js';
