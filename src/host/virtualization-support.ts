/**
 * The answer to "can this host virtualise, and with what?", read from the capabilities and domain
 * capabilities documents. Pure: `hv.virtualizationSupport()` fetches the documents and calls this.
 */
import type {
  Capabilities,
  CapsEnum,
  DomainCapabilities,
  DomainHostProfile,
  SupportedEnums,
} from '../xml/index.js';

/** A CPU model a guest may ask for by name; `usable` says whether this host can run it as is. */
export interface CpuModelChoice {
  /** The CPU model's name (`'Skylake-Client'`). */
  name: string;
  /** Whether the host can run it: the model's `usable` in the domain capabilities, `'unknown'` when not given. */
  usable: 'yes' | 'no' | 'unknown';
}

/** Also what `DomainBuilder.forHost()` takes: `new DomainBuilder(name).forHost(await hv.virtualizationSupport())`. */
export interface VirtualizationSupport extends DomainHostProfile {
  /** The guest architecture this answer is for: the host's unless another was asked for. */
  arch: string;
  /** The CPU's virtualization extensions as the capabilities report them (Intel VT-x, AMD-V), or null. */
  hardwareExtensions: 'vmx' | 'svm' | null;
  /** KVM guests can run: hardware extensions are present AND the hypervisor offers the 'kvm' domain type. */
  kvm: boolean;
  /**
   * One of `virtTypes`: 'kvm' when `kvm` is true, else 'qemu' (TCG emulation: slower, works everywhere) when
   * offered, else the first type offered ('test' on the test driver).
   */
  recommendedVirtType: 'kvm' | 'qemu' | (string & {});
  /** Domain types the hypervisor offers for this arch ('qemu', 'kvm'; 'test' on the test driver). */
  virtTypes: string[];
  /** The emulator binary for this arch, when the capabilities name one. */
  emulator: string | undefined;
  /** Machine types for this arch ('pc', 'q35', versioned names, …). */
  machines: string[];
  /** The machine the domain capabilities describe (libvirt's default unless one was asked for). */
  machine: string | undefined;
  /** Most vCPUs a guest of that machine may have. */
  maxVcpus: number | undefined;
  /** Supported `<cpu mode=>` values: 'host-passthrough', 'host-model', 'maximum', 'custom'. */
  cpuModes: string[];
  /** Named CPU models ('custom' mode), with usability for the recommended virt type when libvirt knows it. */
  cpuModels: CpuModelChoice[];
  /** Disk buses a guest may use (`'virtio'`, `'sata'`, `'scsi'`, `'usb'`, …). */
  diskBuses: string[];
  /** Disk devices: 'disk', 'cdrom', 'floppy', 'lun'. */
  diskDevices: string[];
  videoModels: string[];
  /** Graphics a guest may have (`'vnc'`, `'spice'`, …). */
  graphicsTypes: string[];
  /** Firmware the `<os firmware=>` attribute may name ('efi'; BIOS needs none). */
  firmware: string[];
  /** TPM models a guest may have ('tpm-tis', 'tpm-crb'); empty when TPMs are unsupported. */
  tpmModels: string[];
  /** TPM backends: 'passthrough', and 'emulator' only when swtpm is installed. */
  tpmBackendModels: string[];
  /** Firmware images (UEFI loaders) the host has. */
  firmwareImages: string[];
  /** The whole typed domain capabilities document; undefined when the driver has none (test driver). */
  domainCapabilities: DomainCapabilities | undefined;
}

/**
 * Summarises the documents for one guest arch (default: the host's). `modelNames` stands in for the domain
 * capabilities' CPU models when that document is missing. Throws a RangeError for an arch the host offers no
 * guest for.
 */
export function summarizeVirtualization(
  caps: Capabilities,
  domcaps: DomainCapabilities | undefined,
  modelNames: readonly string[],
  requestedArch?: string,
): VirtualizationSupport {
  const guests = caps.guests ?? [];
  const offered = unique(guests.map((g) => g.arch?.name).filter(isDefined));
  const arch = requestedArch ?? caps.host?.cpu?.arch ?? offered[0];
  if (arch === undefined) throw new RangeError('the host capabilities name no architecture');
  const forArch = guests.filter((g) => g.arch?.name === arch);
  if (requestedArch !== undefined && forArch.length === 0) {
    throw new RangeError(
      `this host offers no guests for arch '${arch}' (it offers: ${offered.join(', ') || 'none'})`,
    );
  }
  // Full virtualization first: 'hvm' is what a VM from an ISO needs; other OS types only when it is absent.
  const hvm = forArch.filter((g) => g.osType === 'hvm');
  const chosen = hvm.length > 0 ? hvm : forArch;
  const virtTypes = unique(
    chosen.flatMap((g) => (g.arch?.domains ?? []).map((d) => d.type).filter(isDefined)),
  );
  const machines = unique(
    chosen.flatMap((g) => [
      ...(g.arch?.machines ?? []).map((m) => m.value),
      ...(g.arch?.domains ?? []).flatMap((d) => (d.machines ?? []).map((m) => m.value)),
    ]),
  ).filter(isDefined);

  const hardwareExtensions = hostExtensions(caps);
  const kvm = hardwareExtensions !== null && virtTypes.includes('kvm');
  const recommendedVirtType = kvm ? 'kvm' : virtTypes.includes('qemu') ? 'qemu' : virtTypes[0];
  if (recommendedVirtType === undefined) {
    throw new RangeError(`the host capabilities offer no domain type for arch '${arch}'`);
  }
  const os = domcaps?.os;
  const devices = domcaps?.devices;
  return {
    arch,
    hardwareExtensions,
    kvm,
    recommendedVirtType,
    virtTypes,
    emulator: domcaps?.path ?? chosen.find((g) => g.arch?.emulator)?.arch?.emulator,
    machines,
    machine: domcaps?.machine,
    maxVcpus: domcaps?.vcpu?.max,
    cpuModes: (domcaps?.cpu?.modes ?? []).filter((m) => m.supported !== false).map((m) => m.name ?? ''),
    cpuModels: domcaps ? domcapsModels(domcaps) : modelNames.map((name) => ({ name, usable: 'unknown' })),
    diskBuses: enumValues(devices?.disk, 'bus'),
    diskDevices: enumValues(devices?.disk, 'diskDevice'),
    videoModels: enumValues(devices?.video, 'modelType'),
    graphicsTypes: enumValues(devices?.graphics, 'type'),
    firmware: enumValues(os, 'firmware'),
    tpmModels: enumValues(devices?.tpm, 'model'),
    tpmBackendModels: enumValues(devices?.tpm, 'backendModel'),
    firmwareImages:
      os?.supported !== false && os?.loader?.supported !== false ? [...(os?.loader?.values ?? [])] : [],
    domainCapabilities: domcaps,
  };
}

/** vmx/svm among the host CPU's features: named features (libvirt ≥ 1.x) or old-style flags (test driver). */
function hostExtensions(caps: Capabilities): 'vmx' | 'svm' | null {
  const cpu = caps.host?.cpu;
  const names = new Set((cpu?.features ?? []).map((f) => f.name));
  if (names.has('vmx') || cpu?.featureFlags?.vmx) return 'vmx';
  if (names.has('svm') || cpu?.featureFlags?.svm) return 'svm';
  return null;
}

function domcapsModels(domcaps: DomainCapabilities): CpuModelChoice[] {
  const custom = (domcaps.cpu?.modes ?? []).find((m) => m.name === 'custom');
  if (!custom || custom.supported === false) return [];
  return (custom.models ?? [])
    .filter((m) => m.value !== undefined)
    .map((m) => ({ name: m.value as string, usable: m.usable ?? 'unknown' }));
}

/** The values of one `<enum name=>` of a supported element; nothing when the element is unsupported. */
function enumValues(
  element: { supported?: boolean; enums?: CapsEnum[] } | SupportedEnums | undefined,
  name: string,
) {
  if (!element || element.supported === false) return [];
  return [...(element.enums?.find((e) => e.name === name)?.values ?? [])];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
