/**
 * One osinfo-db XML file → the raw pieces it says about each OS and device. A system's pieces may be spread
 * over several files (`win-10.xml` and `win-10.d/*.xml`, or the same path in a local/user folder);
 * `merge.ts` puts them together as libosinfo's loader does.
 */
import { type ScanElement, scanDocument } from '../xml/engine/scan.js';
import type { OsinfoFirmware, OsinfoMedia, OsinfoResources, OsinfoVariant } from './types.js';
import { attrOf, boolAttr, childElements, firstChild, leafText, textOf } from './xml-read.js';

export const OS_FIELDS = [
  'name',
  'vendor',
  'family',
  'distro',
  'version',
  'codename',
  'release-status',
  'release-date',
  'eol-date',
] as const;
export type OsField = (typeof OS_FIELDS)[number];

export interface RawDeviceLink {
  id: string;
  supported: boolean;
  driver?: string;
}

export interface RawOs {
  id: string;
  shortIds: string[];
  fields: Partial<Record<OsField, string>>;
  derivesFrom: string[];
  clones: string[];
  upgrades: string[];
  resources: {
    minimum: OsinfoResources[];
    recommended: OsinfoResources[];
    maximum: OsinfoResources[];
    networkInstall: OsinfoResources[];
  };
  /** Architectures of `<resources arch=… inherit="true"/>`: take the derived-from OS's resources for them. */
  inheritResources: string[];
  devices: RawDeviceLink[];
  firmware: OsinfoFirmware[];
  variants: OsinfoVariant[];
  media: OsinfoMedia[];
}

export interface RawDevice {
  id: string;
  fields: Record<string, string>;
}

/** A file of the database that is not well-formed XML or lacks a required id. */
export class OsinfoParseError extends Error {
  /** Always `'OsinfoParseError'`. */
  override readonly name = 'OsinfoParseError';
  constructor(
    /** The database file. */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

// Translated names and vendors (`<name xml:lang="de">…</name>`) are most of each file and never read: they are
// cut before parsing. Only elements of plain text are cut; anything else stays for the parser to judge.
const TRANSLATED = /<([A-Za-z][\w.-]*)\s+xml:lang="[^"<>]*"\s*>[^<]*<\/\1\s*>/g;

function root(text: string, file: string): ScanElement {
  let doc: ScanElement;
  try {
    doc = scanDocument(text.replace(TRANSLATED, ''));
  } catch (err) {
    throw new OsinfoParseError(file, (err as Error).message);
  }
  if (doc.name !== 'libosinfo')
    throw new OsinfoParseError(file, `root element is <${doc.name}>, not <libosinfo>`);
  return doc;
}

function requiredId(el: ScanElement, file: string): string {
  const id = attrOf(el, 'id');
  if (id === undefined || id === '') throw new OsinfoParseError(file, `<${el.name}> without an id`);
  return id;
}

function num(el: ScanElement, name: string): number | undefined {
  const t = leafText(el, name);
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function resources(el: ScanElement, arch: string): OsinfoResources {
  const r: OsinfoResources = { arch };
  const cpus = num(el, 'n-cpus');
  const hz = num(el, 'cpu');
  const ram = num(el, 'ram');
  const storage = num(el, 'storage');
  if (cpus !== undefined) r.cpus = cpus;
  if (hz !== undefined) r.cpuHz = hz;
  if (ram !== undefined) r.ramBytes = ram;
  if (storage !== undefined) r.storageBytes = storage;
  return r;
}

function media(el: ScanElement): OsinfoMedia {
  const m: OsinfoMedia = {
    arch: attrOf(el, 'arch') ?? 'i386',
    variants: [...childElements(el, 'variant')].map((v) => attrOf(v, 'id')).filter((v): v is string => !!v),
    live: boolAttr(el, 'live', false),
    installer: boolAttr(el, 'installer', true),
    installerReboots: Number(attrOf(el, 'installer-reboots') ?? 1) || 1,
    installerScript: boolAttr(el, 'installer-script', true),
    ejectAfterInstall: boolAttr(el, 'eject-after-install', true),
  };
  const url = leafText(el, 'url');
  if (url !== undefined) m.url = url;
  const kernel = leafText(el, 'kernel');
  if (kernel !== undefined) m.kernel = kernel;
  const initrd = leafText(el, 'initrd');
  if (initrd !== undefined) m.initrd = initrd;
  const iso = firstChild(el, 'iso');
  if (iso) {
    // The rules are regular expressions: kept exactly as written (libosinfo does not trim them).
    const rule = (name: string): string | undefined => {
      const c = firstChild(iso, name);
      if (!c) return undefined;
      const t = textOf(c);
      return t === '' ? undefined : t;
    };
    const vol = rule('volume-id');
    const sys = rule('system-id');
    const pub = rule('publisher-id');
    const app = rule('application-id');
    if (vol !== undefined) m.volumeId = vol;
    if (sys !== undefined) m.systemId = sys;
    if (pub !== undefined) m.publisherId = pub;
    if (app !== undefined) m.applicationId = app;
    const size = num(iso, 'volume-size');
    if (size !== undefined && size > 0) m.volumeSize = size;
  }
  return m;
}

/** An OS record with nothing known yet but its id. */
export function emptyRaw(id: string): RawOs {
  return {
    id,
    shortIds: [],
    fields: {},
    derivesFrom: [],
    clones: [],
    upgrades: [],
    resources: { minimum: [], recommended: [], maximum: [], networkInstall: [] },
    inheritResources: [],
    devices: [],
    firmware: [],
    variants: [],
    media: [],
  };
}

function os(el: ScanElement, file: string): RawOs {
  const raw = emptyRaw(requiredId(el, file));
  for (const f of OS_FIELDS) {
    const v = leafText(el, f);
    if (v !== undefined) raw.fields[f] = v;
  }
  for (const k of childElements(el)) {
    switch (k.name) {
      case 'short-id': {
        const t = textOf(k).trim();
        if (t !== '' && !raw.shortIds.includes(t)) raw.shortIds.push(t);
        break;
      }
      case 'derives-from':
        raw.derivesFrom.push(requiredId(k, file));
        break;
      case 'clones':
        raw.clones.push(requiredId(k, file));
        break;
      case 'upgrades':
        raw.upgrades.push(requiredId(k, file));
        break;
      case 'resources': {
        const arch = attrOf(k, 'arch') ?? 'all';
        if (boolAttr(k, 'inherit', false)) {
          raw.inheritResources.push(arch);
          break;
        }
        const sets = raw.resources;
        for (const [tag, list] of [
          ['minimum', sets.minimum],
          ['recommended', sets.recommended],
          ['maximum', sets.maximum],
          ['network-install', sets.networkInstall],
        ] as const) {
          const r = firstChild(k, tag);
          if (r) list.push(resources(r, arch));
        }
        break;
      }
      case 'devices':
        for (const d of childElements(k, 'device')) {
          const link: RawDeviceLink = { id: requiredId(d, file), supported: boolAttr(d, 'supported', true) };
          const driver = leafText(d, 'driver');
          if (driver !== undefined) link.driver = driver;
          raw.devices.push(link);
        }
        break;
      case 'firmware': {
        const arch = attrOf(k, 'arch');
        const type = attrOf(k, 'type');
        if (arch && type) raw.firmware.push({ arch, type, supported: boolAttr(k, 'supported', true) });
        break;
      }
      case 'variant': {
        const id = attrOf(k, 'id');
        if (id) {
          const v: OsinfoVariant = { id };
          const name = leafText(k, 'name');
          if (name !== undefined) v.name = name;
          raw.variants.push(v);
        }
        break;
      }
      case 'media':
        raw.media.push(media(k));
        break;
    }
  }
  return raw;
}

/** The `<os>` elements of one file (usually one). */
export function parseOsFile(text: string, file: string): RawOs[] {
  return [...childElements(root(text, file), 'os')].map((el) => os(el, file));
}

/** The `<device>` elements of one file. */
export function parseDeviceFile(text: string, file: string): RawDevice[] {
  const out: RawDevice[] = [];
  for (const el of childElements(root(text, file), 'device')) {
    const fields: Record<string, string> = {};
    for (const k of childElements(el)) {
      if (attrOf(k, 'xml:lang') !== undefined || k.name in fields) continue;
      const t = textOf(k).trim();
      if (t !== '') fields[k.name] = t;
    }
    out.push({ id: requiredId(el, file), fields });
  }
  return out;
}
