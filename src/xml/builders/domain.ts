import { ARCH_NAMES, type ArchName } from '../common/arch.js';
import { parseSize, scaledFromBytes } from '../common/size.js';
import { DISK_FORMATS } from '../domain/devices/disk.js';
import type { Controller, Devices, Disk, Graphics, NetworkInterface, Video } from '../domain/index.js';
import { type DomainDef, domainDocument } from '../domain/index.js';
import { tagKind } from '../engine/document.js';
import {
  badInput,
  checkAbsolutePath,
  checkInteger,
  checkObjectName,
  checkOneOf,
  checkText,
} from './checks.js';
import type { GuestOsProfile } from './guest-os.js';
import {
  BUILDER_VIRT_TYPES,
  type BuilderVirtType,
  checkHostProfile,
  type DomainHostProfile,
  hostKvmCpuMode,
  hostMachine,
  hostTpm,
  hostUefi,
  hostVirtType,
} from './host-profile.js';

/**
 * DomainBuilder: the virt-manager / virt-install wizard as a fluent API. Defaults are what
 * `virt-install --print-xml` chooses on x86_64 (checked with virt-install 4.1 against libvirt 9.0):
 * q35 machine, virtio disks, NIC and video, a USB 3 controller with a tablet, 14 PCIe root ports for hotplug,
 * UTC clock with rtc/pit/hpet timers, suspend disabled, a pty console, the guest agent channel, a virtio
 * memory balloon and RNG, VNC graphics, and `host-passthrough` CPU for KVM guests. There is no default virt
 * type: `forHost(await hv.virtualizationSupport())` takes the host's (kvm only where KVM can run), or pass
 * `{ type: 'kvm' | 'qemu' }`; build() refuses to guess (a kvm guest on a CPU without vmx/svm dies at start).
 * TCG ('qemu') guests get no `<cpu>` element. MAC addresses and the emulator path are left to libvirt, which
 * fills them in at define time.
 */

export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'ide' | 'usb';
/** A disk image format the builder accepts (`'raw'`, `'qcow2'`, …): the driver's `type` attribute. */
export type DiskFormat = (typeof DISK_FORMATS)[number];
/** The disk's host cache mode: the driver's `cache` attribute. */
export type DiskCache = 'default' | 'none' | 'writeback' | 'writethrough' | 'directsync' | 'unsafe';
/** How the hypervisor does the disk's I/O: the driver's `io` attribute. */
export type DiskIo = 'threads' | 'native' | 'io_uring';

/** One disk for `DomainBuilder.disk()`: its source and how the guest sees it. */
export interface DiskInput {
  /** Where the data lives: an image file, a storage pool volume, or a host block device. */
  source:
    | {
        /** An image file's absolute path. */
        file: string;
      }
    | {
        /** The storage pool's name. */
        pool: string;
        /** The volume's name in that pool. */
        volume: string;
      }
    | {
        /** A host block device's path. */
        dev: string;
      };
  /** Guest bus; default 'virtio'. */
  bus?: DiskBus;
  /** Image format; default from the file extension (.qcow2 → qcow2, else raw); volumes get none unless given. */
  format?: DiskFormat;
  /** The host cache mode (`<driver cache=>`); default the hypervisor's. */
  cache?: DiskCache;
  /** The I/O mode (`<driver io=>`); default the hypervisor's. */
  io?: DiskIo;
  /** Whether guest discards reach the image (`<driver discard=>`); default 'unmap' for qcow2 disks. */
  discard?: 'unmap' | 'ignore';
  /** Logical and physical block size the guest sees, in bytes (512 to 32768, a power of two). */
  blockSize?: number;
  /** The guest cannot write to the disk (`<readonly/>`); always so for a CD-ROM. */
  readonly?: boolean;
  /** 'disk' (default) or 'cdrom'. */
  device?: 'disk' | 'cdrom';
}

/** Options of a network interface added by `DomainBuilder.network()` or `.bridge()`. */
export interface NicOptions {
  /** Guest NIC model; default 'virtio'. */
  model?: string;
  /** A fixed MAC address; default: libvirt generates one. */
  mac?: string;
}

/** Options of the remote display of `DomainBuilder.graphics()`. */
export interface GraphicsOptions {
  /** Address to listen on (e.g. '127.0.0.1', '0.0.0.0'); default libvirt's (localhost). */
  listen?: string;
  /** A fixed port; default automatic (-1). */
  port?: number;
  /** Password the client must give. */
  password?: string;
}

/**
 * What `new DomainBuilder(name, options)` fixes from the start: the virtualization type, architecture, machine
 * and UUID.
 */
export interface DomainBuilderOptions {
  /**
   * Virtualization type: 'kvm', 'qemu' (TCG emulation) or 'test' (the test driver). No default: give it here
   * or call forHost(), which takes the host's.
   */
  type?: BuilderVirtType;
  /** Guest architecture; default x86_64, or the host's with forHost(). */
  arch?: string;
  /**
   * Machine type; default 'q35' (with forHost() and an OS without q35: the host's default machine).
   * 'pc' (i440fx) puts the CD-ROM on IDE and adds no PCIe root ports.
   */
  machine?: string;
  /** The domain's UUID; default: libvirt generates one. */
  uuid?: string;
}

type CpuChoice =
  | 'host-model'
  | 'host-passthrough'
  | 'maximum'
  | { model: string; fallback?: 'allow' | 'forbid' };

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const VIDEO_MODELS = ['virtio', 'qxl', 'vga', 'cirrus', 'bochs', 'ramfb', 'vmvga', 'none'] as const;
const DISK_BUSES = ['virtio', 'sata', 'scsi', 'ide', 'usb'] as const;
const TARGET_PREFIX: Record<DiskBus, string> = { virtio: 'vd', sata: 'sd', scsi: 'sd', usb: 'sd', ide: 'hd' };

/**
 * Builds a domain definition as virt-install would: memory, vCPUs, CPU, disks, CD-ROMs, NICs, display,
 * console, and the OS's and the host's defaults; `build()` gives the typed definition (`buildDomainXml()`
 * writes it as XML). No libvirt call.
 */
export class DomainBuilder {
  readonly #name: string;
  readonly #options: DomainBuilderOptions;
  #memoryBytes = 1024 ** 3;
  #vcpus = 1;
  #cpu: CpuChoice | undefined;
  #cdroms: Disk[] = [];
  #disks: Disk[] = [];
  #nics: NetworkInterface[] = [];
  /** undefined: virtio, unless there is no display (virt-install adds no video with --graphics none). */
  #video: Video['model'] | undefined;
  #graphics: 'vnc' | 'spice' | 'none' = 'vnc';
  #graphicsOptions: GraphicsOptions = {};
  #console: 'serial' | 'virtio' = 'serial';
  #guest: GuestOsProfile | undefined;
  #host: DomainHostProfile | undefined;
  #memorySet = false;
  #vcpusSet = false;
  /** UEFI asked for by firmware(); `secureBoot` undefined: no preference (the firmware's default). */
  #uefi: { secureBoot?: boolean } | undefined;

  constructor(name: string, options: DomainBuilderOptions = {}) {
    this.#name = checkObjectName('domain', name);
    if (options === null || typeof options !== 'object')
      throw badInput('DomainBuilder options must be an object');
    if (options.type !== undefined) checkOneOf('virt type', options.type, BUILDER_VIRT_TYPES);
    if (options.arch !== undefined) checkOneOf('arch', options.arch, ARCH_NAMES);
    if (options.machine !== undefined) checkText('machine', options.machine);
    this.#options = { ...options };
  }

  /** Guest memory (maximum and current): bytes, or a string with a unit ('2 GiB', '512MiB', '1G'). */
  memory(size: number | string): this {
    const bytes = parseSize(size, 'memory');
    if (bytes < 1024 ** 2) throw badInput(`memory must be at least 1 MiB, got ${bytes} bytes`);
    this.#memoryBytes = bytes;
    this.#memorySet = true;
    scaledFromBytes(bytes, 'KiB'); // refuses sizes that are not whole KiB now rather than at build()
    return this;
  }

  /** Number of virtual CPUs. */
  vcpus(count: number): this {
    this.#vcpus = checkInteger('vcpus', count, 1, 4096);
    this.#vcpusSet = true;
    return this;
  }

  /**
   * The guest's operating system (an entry of libvirt-ts/osinfo, or its `guest` profile): what is not given
   * explicitly is chosen as virt-install chooses it for that OS — machine (q35 when supported, else pc),
   * memory and vCPUs (recommended), disk bus and NIC model (virtio only when supported), video, UEFI (and an
   * emulated TPM with it) when BIOS is unsupported, the USB controller, RNG, balloon and guest-agent channel
   * only when supported, local-time clock and Hyper-V enlightenments for Windows.
   */
  os(os: GuestOsProfile | { guest: GuestOsProfile }): this {
    if (os === null || typeof os !== 'object')
      throw badInput('os() takes an osinfo entry or its guest profile');
    const profile = 'guest' in os ? os.guest : os;
    if (profile === null || typeof profile !== 'object' || typeof profile.id !== 'string') {
      throw badInput('os() takes an osinfo entry or its guest profile');
    }
    this.#guest = profile;
    return this;
  }

  /**
   * The host the guest will run on: `forHost(await hv.virtualizationSupport())`. What is not given explicitly
   * is then chosen for it as virt-install chooses: the virt type (kvm only when KVM can run here, else qemu;
   * 'test' on the test driver), the arch, the machine (q35 when the OS runs on it, else the host's default,
   * e.g. 'pc-i440fx-7.2'), UEFI only when the host has it, the emulated TPM only when it offers one (swtpm),
   * virtio, qxl or bochs video only when it lists them (else VGA), and the KVM CPU mode it offers. Explicit
   * choices the host cannot do (a kvm type on a CPU without vmx/svm, a machine or type it does not offer,
   * another arch) are refused at build(). Order with os() does not matter.
   */
  forHost(host: DomainHostProfile): this {
    this.#host = checkHostProfile(host);
    return this;
  }

  /** CPU: a mode, or a named model (`{ model: 'Skylake-Client' }`). Default: host-passthrough for kvm. */
  cpu(choice: CpuChoice): this {
    if (typeof choice === 'string')
      checkOneOf('cpu mode', choice, ['host-model', 'host-passthrough', 'maximum'] as const);
    else if (choice === null || typeof choice !== 'object') throw badInput('cpu must be a mode or { model }');
    else {
      checkText('cpu model', choice.model);
      if (choice.fallback !== undefined)
        checkOneOf('cpu fallback', choice.fallback, ['allow', 'forbid'] as const);
    }
    this.#cpu = choice;
    return this;
  }

  /** Installation media: an ISO attached as a read-only CD-ROM that boots before the disks. */
  cdrom(isoPath: string): this {
    checkAbsolutePath('cdrom ISO path', isoPath);
    this.#cdroms.push(this.#makeDisk({ source: { file: isoPath }, device: 'cdrom', format: 'raw' }));
    return this;
  }

  /** A disk from an image file, a pool volume or a host block device. */
  disk(input: DiskInput): this {
    this.#disks.push(this.#makeDisk(input));
    return this;
  }

  /** A NIC on a libvirt virtual network. */
  network(name: string, options: NicOptions = {}): this {
    this.#nics.push(this.#nic('network', { network: checkText('network name', name) }, options));
    return this;
  }

  /** A NIC on a host bridge. */
  bridge(name: string, options: NicOptions = {}): this {
    this.#nics.push(this.#nic('bridge', { bridge: checkText('bridge name', name) }, options));
    return this;
  }

  /** Video adapter model; default 'virtio'. */
  video(model: (typeof VIDEO_MODELS)[number]): this {
    this.#video = { type: checkOneOf('video model', model, VIDEO_MODELS) };
    return this;
  }

  /**
   * UEFI firmware, as `virt-install --boot uefi`; with `secureBoot`, secure boot required on or off, as
   * `--boot uefi,firmware.feature0.name=secure-boot,firmware.feature0.enabled=yes|no`: `<os firmware='efi'>`
   * with a `<firmware><feature name='secure-boot'>` for libvirt's firmware auto-selection (libvirt then picks a
   * secure-boot image and turns on SMM). Where the host has no auto-selection (forHost), a pflash image whose
   * name says "secboot" (or not) is taken instead. An OS that requires UEFI gets it without this.
   */
  firmware(choice: 'efi' | { secureBoot?: boolean }): this {
    if (choice === 'efi') {
      this.#uefi = {};
      return this;
    }
    if (choice === null || typeof choice !== 'object') {
      throw badInput("firmware() takes 'efi' or { secureBoot: boolean }");
    }
    const unknown = Object.keys(choice).filter((k) => k !== 'secureBoot');
    if (unknown.length > 0) throw badInput(`firmware(): unknown option '${unknown[0]}'`);
    if (choice.secureBoot !== undefined && typeof choice.secureBoot !== 'boolean') {
      throw badInput('firmware() secureBoot must be a boolean');
    }
    this.#uefi = choice.secureBoot === undefined ? {} : { secureBoot: choice.secureBoot };
    return this;
  }

  /** Remote display: 'vnc' (default), 'spice', or 'none'. */
  graphics(type: 'vnc' | 'spice' | 'none', options: GraphicsOptions = {}): this {
    this.#graphics = checkOneOf('graphics type', type, ['vnc', 'spice', 'none'] as const);
    if (options.listen !== undefined) checkText('graphics listen address', options.listen);
    if (options.port !== undefined) checkInteger('graphics port', options.port, 5900, 65535);
    if (options.password !== undefined && typeof options.password !== 'string') {
      throw badInput('graphics password must be a string');
    }
    this.#graphicsOptions = { ...options };
    return this;
  }

  /** The text console: on a serial port (default, like virt-install) or virtio. */
  console(target: 'serial' | 'virtio' = 'serial'): this {
    this.#console = checkOneOf('console target', target, ['serial', 'virtio'] as const);
    return this;
  }

  /** The finished definition, ready for buildDomainXml() or `hv.domains.define()`. */
  build(): DomainDef {
    const g = this.#guest;
    const host = this.#host;
    const type = host ? hostVirtType(host, this.#options.type) : this.#options.type;
    if (type === undefined) {
      throw badInput(
        `DomainBuilder '${this.#name}': no virt type. Call .forHost(await hv.virtualizationSupport()) to take ` +
          "the host's (kvm only where KVM can run), or pass { type: 'kvm' } or { type: 'qemu' } (TCG)",
      );
    }
    if (host && this.#options.arch !== undefined && this.#options.arch !== host.arch) {
      throw badInput(
        `arch '${this.#options.arch}' is not the host description's ('${host.arch}'): ` +
          `ask hv.virtualizationSupport({ arch: '${this.#options.arch}' })`,
      );
    }
    if (host && host.arch !== 'x86_64' && host.arch !== 'i686') {
      // The defaults (machines, USB tablet, PCIe ports, firmware patterns) are virt-install's for x86.
      throw badInput(`forHost(): DomainBuilder chooses for x86 guests (x86_64, i686), not ${host.arch}`);
    }
    // Checked: options.arch against ARCH_NAMES in the constructor, a host's arch is x86_64 or i686 (above).
    const arch = (host ? host.arch : (this.#options.arch ?? 'x86_64')) as ArchName;
    const wantsQ35 = !g || g.q35;
    const machine = host
      ? hostMachine(host, this.#options.machine, wantsQ35)
      : (this.#options.machine ?? (wantsQ35 ? 'q35' : 'pc'));
    const q35 = machine !== undefined && /q35/.test(machine);
    const secureBoot = this.#uefi?.secureBoot;
    const wantsUefi = g?.requiresEfi === true || this.#uefi !== undefined;
    const uefi = !wantsUefi ? undefined : host ? hostUefi(host, secureBoot) : { firmware: 'efi' as const };
    if (this.#uefi !== undefined && uefi === undefined) {
      throw badInput(
        `firmware(): the host offers no UEFI firmware${secureBoot === undefined ? '' : ` with secure boot ${secureBoot ? 'on' : 'off'}`}`,
      );
    }
    const efi = uefi !== undefined;
    // An image with "secboot" in its name needs SMM and a secure loader (virt-install's set_uefi_path).
    const secboot = uefi !== undefined && 'loader' in uefi && uefi.loader.includes('secboot');
    const tpm = efi ? (host ? hostTpm(host) : { model: 'tpm-crb' as const }) : undefined;
    const memoryBytes = !this.#memorySet && g?.memoryBytes !== undefined ? g.memoryBytes : this.#memoryBytes;
    const vcpus = !this.#vcpusSet && g?.vcpus !== undefined ? g.vcpus : this.#vcpus;
    const disks = this.#placeDisks(q35);
    const def: DomainDef = {
      type,
      name: this.#name,
      ...(this.#options.uuid !== undefined ? { uuid: this.#options.uuid } : {}),
      memory: scaledFromBytes(memoryBytes, 'KiB'),
      currentMemory: scaledFromBytes(memoryBytes, 'KiB'),
      vcpu: { value: vcpus },
      os: {
        ...(uefi && 'firmware' in uefi ? { firmware: 'efi' as const } : {}),
        ...(uefi && 'firmware' in uefi && secureBoot !== undefined
          ? { firmwareFeatures: { features: [{ enabled: secureBoot, name: 'secure-boot' as const }] } }
          : {}),
        ...(uefi && 'loader' in uefi
          ? {
              loader: {
                readonly: true,
                type: 'pflash' as const,
                ...(secboot ? { secure: true } : {}),
                value: uefi.loader,
              },
            }
          : {}),
        type: { arch, ...(machine !== undefined ? { machine } : {}), value: 'hvm' },
        bootDevices: this.#cdroms.length > 0 ? [{ dev: 'cdrom' }, { dev: 'hd' }] : [{ dev: 'hd' }],
      },
      features: {
        acpi: true,
        apic: {},
        ...(secboot ? { smm: { state: true } } : {}),
        ...(g?.windows
          ? {
              hyperv: {
                relaxed: { state: true },
                vapic: { state: true },
                spinlocks: { state: true, retries: 8191 },
              },
            }
          : {}),
        ...(this.#graphics === 'spice' ? { vmport: { state: false } } : {}),
      },
      ...this.#cpuElement(type),
      clock: {
        offset: g?.localtimeClock ? 'localtime' : 'utc',
        timers: [
          { name: 'rtc', tickpolicy: 'catchup' },
          { name: 'pit', tickpolicy: 'delay' },
          { name: 'hpet', present: false },
          ...(g?.windows ? [{ name: 'hypervclock' as const, present: true }] : []),
        ],
      },
      pm: { suspendToMem: { enabled: false }, suspendToDisk: { enabled: false } },
      devices: withoutEmptyLists({
        disks,
        controllers: this.#controllers(q35, disks),
        interfaces: this.#nics.map((n) => (n.model ? n : { ...n, model: { type: this.#nicModel(q35) } })),
        consoles: [{ type: 'pty', target: { type: this.#console } }],
        channels: this.#channels(),
        inputs: this.#graphics === 'none' ? [] : [{ type: 'tablet', bus: 'usb' }],
        graphics: this.#graphicsElements(),
        ...(this.#graphics === 'spice' ? { sounds: [{ model: q35 ? 'ich9' : 'ich6' }] } : {}),
        videos: this.#videos(efi),
        ...(this.#graphics === 'spice'
          ? {
              redirdevs: [
                { bus: 'usb', type: 'spicevmc' },
                { bus: 'usb', type: 'spicevmc' },
              ],
            }
          : {}),
        ...(tpm ? { tpms: [{ ...tpm, backend: { type: 'emulator' as const } }] } : {}),
        // virt-install names no balloon when the OS has no driver for it (libvirt then adds its default).
        ...(!g || g.virtioBalloon ? { memballoon: { model: 'virtio' as const } } : {}),
        rngs:
          !g || g.virtioRng ? [{ model: 'virtio', backend: { model: 'random', value: '/dev/urandom' } }] : [],
      }),
    };
    return tagKind(def, domainDocument);
  }

  #makeDisk(input: DiskInput): Disk {
    if (input === null || typeof input !== 'object') throw badInput('disk() takes an object');
    const src = input.source as Record<string, unknown> | undefined;
    if (src === null || typeof src !== 'object')
      throw badInput('disk source must be { file }, { pool, volume } or { dev }');
    const kinds = ['file', 'dev', 'pool'].filter((k) => src[k] !== undefined);
    if (kinds.length !== 1) {
      throw badInput(
        `disk source must have exactly one of file, dev or pool+volume, got ${JSON.stringify(src)}`,
      );
    }
    const device =
      input.device === undefined
        ? 'disk'
        : checkOneOf('disk device', input.device, ['disk', 'cdrom'] as const);
    const bus = input.bus === undefined ? undefined : checkOneOf('disk bus', input.bus, DISK_BUSES);
    let format =
      input.format === undefined ? undefined : checkOneOf('disk format', input.format, DISK_FORMATS);
    const disk: Disk = { device };
    if (src.file !== undefined) {
      const file = checkAbsolutePath('disk file', src.file);
      disk.type = 'file';
      disk.source = { file };
      format ??= file.endsWith('.qcow2') ? 'qcow2' : 'raw';
    } else if (src.dev !== undefined) {
      disk.type = 'block';
      disk.source = { dev: checkAbsolutePath('disk device path', src.dev) };
      format ??= 'raw';
    } else {
      disk.type = 'volume';
      disk.source = { pool: checkText('disk pool', src.pool), volume: checkText('disk volume', src.volume) };
    }
    disk.driver = { name: 'qemu', ...(format ? { type: format } : {}) };
    if (input.cache !== undefined) {
      disk.driver.cache = checkOneOf('disk cache', input.cache, [
        'default',
        'none',
        'writeback',
        'writethrough',
        'directsync',
        'unsafe',
      ] as const);
    }
    if (input.io !== undefined)
      disk.driver.io = checkOneOf('disk io', input.io, ['threads', 'native', 'io_uring'] as const);
    if (input.discard !== undefined) {
      disk.driver.discard = checkOneOf('disk discard', input.discard, ['unmap', 'ignore'] as const);
    } else if (format === 'qcow2' && device === 'disk') disk.driver.discard = 'unmap'; // as virt-install
    if (input.blockSize !== undefined) {
      const size = checkInteger('disk blockSize', input.blockSize, 512, 32768);
      if ((size & (size - 1)) !== 0) throw badInput(`disk blockSize must be a power of two, got ${size}`);
      disk.blockio = { logicalBlockSize: size, physicalBlockSize: size };
    }
    // The target is named when the disks are placed; keep the requested bus until then.
    disk.target = bus === undefined ? {} : { bus };
    if (input.readonly === true || device === 'cdrom') disk.readonly = true;
    return disk;
  }

  /** CD-ROMs first (on SATA for q35, IDE for pc), then disks; target names per bus prefix in order. */
  #placeDisks(q35: boolean): Disk[] {
    const used = new Map<string, number>();
    const place = (d: Disk, defaultBus: DiskBus): Disk => {
      const bus = (d.target?.bus ?? defaultBus) as DiskBus;
      const prefix = TARGET_PREFIX[bus];
      const n = used.get(prefix) ?? 0;
      used.set(prefix, n + 1);
      return { ...d, target: { dev: `${prefix}${driveLetters(n)}`, bus } };
    };
    const cdroms = this.#cdroms.map((d) => place(d, q35 ? 'sata' : 'ide'));
    return [
      ...this.#disks.map((d) =>
        place(d, d.device === 'cdrom' || !this.#virtioDisk() ? (q35 ? 'sata' : 'ide') : 'virtio'),
      ),
      ...cdroms,
    ];
  }

  #cpuElement(type: BuilderVirtType): Pick<DomainDef, 'cpu'> {
    const kvmMode = this.#host ? hostKvmCpuMode(this.#host) : 'host-passthrough';
    const choice = this.#cpu ?? (type === 'kvm' ? kvmMode : undefined);
    if (choice === undefined) return {};
    if (typeof choice === 'string') return { cpu: { mode: choice } };
    return {
      cpu: {
        mode: 'custom',
        match: 'exact',
        model: { value: choice.model, fallback: choice.fallback ?? 'allow' },
      },
    };
  }

  #controllers(q35: boolean, disks: Disk[]): Controller[] {
    const out: Controller[] = [];
    if (disks.some((d) => d.target?.bus === 'scsi')) out.push({ type: 'scsi', model: 'virtio-scsi' });
    if (!this.#guest || this.#guest.usb3) out.push({ type: 'usb', model: 'qemu-xhci', ports: 15 });
    else {
      // USB 2: an ICH9 EHCI and its three UHCI companions, as virt-install adds them.
      out.push({ type: 'usb', model: 'ich9-ehci1' });
      for (const [i, slot] of (['ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3'] as const).entries()) {
        out.push({ type: 'usb', model: slot, master: { startport: i * 2 } });
      }
    }
    if (q35) {
      out.push({ type: 'pci', model: 'pcie-root' });
      for (let i = 0; i < 14; i++) out.push({ type: 'pci', model: 'pcie-root-port' });
    }
    return out;
  }

  #nic(
    type: 'network' | 'bridge',
    source: NetworkInterface['source'],
    options: NicOptions,
  ): NetworkInterface {
    if (options === null || typeof options !== 'object') throw badInput('NIC options must be an object');
    const nic: NetworkInterface = { type, source };
    if (options.mac !== undefined) {
      if (typeof options.mac !== 'string' || !MAC.test(options.mac)) {
        throw badInput(`MAC address must look like 52:54:00:12:34:56, got ${JSON.stringify(options.mac)}`);
      }
      nic.mac = { address: options.mac };
    }
    // Without a model, build() picks one: virtio, unless the OS set with os() has no virtio driver.
    if (options.model !== undefined) nic.model = { type: checkText('NIC model', options.model) };
    return nic;
  }

  #virtioDisk(): boolean {
    return !this.#guest || this.#guest.virtioDisk;
  }

  /** virt-install's NIC model: virtio when the OS supports it, else e1000e on q35, else an OS-known model. */
  #nicModel(q35: boolean): string {
    const g = this.#guest;
    if (!g || g.virtioNet) return 'virtio';
    if (q35) return 'e1000e';
    return ['e1000', 'rtl8139', 'ne2k_pci', 'pcnet'].find((m) => g.netModels.includes(m)) ?? 'e1000';
  }

  #channels(): NonNullable<DomainDef['devices']>['channels'] {
    const channels: NonNullable<NonNullable<DomainDef['devices']>['channels']> = [];
    if (!this.#guest || this.#guest.virtioSerial) {
      channels.push({
        type: 'unix',
        source: { mode: 'bind' },
        target: { type: 'virtio', name: 'org.qemu.guest_agent.0' },
      });
    }
    if (this.#graphics === 'spice')
      channels.push({ type: 'spicevmc', target: { type: 'virtio', name: 'com.redhat.spice.0' } });
    return channels;
  }

  #videos(efi: boolean): Video[] {
    if (this.#video) return [{ model: this.#video }];
    if (this.#graphics === 'none') return [];
    // virt-install: virtio when the OS has the driver, else qxl with SPICE, bochs with UEFI, else VGA; with a
    // host description, each only when the host lists it.
    const g = this.#guest;
    const offered = (model: string) => !this.#host || this.#host.videoModels.includes(model);
    const type =
      (!g || g.virtioGpu) && offered('virtio')
        ? 'virtio'
        : this.#graphics === 'spice' && offered('qxl')
          ? 'qxl'
          : efi && offered('bochs')
            ? 'bochs'
            : 'vga';
    return [{ model: { type } }];
  }

  #graphicsElements(): Graphics[] {
    if (this.#graphics === 'none') return [];
    const { listen, port, password } = this.#graphicsOptions;
    const g: Graphics = { type: this.#graphics, port: port ?? -1 };
    if (this.#graphics === 'spice') {
      if (port === undefined) g.tlsPort = -1;
      g.autoport = port === undefined;
    } else if (port !== undefined) g.autoport = false;
    if (password !== undefined) g.passwd = password;
    if (listen !== undefined) g.listens = [{ type: 'address', address: listen }];
    if (this.#graphics === 'spice') g.image = { compression: 'off' };
    return [g];
  }
}

/** The devices without lists left empty (a parsed document has no empty lists either). */
function withoutEmptyLists(devices: Devices): Devices {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(devices)) if (!(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as Devices;
}

/** Drive letters like libvirt's: a..z, aa..az, ... */
function driveLetters(index: number): string {
  let s = '';
  let n = index;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}
