/** The typed entries of libvirt-ts/osinfo: what osinfo-db says about an operating system. */
import type { GuestOsProfile } from '../xml/builders/guest-os.js';

export type { GuestOsProfile };

/** One set of resources for one architecture ('all' when the database gives them for every one). */
export interface OsinfoResources {
  /** The architecture (`'x86_64'`), or `'all'`. */
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
  /** The least the OS runs with. */
  minimum: OsinfoResources[];
  /** What the database recommends. */
  recommended: OsinfoResources[];
  /** The most the OS can use. */
  maximum: OsinfoResources[];
  /** What a network installation needs. */
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
  /** The vendor's name. */
  vendor?: string;
  /** The vendor's id (`'0x1af4'` for PCI). */
  vendorId?: string;
  /** The product's name. */
  product?: string;
  /** The product's id (`'0x1041'` for PCI). */
  productId?: string;
  /** The subsystem id, when the database gives one. */
  subsystem?: string;
  /** The driver the OS uses for it, when the database names one. */
  driver?: string;
}

/** A firmware an OS supports or refuses, per architecture (inherited along derives-from, as libosinfo does). */
export interface OsinfoFirmware {
  /** The architecture this applies to. */
  arch: string;
  /** The firmware: `'bios'` or `'efi'`. */
  type: 'bios' | 'efi' | string;
  /** Whether the OS supports it on that architecture. */
  supported: boolean;
}

/** What virt-install reads from the devices and firmware (same device ids as virtinst's osdict.py). */
export interface OsinfoSupport {
  /** A virtio-blk disk is supported. */
  virtioBlock: boolean;
  /** A virtio-scsi controller is supported. */
  virtioScsi: boolean;
  /** A virtio-net NIC is supported. */
  virtioNet: boolean;
  /** A virtio RNG is supported. */
  virtioRng: boolean;
  /** A virtio-gpu video device is supported. */
  virtioGpu: boolean;
  /** A virtio memory balloon is supported. */
  virtioBalloon: boolean;
  /** A virtio-serial controller (for the guest agent channel) is supported. */
  virtioSerial: boolean;
  /** virtio input devices (keyboard, tablet) are supported. */
  virtioInput: boolean;
  /** virtio 1.0 (modern) devices: the virtio1.0-net device stands for them all, as in virt-install. */
  virtio1: boolean;
  /** USB 3 (qemu-xhci). */
  usb3: boolean;
  /** A USB tablet (absolute pointer) is supported. */
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
  /** The architecture the medium is for. */
  arch: string;
  /** Variant ids this medium installs ('server', 'workstation', 'universal-netinst', …). */
  variants: string[];
  /** Where the medium can be downloaded, when the database says. */
  url?: string;
  /** Regular expressions (PCRE, as libosinfo matches them) on the ISO 9660 primary volume descriptor. */
  volumeId?: string;
  /** A regular expression on the system identifier. */
  systemId?: string;
  /** A regular expression on the publisher identifier. */
  publisherId?: string;
  /** A regular expression on the application identifier. */
  applicationId?: string;
  /** Exact volume size in bytes (volume space size × logical block size), when the rule has one. */
  volumeSize?: number;
  /** The kernel's path on the medium, for a direct kernel boot. */
  kernel?: string;
  /** The initrd's path on the medium, for a direct kernel boot. */
  initrd?: string;
  /** The medium boots a live system. */
  live: boolean;
  /** The medium holds an installer. */
  installer: boolean;
  /** How many times the installer reboots the machine (default 1). */
  installerReboots: number;
  /** The medium's installer accepts an unattended-install script. */
  installerScript: boolean;
  /** The medium should be ejected once the installation is done. */
  ejectAfterInstall: boolean;
}

/** A variant of an OS (`'server'`, `'workstation'`, …), as media name them. */
export interface OsinfoVariant {
  /** The variant's id. */
  id: string;
  /** Its human-readable name. */
  name?: string;
}

/** Whether the OS is released, a prerelease, a snapshot, or a rolling release. */
export type OsinfoReleaseStatus = 'released' | 'prerelease' | 'snapshot' | 'rolling';

/** One operating system of osinfo-db, with what libosinfo inherits already applied. */
export interface OsinfoEntry {
  /** The database's id, a URL: 'http://debian.org/debian/11'. */
  id: string;
  /** The first short id ('debian11'): what virt-install's --osinfo prints. */
  shortId: string;
  /** Every short id ('debian11', 'debianbullseye'); get() accepts each. */
  shortIds: string[];
  /** The OS's name (`'Debian 11'`). */
  name: string;
  /** Its vendor. */
  vendor?: string;
  /** 'linux', 'winnt', 'win9x', 'freebsd', 'openbsd', 'netbsd', 'solaris', 'darwin', … */
  family?: string;
  /** 'debian', 'fedora', 'win', 'freebsd', … */
  distro?: string;
  /** Its version (`'11'`). */
  version?: string;
  /** Its codename (`'bullseye'`). */
  codename?: string;
  /** Whether it is released, a prerelease, a snapshot, or rolling. */
  releaseStatus: OsinfoReleaseStatus;
  /** 'YYYY-MM-DD' */
  releaseDate?: string;
  /** 'YYYY-MM-DD' */
  eolDate?: string;
  /** End of life today, by virt-manager's rule: past its EOL date; else, not rolling, released over 10 years ago. */
  eol: boolean;
  /** URL ids of the OSes this one derives from, clones, and upgrades. */
  derivesFrom: string[];
  /** URL ids of the OSes this one clones. */
  clones: string[];
  /** URL ids of the OSes this one upgrades. */
  upgrades: string[];
  /** CPU, memory and disk: minimum, recommended, maximum and for a network install. */
  resources: OsinfoResourceSets;
  /** Supported devices, own and inherited along derives-from and clones (minus those marked unsupported). */
  devices: OsinfoDevice[];
  /** The firmware it supports or refuses, per architecture. */
  firmware: OsinfoFirmware[];
  /** What virt-install reads from the devices and firmware, as booleans. */
  support: OsinfoSupport;
  /** Its variants. */
  variants: OsinfoVariant[];
  /** Its installation media, with the rules that recognise them. */
  media: OsinfoMedia[];
  /** What `new DomainBuilder(name).os(entry)` reads to choose devices as virt-install does (x86_64). */
  guest: GuestOsProfile;
}

/** The cheap summary list() returns and filters on; get() gives the whole entry. */
export interface OsinfoSummary {
  /** The database's id, a URL (`'http://debian.org/debian/11'`). */
  id: string;
  /** The first short id (`'debian11'`). */
  shortId: string;
  /** Every short id; `get()` accepts each. */
  shortIds: string[];
  /** The OS's name. */
  name: string;
  /** Its vendor. */
  vendor?: string;
  /** Its family (`'linux'`, `'winnt'`, …). */
  family?: string;
  /** Its distribution (`'debian'`, `'win'`, …). */
  distro?: string;
  /** Its version. */
  version?: string;
  /** Its codename. */
  codename?: string;
  /** Whether it is released, a prerelease, a snapshot, or rolling. */
  releaseStatus: OsinfoReleaseStatus;
  /** Its release date, 'YYYY-MM-DD'. */
  releaseDate?: string;
  /** Its end-of-life date, 'YYYY-MM-DD'. */
  eolDate?: string;
  /** End of life today, by virt-manager's rule (see `OsinfoEntry.eol`). */
  eol: boolean;
}
