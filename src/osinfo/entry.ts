/** A merged OS → the typed entry (and the summary list() gives), with inheritance and virt-install's reading. */
import type { GuestOsProfile } from '../xml/builders/guest-os.js';
import { inheritedDevices, inheritedFirmware, inheritedResources, relatedTo } from './merge.js';
import type { OsField, RawOs } from './parse.js';
import type {
  OsinfoDevice,
  OsinfoEntry,
  OsinfoFirmware,
  OsinfoReleaseStatus,
  OsinfoResources,
  OsinfoSummary,
  OsinfoSupport,
} from './types.js';

const STATUSES: readonly OsinfoReleaseStatus[] = ['released', 'prerelease', 'snapshot', 'rolling'];
const TEN_YEARS_MS = 365 * 10 * 86_400_000;

/**
 * virt-manager's end-of-life rule (virtinst osdict.py, 4.1): past the EOL date when there is one; else never
 * for a rolling release; else more than 10 × 365 days after its release date; else not.
 */
export function isEol(
  fields: Partial<Record<OsField, string>>,
  status: OsinfoReleaseStatus,
  now: number,
): boolean {
  const eol = fields['eol-date'];
  if (eol !== undefined) return now > Date.parse(eol);
  if (status === 'rolling') return false;
  const rel = fields['release-date'];
  if (rel !== undefined) return now > Date.parse(rel) + TEN_YEARS_MS;
  return false;
}

export function summaryOf(
  id: string,
  shortIds: string[],
  fields: Partial<Record<OsField, string>>,
  now: number,
): OsinfoSummary {
  const s = fields['release-status'];
  const releaseStatus = STATUSES.includes(s as OsinfoReleaseStatus) ? (s as OsinfoReleaseStatus) : 'released';
  const out: OsinfoSummary = {
    id,
    shortId: shortIds[0] ?? id,
    shortIds: [...shortIds],
    name: fields.name ?? shortIds[0] ?? id,
    releaseStatus,
    eol: isEol(fields, releaseStatus, now),
  };
  if (fields.vendor !== undefined) out.vendor = fields.vendor;
  if (fields.family !== undefined) out.family = fields.family;
  if (fields.distro !== undefined) out.distro = fields.distro;
  if (fields.version !== undefined) out.version = fields.version;
  if (fields.codename !== undefined) out.codename = fields.codename;
  if (fields['release-date'] !== undefined) out.releaseDate = fields['release-date'];
  if (fields['eol-date'] !== undefined) out.eolDate = fields['eol-date'];
  return out;
}

// The device ids virt-install's osdict.py tests for each capability.
const PCI = 'http://pcisig.com/pci/';
const SUPPORT_IDS = {
  virtioBlock: [`${PCI}1af4/1001`, `${PCI}1af4/1042`],
  virtioScsi: [`${PCI}1af4/1004`, `${PCI}1af4/1048`],
  virtioNet: [`${PCI}1af4/1000`, `${PCI}1af4/1041`],
  virtioRng: [`${PCI}1af4/1005`, `${PCI}1af4/1044`],
  virtioGpu: [`${PCI}1af4/1050`],
  virtioBalloon: [`${PCI}1af4/1002`, `${PCI}1af4/1045`],
  virtioSerial: [`${PCI}1af4/1003`, `${PCI}1af4/1043`],
  virtioInput: [`${PCI}1af4/1052`],
  virtio1: [`${PCI}1af4/1041`],
  usb3: [`${PCI}1b36/0004`],
  usbTablet: ['http://usb.org/usb/80ee/0021'],
  q35: ['http://qemu.org/chipset/x86/q35'],
} as const;

function firmwareSupport(fw: readonly OsinfoFirmware[], type: string, arch: string, dflt: boolean): boolean {
  for (const f of fw) if (f.arch === arch && f.type === type) return f.supported;
  return dflt;
}

export function supportOf(
  devices: readonly OsinfoDevice[],
  firmware: readonly OsinfoFirmware[],
): OsinfoSupport {
  const ids = new Set(devices.map((d) => d.id));
  const any = (list: readonly string[]) => list.some((id) => ids.has(id));
  const efi = firmwareSupport(firmware, 'efi', 'x86_64', false);
  return {
    virtioBlock: any(SUPPORT_IDS.virtioBlock),
    virtioScsi: any(SUPPORT_IDS.virtioScsi),
    virtioNet: any(SUPPORT_IDS.virtioNet),
    virtioRng: any(SUPPORT_IDS.virtioRng),
    virtioGpu: any(SUPPORT_IDS.virtioGpu),
    virtioBalloon: any(SUPPORT_IDS.virtioBalloon),
    virtioSerial: any(SUPPORT_IDS.virtioSerial),
    virtioInput: any(SUPPORT_IDS.virtioInput),
    virtio1: any(SUPPORT_IDS.virtio1),
    usb3: any(SUPPORT_IDS.usb3),
    usbTablet: any(SUPPORT_IDS.usbTablet),
    q35: any(SUPPORT_IDS.q35),
    tpm: devices.some((d) => /tpm/i.test(d.name ?? '') || d.class === 'tpm'),
    efi,
    requiresEfi: efi && !firmwareSupport(firmware, 'bios', 'x86_64', true),
  };
}

type ResourceKey = 'ramBytes' | 'cpus';

/** virtinst's _get_key: the arch's value, else the 'all' entry's (the last entry of an arch counts). */
function resourceKey(list: readonly OsinfoResources[], key: ResourceKey, arch: string): number | undefined {
  for (const a of [arch, 'all']) {
    const entries = list.filter((r) => r.arch === a);
    const v = entries[entries.length - 1]?.[key];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** virtinst's recommended value: recommended when positive, else twice the minimum, else none. */
function recommended(
  entry: Pick<OsinfoEntry, 'resources'>,
  key: ResourceKey,
  arch: string,
): number | undefined {
  const r = resourceKey(entry.resources.recommended, key, arch);
  if (r !== undefined && r > 0) return r;
  const m = resourceKey(entry.resources.minimum, key, arch);
  return m !== undefined && m > 0 ? m * 2 : undefined;
}

/**
 * What DomainBuilder.os() reads, for x86_64 (see GuestOsProfile). `rhel6Family`: related to rhel6.0, which
 * virt-install takes as supporting virtio-serial whatever the database says (a workaround for osinfo-db data
 * before October 2018 that virtinst 4.1 still applies).
 */
export function guestProfileOf(entry: Omit<OsinfoEntry, 'guest'>, rhel6Family = false): GuestOsProfile {
  const s = entry.support;
  const windows = ['winnt', 'win9x', 'win16'].includes(entry.family ?? '');
  const profile: GuestOsProfile = {
    id: entry.id,
    windows,
    localtimeClock: windows || entry.family === 'solaris',
    q35: s.q35,
    virtioDisk: s.virtioBlock,
    virtioNet: s.virtioNet,
    virtioGpu: s.virtioGpu,
    virtioRng: s.virtioRng,
    virtioBalloon: s.virtioBalloon,
    virtioSerial: s.virtioSerial || rhel6Family,
    usb3: s.usb3,
    requiresEfi: s.requiresEfi,
    netModels: entry.devices.filter((d) => d.class === 'net' && d.name).map((d) => d.name as string),
  };
  const ram = recommended(entry, 'ramBytes', 'x86_64');
  const cpus = recommended(entry, 'cpus', 'x86_64');
  if (ram !== undefined) profile.memoryBytes = ram;
  if (cpus !== undefined) profile.vcpus = cpus;
  return profile;
}

export function entryOf(
  raw: RawOs,
  lookup: (id: string) => RawOs | undefined,
  devices: ReadonlyMap<string, OsinfoDevice>,
  now: number,
): OsinfoEntry {
  const links = inheritedDevices(raw, lookup);
  const devs = links.map((l) => {
    const d: OsinfoDevice = { ...(devices.get(l.id) ?? { id: l.id }) };
    if (l.driver !== undefined) d.driver = l.driver;
    return d;
  });
  const firmware = inheritedFirmware(raw, lookup).map((f) => ({ ...f }));
  const entry: Omit<OsinfoEntry, 'guest'> = {
    ...summaryOf(raw.id, raw.shortIds, raw.fields, now),
    derivesFrom: [...raw.derivesFrom],
    clones: [...raw.clones],
    upgrades: [...raw.upgrades],
    resources: {
      minimum: inheritedResources(raw, 'minimum', lookup),
      recommended: inheritedResources(raw, 'recommended', lookup),
      maximum: inheritedResources(raw, 'maximum', lookup),
      networkInstall: inheritedResources(raw, 'networkInstall', lookup),
    },
    devices: devs,
    firmware,
    support: supportOf(devs, firmware),
    variants: structuredClone(raw.variants),
    media: structuredClone(raw.media),
  };
  return { ...entry, guest: guestProfileOf(entry, relatedTo(raw, 'rhel6.0', lookup)) };
}
