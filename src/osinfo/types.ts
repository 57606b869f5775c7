/** The typed entries of libvirt-ts/osinfo: what osinfo-db says about an operating system. */
import type { GuestOsProfile } from '../xml/builders/guest-os.js';

export type { GuestOsProfile };

/** One set of resources for one architecture ('all' when the database gives them for every one). */
export interface OsinfoResources {
  arch: string;
  /** Number of vCPUs, when the database gives it. */
  cpus?: number;
  /** CPU speed in Hz, when the database gives it. */
  cpuHz?: number;
  /** Memory in bytes. */
  ramBytes?: number;
  /** Disk size in bytes. */
  storageBytes?: number;
}

/** The resources of an OS by kind, each a list with one element per architecture. Not inherited (libosinfo). */
export interface OsinfoResourceSets {
  minimum: OsinfoResources[];
  recommended: OsinfoResources[];
  maximum: OsinfoResources[];
  networkInstall: OsinfoResources[];
}

/** A device the OS supports, resolved against the database's device files. */
export interface OsinfoDevice {
  /** The device's URL id, e.g. 'http://pcisig.com/pci/1af4/1041'. */
  id: string;
  /** libosinfo's name: 'virtio1.0-net', 'e1000e', 'qemu-xhci', 'tablet', … */
  name?: string;
  /** 'net', 'block', 'video', 'audio', 'input', 'controller.usb', 'rng', 'memory.balloon', 'chipset', … */
  class?: string;
  /** 'pci', 'usb', 'isa', 'ps2', 'xen', … */
  busType?: string;
  vendor?: string;
  vendorId?: string;
  product?: string;
  productId?: string;
  subsystem?: string;
  /** The driver the OS uses for it, when the database names one. */
  driver?: string;
}

/** A firmware an OS supports or refuses, per architecture (inherited along derives-from, as libosinfo does). */
export interface OsinfoFirmware {
  arch: string;
  type: 'bios' | 'efi' | string;
  supported: boolean;
}

/** What virt-install reads from the devices and firmware (same device ids as virtinst's osdict.py). */
export interface OsinfoSupport {
  virtioBlock: boolean;
  virtioScsi: boolean;
  virtioNet: boolean;
  virtioRng: boolean;
  virtioGpu: boolean;
  virtioBalloon: boolean;
  virtioSerial: boolean;
  virtioInput: boolean;
  /** virtio 1.0 (modern) devices: the virtio1.0-net device stands for them all, as in virt-install. */
  virtio1: boolean;
  /** USB 3 (qemu-xhci). */
  usb3: boolean;
  usbTablet: boolean;
  /** The q35 chipset. */
  q35: boolean;
  /** A TPM device is listed for the OS. */
  tpm: boolean;
  /** UEFI is supported on x86_64. */
  efi: boolean;
  /** UEFI is required on x86_64: EFI supported and BIOS marked unsupported (virt-install's rule). */
  requiresEfi: boolean;
}

/** An installation medium and the rules that recognise its ISO image. */
export interface OsinfoMedia {
  arch: string;
  /** Variant ids this medium installs ('server', 'workstation', 'universal-netinst', …). */
  variants: string[];
  url?: string;
  /** Regular expressions (PCRE, as libosinfo matches them) on the ISO 9660 primary volume descriptor. */
  volumeId?: string;
  systemId?: string;
  publisherId?: string;
  applicationId?: string;
  /** Exact volume size in bytes (volume space size × logical block size), when the rule has one. */
  volumeSize?: number;
  kernel?: string;
  initrd?: string;
  live: boolean;
  installer: boolean;
  installerReboots: number;
  installerScript: boolean;
  ejectAfterInstall: boolean;
}

export interface OsinfoVariant {
  id: string;
  name?: string;
}

export type OsinfoReleaseStatus = 'released' | 'prerelease' | 'snapshot' | 'rolling';

/** One operating system of osinfo-db, with what libosinfo inherits already applied. */
export interface OsinfoEntry {
  /** The database's id, a URL: 'http://debian.org/debian/11'. */
  id: string;
  /** The first short id ('debian11'): what virt-install's --osinfo prints. */
  shortId: string;
  /** Every short id ('debian11', 'debianbullseye'); get() accepts each. */
  shortIds: string[];
  name: string;
  vendor?: string;
  /** 'linux', 'winnt', 'win9x', 'freebsd', 'openbsd', 'netbsd', 'solaris', 'darwin', … */
  family?: string;
  /** 'debian', 'fedora', 'win', 'freebsd', … */
  distro?: string;
  version?: string;
  codename?: string;
  releaseStatus: OsinfoReleaseStatus;
  /** 'YYYY-MM-DD' */
  releaseDate?: string;
  /** 'YYYY-MM-DD' */
  eolDate?: string;
  /** End of life today, by virt-manager's rule: past its EOL date; else, not rolling, released over 10 years ago. */
  eol: boolean;
  /** URL ids of the OSes this one derives from, clones, and upgrades. */
  derivesFrom: string[];
  clones: string[];
  upgrades: string[];
  resources: OsinfoResourceSets;
  /** Supported devices, own and inherited along derives-from and clones (minus those marked unsupported). */
  devices: OsinfoDevice[];
  firmware: OsinfoFirmware[];
  support: OsinfoSupport;
  variants: OsinfoVariant[];
  media: OsinfoMedia[];
  /** What `new DomainBuilder(name).os(entry)` reads to choose devices as virt-install does (x86_64). */
  guest: GuestOsProfile;
}

/** The cheap summary list() returns and filters on; get() gives the whole entry. */
export interface OsinfoSummary {
  id: string;
  shortId: string;
  shortIds: string[];
  name: string;
  vendor?: string;
  family?: string;
  distro?: string;
  version?: string;
  codename?: string;
  releaseStatus: OsinfoReleaseStatus;
  releaseDate?: string;
  eolDate?: string;
  eol: boolean;
}
