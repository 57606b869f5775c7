/**
 * What DomainBuilder.forHost() needs to know about the host, and the choices it makes from it as virt-install
 * 4.1 makes them (virtinst: capabilities.py, guest.py, domcapabilities.py, devices/video.py, devices/tpm.py).
 * `hv.virtualizationSupport()` returns an object of this shape; any other works, so libvirt-ts/xml stays free of
 * the connection.
 */
import { badInput } from './checks.js';

/**
 * What `DomainBuilder.forHost()` reads about the host: the part of `hv.virtualizationSupport()`'s answer that
 * picks the virt type, machine, CPU mode and devices.
 */
export interface DomainHostProfile {
  /** The guest architecture the answer is for. */
  arch: string;
  /** The CPU's virtualization extensions (vmx, svm), or null: without them KVM cannot run. */
  hardwareExtensions: 'vmx' | 'svm' | null;
  /** KVM guests can run here (extensions present and the 'kvm' domain type offered). */
  kvm: boolean;
  /** The domain type to use: 'kvm' only when `kvm`, else 'qemu' when offered, else what is offered. */
  recommendedVirtType: string;
  /** The domain types offered for the arch. */
  virtTypes: readonly string[];
  /** The machine types offered for the arch, the default's canonical name first (as the capabilities list). */
  machines: readonly string[];
  /** Supported `<cpu mode=>` values. */
  cpuModes: readonly string[];
  /** Video models the domain capabilities list (empty: the host did not say, as on the test driver). */
  videoModels: readonly string[];
  /** Firmware `<os firmware=>` may name ('efi'). */
  firmware: readonly string[];
  /** Firmware images (UEFI loaders) the host has: the fallback when `firmware` has no 'efi' (libvirt < 5.2). */
  firmwareImages: readonly string[];
  /** TPM models the domain capabilities list (empty when TPMs are unsupported). */
  tpmModels: readonly string[];
  /** TPM backends the domain capabilities list: 'emulator' only when swtpm is installed. */
  tpmBackendModels: readonly string[];
}

/** The domain types DomainBuilder writes: QEMU with KVM, QEMU's own emulation (TCG), the test driver's. */
export const BUILDER_VIRT_TYPES = ['kvm', 'qemu', 'test'] as const;
/** A domain type `DomainBuilder` writes: `'kvm'`, `'qemu'` (TCG emulation) or `'test'` (the test driver). */
export type BuilderVirtType = (typeof BUILDER_VIRT_TYPES)[number];

/** Checks the object forHost() was given has the fields it reads; returns a copy. */
export function checkHostProfile(host: unknown): DomainHostProfile {
  const h = host as Record<string, unknown> | null;
  if (h === null || typeof h !== 'object') {
    throw badInput('forHost() takes what hv.virtualizationSupport() returns');
  }
  const lists = [
    'virtTypes',
    'machines',
    'cpuModes',
    'videoModels',
    'firmware',
    'firmwareImages',
    'tpmModels',
    'tpmBackendModels',
  ] as const;
  for (const key of lists) {
    if (!Array.isArray(h[key]) || !(h[key] as unknown[]).every((v) => typeof v === 'string')) {
      throw badInput(
        `forHost(): ${key} must be a list of strings (pass what hv.virtualizationSupport() returns)`,
      );
    }
  }
  if (typeof h.arch !== 'string' || h.arch === '')
    throw badInput('forHost(): arch must be a non-empty string');
  if (typeof h.kvm !== 'boolean') throw badInput('forHost(): kvm must be a boolean');
  if (typeof h.recommendedVirtType !== 'string')
    throw badInput('forHost(): recommendedVirtType must be a string');
  const profile = h as unknown as DomainHostProfile;
  return {
    arch: profile.arch,
    hardwareExtensions: profile.hardwareExtensions ?? null,
    kvm: profile.kvm,
    recommendedVirtType: profile.recommendedVirtType,
    virtTypes: [...profile.virtTypes],
    machines: [...profile.machines],
    cpuModes: [...profile.cpuModes],
    videoModels: [...profile.videoModels],
    firmware: [...profile.firmware],
    firmwareImages: [...profile.firmwareImages],
    tpmModels: [...profile.tpmModels],
    tpmBackendModels: [...profile.tpmBackendModels],
  };
}

/**
 * The domain type: the one asked for, which the host must offer (and for 'kvm', be able to run), else the
 * host's recommendation. virt-install takes 'kvm' whenever libvirt offers it, even on a CPU without vmx/svm
 * (where QEMU then dies at start); this never does.
 */
export function hostVirtType(host: DomainHostProfile, asked: BuilderVirtType | undefined): BuilderVirtType {
  if (asked !== undefined) {
    if (!host.virtTypes.includes(asked)) {
      throw badInput(
        `this host offers no '${asked}' guests for ${host.arch} (it offers: ${host.virtTypes.join(', ') || 'none'})`,
      );
    }
    if (asked === 'kvm' && !host.kvm) {
      const why = host.hardwareExtensions
        ? 'KVM is not usable'
        : 'the CPU reports no virtualization extensions (vmx/svm)';
      throw badInput(`this host cannot run kvm guests: ${why}; use 'qemu', or leave the type to forHost()`);
    }
    return asked;
  }
  const recommended =
    host.recommendedVirtType === 'kvm' && !host.kvm && host.virtTypes.includes('qemu')
      ? 'qemu'
      : host.recommendedVirtType;
  if (recommended === 'kvm' && !host.kvm) {
    throw badInput(`this host cannot run kvm guests and offers no other type for ${host.arch}`);
  }
  if (!(BUILDER_VIRT_TYPES as readonly string[]).includes(recommended)) {
    throw badInput(
      `this host's guests are of type '${recommended}'; DomainBuilder makes ${BUILDER_VIRT_TYPES.join(', ')} guests`,
    );
  }
  return recommended as BuilderVirtType;
}

/**
 * The machine: the one asked for (which the host must offer), else q35 when the OS runs on it (or no OS was
 * given) and the host offers it, else the first machine the host lists (its default's canonical name, e.g.
 * 'pc-i440fx-7.2', as virt-install writes it); undefined when the host lists none (libvirt then picks).
 */
export function hostMachine(
  host: DomainHostProfile,
  asked: string | undefined,
  wantsQ35: boolean,
): string | undefined {
  if (asked !== undefined) {
    if (host.machines.length > 0 && !host.machines.includes(asked)) {
      throw badInput(
        `this host offers no machine '${asked}' for ${host.arch} (it offers: ${host.machines.slice(0, 8).join(', ')}${
          host.machines.length > 8 ? ', …' : ''
        })`,
      );
    }
    return asked;
  }
  if (wantsQ35 && host.machines.includes('q35')) return 'q35';
  return host.machines[0];
}

/** virt-install's patterns for a UEFI image per arch (domcapabilities.py), tried in this order. */
const UEFI_IMAGE_PATTERNS: Record<string, RegExp[]> = {
  i686: [/^.*edk2-i386-.*\.fd/, /^.*ovmf-ia32.*/],
  x86_64: [
    /^.*edk2-x86_64-.*\.fd/,
    /^.*OVMF_CODE\.fd/,
    /^.*ovmf-x64\/OVMF.*\.fd/,
    /^.*ovmf-x86_64-.*/,
    /^.*ovmf.*/,
    /^.*OVMF.*/,
  ],
};

/**
 * How a guest that needs UEFI gets it here, as virt-install decides: `<os firmware='efi'>` when the domain
 * capabilities offer it (libvirt picks the image), else a read-only pflash loader from the host's images (the
 * first that virt-install's patterns for the arch match), else nothing: the host has no UEFI.
 */
export function hostUefi(
  host: DomainHostProfile,
  secureBoot?: boolean,
): { firmware: 'efi' } | { loader: string } | undefined {
  if (host.firmware.includes('efi')) return { firmware: 'efi' };
  // With secure boot asked for (on or off), only images whose name says so (or not) qualify.
  const images =
    secureBoot === undefined
      ? host.firmwareImages
      : host.firmwareImages.filter((path) => path.includes('secboot') === secureBoot);
  for (const pattern of UEFI_IMAGE_PATTERNS[host.arch] ?? []) {
    const image = images.find((path) => pattern.test(path));
    if (image !== undefined) return { loader: image };
  }
  return undefined;
}

/**
 * The emulated TPM virt-install adds to a UEFI guest: only when the host offers the emulator backend (swtpm
 * installed); tpm-crb when listed, else libvirt's default model. undefined: no TPM.
 */
export function hostTpm(host: DomainHostProfile): { model?: 'tpm-crb' } | undefined {
  if (host.tpmModels.length === 0 || !host.tpmBackendModels.includes('emulator')) return undefined;
  return host.tpmModels.includes('tpm-crb') ? { model: 'tpm-crb' } : {};
}

/** The CPU mode virt-install gives a KVM guest: host-passthrough when offered, else host-model, else none. */
export function hostKvmCpuMode(host: DomainHostProfile): 'host-passthrough' | 'host-model' | undefined {
  if (host.cpuModes.includes('host-passthrough')) return 'host-passthrough';
  if (host.cpuModes.includes('host-model')) return 'host-model';
  return undefined;
}
