/** loadOsinfo(): the database object behind list(), get() and detect(). */
import {
  buildIndex,
  cacheFilesFor,
  type IdIndex,
  idIndexOf,
  listDbFiles,
  type OsinfoIndex,
  readCachedCatalog,
  readCachedIds,
  readFile,
  scanIds,
  stampOfFiles,
  stampOfIndex,
  writeCachedCatalog,
  writeCachedIds,
} from './catalog.js';
import { loadDevices } from './devices.js';
import { defaultCacheDir, defaultOsinfoDirs } from './dirs.js';
import { entryOf, summaryOf } from './entry.js';
import { OsinfoDbNotFoundError } from './errors.js';
import type { DbFiles } from './files.js';
import { type IsoIdentity, readIsoIdentity } from './iso9660.js';
import { mediaMatches, sortedMedia } from './media-match.js';
import { ancestry, mergeInto } from './merge.js';
import { emptyRaw, parseOsFile, type RawOs } from './parse.js';
import type { OsinfoDevice, OsinfoEntry, OsinfoMedia, OsinfoSummary, OsinfoVariant } from './types.js';

/**
 * `loadOsinfo()` options: where the database is, where its index is cached, and the time end-of-life is judged
 * at.
 */
export interface LoadOsinfoOptions {
  /** The database folder(s), later ones overriding earlier ones; default: libosinfo's (see defaultOsinfoDirs). */
  dirs?: string | readonly string[];
  /** Where the index is cached; false for no cache file. Default $XDG_CACHE_HOME/libvirt-ts. */
  cacheDir?: string | false;
  /** The time end-of-life is judged at (ms since the epoch); default: now. */
  now?: number;
}

/**
 * `OsinfoDb.list()` filter: by family, vendor and distribution, end-of-life systems left out unless asked for.
 */
export interface OsinfoListFilter {
  /** Only OSes of this family (`'linux'`, `'winnt'`, …). */
  family?: string;
  /** Only OSes of this vendor (`'Debian Project'`, …). */
  vendor?: string;
  /** Only OSes of this distribution (`'debian'`, `'fedora'`, …). */
  distro?: string;
  /** Include systems at their end of life (virt-manager's rule, see OsinfoEntry.eol). Default false. */
  includeEol?: boolean;
}

/** One media rule an ISO matched, and its OS. */
export interface OsinfoMediaMatch {
  /** The OS the medium installs. */
  os: OsinfoSummary;
  /** The medium whose rules the ISO matched. */
  media: OsinfoMedia;
  /** The medium's (first) variant, when it names one: 'Fedora Workstation 37', 'Windows 10 Education'. */
  variant?: OsinfoVariant;
  /** What osinfo-detect prints: the variant's name, else the OS's, with the medium's arch: 'Debian 11 (x86_64)'. */
  label: string;
}

/** What `OsinfoDb.detect()` found: the ISO's identity and every media rule it matched. */
export interface OsinfoDetection {
  /** What was read from the ISO's primary volume descriptor. */
  iso: IsoIdentity;
  /** Every match, in libosinfo's order (osinfo-detect --all); the first is what osinfo-detect reports. */
  matches: OsinfoMediaMatch[];
}

/** `OsinfoDb.detect()` options. */
export interface DetectOptions {
  /**
   * Report matches only for bootable media, as osinfo-detect does (default true). virt-install passes false
   * (libosinfo's flags 0), which also identifies non-bootable media such as Debian's s390x images.
   */
  requireBootable?: boolean;
}

/** A distribution's catch-all entry for releases the database does not know yet ('rhel9-unknown'). */
function isGeneric(os: OsinfoSummary): boolean {
  return os.version === 'unknown' || os.shortIds.some((s) => s.endsWith('-unknown'));
}

/**
 * The osinfo-db database: find an OS by id or short id, list and filter them, detect one from an ISO.
 * `loadOsinfo()` opens one; it reads files only, no libvirt.
 */
export class OsinfoDb {
  /** The folders holding the database that was read. */
  readonly dirs: readonly string[];
  readonly #dirsAsked: readonly string[];
  readonly #cache: { ids: string; catalog: string } | undefined;
  readonly #now: number;
  #files: DbFiles | undefined;
  #ids: IdIndex | undefined;
  #catalog: OsinfoIndex | undefined;
  readonly #parsedFiles = new Map<number, RawOs[]>();
  readonly #merged = new Map<string, RawOs | null>();
  #devices: Map<string, OsinfoDevice> | undefined;

  /** @internal use loadOsinfo() */
  constructor(dirs: readonly string[], cache: { ids: string; catalog: string } | undefined, now: number) {
    this.#dirsAsked = dirs;
    this.#cache = cache;
    this.#now = now;
    const cached = cache === undefined ? undefined : readCachedIds(cache.ids, dirs);
    if (cached) {
      this.#ids = cached;
      this.dirs = cached.stamp.roots;
    } else {
      this.#files = listDbFiles(dirs);
      if (this.#files.os.length === 0) throw new OsinfoDbNotFoundError(dirs);
      this.dirs = this.#files.roots;
    }
  }

  #dbFiles(): DbFiles {
    this.#files ??= listDbFiles(this.#dirsAsked);
    return this.#files;
  }

  /** The catalog (summaries and media rules of every OS): from the cache, else built and cached. */
  #fullIndex(): OsinfoIndex {
    if (this.#catalog) return this.#catalog;
    const cached =
      this.#cache === undefined ? undefined : readCachedCatalog(this.#cache.catalog, this.#dirsAsked);
    if (cached) {
      this.#catalog = cached;
      return cached;
    }
    const index = buildIndex(this.#dirsAsked, this.#dbFiles());
    this.#catalog = index;
    const before = this.#ids?.files;
    this.#ids = idIndexOf(index);
    // Parsed files are kept by their index in the file list: drop them if the list is another one.
    if (before && JSON.stringify(before) !== JSON.stringify(index.files)) {
      this.#parsedFiles.clear();
      this.#merged.clear();
    }
    if (this.#cache !== undefined) {
      writeCachedIds(this.#cache.ids, stampOfIndex(index), this.#ids);
      writeCachedCatalog(this.#cache.catalog, index);
    }
    return index;
  }

  /** Ids → files: from the cache, else a cheap scan of the files (cached too). */
  #idIndex(): IdIndex {
    if (!this.#ids) {
      const files = this.#dbFiles();
      this.#ids = scanIds(files);
      if (this.#cache !== undefined)
        writeCachedIds(this.#cache.ids, stampOfFiles(this.#dirsAsked, files), this.#ids);
    }
    return this.#ids;
  }

  /** The operating systems, in the database's order, filtered. */
  list(filter: OsinfoListFilter = {}): OsinfoSummary[] {
    const out: OsinfoSummary[] = [];
    for (const os of this.#fullIndex().oses) {
      const s = summaryOf(os.id, os.shortIds, os.fields, this.#now);
      if (filter.family !== undefined && s.family !== filter.family) continue;
      if (filter.vendor !== undefined && s.vendor !== filter.vendor) continue;
      if (filter.distro !== undefined && s.distro !== filter.distro) continue;
      if (!filter.includeEol && s.eol) continue;
      out.push(s);
    }
    return out;
  }

  /**
   * The id (URL) an OS key names: the URL itself, or any of an OS's short ids (the first OS in the database's
   * order having it, as virt-install's lookup does); undefined when none.
   */
  resolve(key: string): string | undefined {
    if (typeof key !== 'string')
      throw new TypeError(`an OS short id or URL must be a string, got ${typeof key}`);
    const ids = this.#idIndex();
    if (ids.byUrl.has(key)) return key;
    return ids.byShortId.get(key);
  }

  /** The whole entry of an OS by short id or URL, inheritance applied; undefined when the database has none. */
  get(key: string): OsinfoEntry | undefined {
    const id = this.resolve(key);
    if (id === undefined) return undefined;
    const raw = this.#raw(id);
    if (!raw) return undefined;
    this.#devices ??= loadDevices(this.#idIndex().deviceFiles, readFile);
    return entryOf(raw, (pid) => this.#raw(pid), this.#devices, this.#now);
  }

  /** The ISO's identifiers and the database's media rules it matches (see DetectOptions). */
  async detect(isoPath: string, opts: DetectOptions = {}): Promise<OsinfoDetection> {
    const iso = await readIsoIdentity(isoPath);
    const matches = opts.requireBootable === false || iso.bootable ? this.matchIdentity(iso) : [];
    return { iso, matches };
  }

  /**
   * The media rules some ISO identifiers match. As libosinfo: a rule for architecture 'all' counts only when
   * no rule for a given architecture matched. Ordered most specific first: a system of its own before a
   * distribution's generic '-unknown' one, then the newest release first, then the database's order
   * (libosinfo's own order among several systems is that of GLib hash tables, see docs/osinfo.md).
   */
  matchIdentity(iso: Omit<IsoIdentity, 'bootable'>): OsinfoMediaMatch[] {
    const found: { match: OsinfoMediaMatch; at: number }[] = [];
    for (const os of this.#fullIndex().oses) {
      for (const media of sortedMedia(os.media)) {
        if (!mediaMatches(media, iso)) continue;
        const summary = summaryOf(os.id, os.shortIds, os.fields, this.#now);
        const variant = os.variants.find((v) => v.id === media.variants[0]);
        const match: OsinfoMediaMatch = {
          os: summary,
          media,
          label: `${variant?.name ?? summary.name} (${media.arch})`,
        };
        if (variant) match.variant = variant;
        found.push({ match, at: found.length });
      }
    }
    const specific = found.filter((f) => f.match.media.arch !== 'all');
    const chosen = specific.length > 0 ? specific : found;
    chosen.sort((a, b) => {
      const ga = isGeneric(a.match.os) ? 1 : 0;
      const gb = isGeneric(b.match.os) ? 1 : 0;
      if (ga !== gb) return ga - gb;
      const ra = a.match.os.releaseDate ?? '';
      const rb = b.match.os.releaseDate ?? '';
      if (ra !== rb) return ra < rb ? 1 : -1;
      return a.at - b.at;
    });
    return chosen.map((f) => f.match);
  }

  /** The merged raw data of one OS, parsing only the files that define it. */
  #raw(id: string): RawOs | undefined {
    const have = this.#merged.get(id);
    if (have !== undefined) return have ?? undefined;
    const ids = this.#idIndex();
    // With the full index, the files of the whole ancestry are known: read them now (same files, once each).
    if (ids.parents) for (const a of ancestry(id, (x) => ids.parents?.get(x))) this.#parseFilesOf(a);
    const files = ids.byUrl.get(id);
    if (!files) {
      this.#merged.set(id, null);
      return undefined;
    }
    const merged = emptyRaw(id);
    for (const f of files) for (const piece of this.#parsed(f)) if (piece.id === id) mergeInto(merged, piece);
    this.#merged.set(id, merged);
    return merged;
  }

  #parseFilesOf(id: string): void {
    for (const f of this.#idIndex().byUrl.get(id) ?? []) this.#parsed(f);
  }

  #parsed(i: number): RawOs[] {
    let p = this.#parsedFiles.get(i);
    if (!p) {
      const file = this.#idIndex().files[i] as string;
      p = parseOsFile(readFile(file), file);
      this.#parsedFiles.set(i, p);
    }
    return p;
  }
}

/**
 * Opens osinfo-db: `dir` (or `{ dirs }`) names the database folder(s); by default libosinfo's folders, or
 * $OSINFO_DB_PATH. Cheap: nothing is parsed until asked. Throws OsinfoDbNotFoundError naming the package to
 * install when no folder holds a database.
 */
export function loadOsinfo(dirOrOptions?: string | LoadOsinfoOptions): OsinfoDb {
  const opts: LoadOsinfoOptions =
    typeof dirOrOptions === 'string' ? { dirs: dirOrOptions } : (dirOrOptions ?? {});
  const dirs =
    opts.dirs === undefined
      ? defaultOsinfoDirs()
      : typeof opts.dirs === 'string'
        ? [opts.dirs]
        : [...opts.dirs];
  if (dirs.length === 0 || dirs.some((d) => typeof d !== 'string' || d === '')) {
    throw new TypeError('loadOsinfo: the database folders must be non-empty strings');
  }
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const cache = cacheDir === false ? undefined : cacheFilesFor(cacheDir, dirs);
  return new OsinfoDb(dirs, cache, opts.now ?? Date.now());
}
