/**
 * The index that lets get() read only the files of one OS (and of those it inherits from), and list() and
 * detect() work without parsing the database: for every OS, in libosinfo's order, its id, short ids, summary
 * fields, the OSes it inherits from, its files and its media rules. Building it parses every OS file (about
 * 800 files, ~150 ms); it is cached as JSON in the user's cache folder and rebuilt when a folder of the
 * database changes. Without a usable cache, get() does a cheap scan of the files for ids instead. The cache
 * is two files, so get() reads only the small one (ids, files, inheritance) and list()/detect() the other.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type DbFiles, foldersUnchanged, listDbFiles } from './files.js';
import { mergeInto } from './merge.js';
import { emptyRaw, type OsField, parseOsFile, type RawOs } from './parse.js';
import type { OsinfoMedia, OsinfoVariant } from './types.js';

/** Bump when the index's shape or what it holds changes: older cache files are then ignored. */
const INDEX_FORMAT = 2;

export interface IndexedOs {
  id: string;
  shortIds: string[];
  fields: Partial<Record<OsField, string>>;
  /** derives-from and clones ids: what devices and firmware are inherited from. */
  parents: string[];
  /** Indexes into OsinfoIndex.files of the files defining this OS, in load order. */
  files: number[];
  media: OsinfoMedia[];
  variants: OsinfoVariant[];
}

export interface OsinfoIndex {
  format: number;
  dirs: string[];
  roots: string[];
  folders: [string, number][];
  files: string[];
  deviceFiles: string[];
  /** In libosinfo's order: an OS comes where the loader first met it (its file, or a relation naming it). */
  oses: IndexedOs[];
}

/** Ids only, from a cheap scan: enough for get(). */
export interface IdIndex {
  byUrl: Map<string, number[]>;
  byShortId: Map<string, string>;
  files: string[];
  deviceFiles: string[];
  /** Present when the full index is: the inheritance of every OS, so get() can read all its files at once. */
  parents?: Map<string, string[]>;
}

/** Puts the raw pieces of every file together, in libosinfo's order. */
export function buildIndex(dirs: readonly string[], db: DbFiles, read = readFile): OsinfoIndex {
  const order: string[] = [];
  const byId = new Map<string, { raw: RawOs; files: number[] }>();
  const touch = (id: string) => {
    let e = byId.get(id);
    if (!e) {
      e = { raw: emptyRaw(id), files: [] };
      byId.set(id, e);
      order.push(id);
    }
    return e;
  };
  db.os.forEach((file, i) => {
    for (const piece of parseOsFile(read(file), file)) {
      const e = touch(piece.id);
      for (const rel of [...piece.derivesFrom, ...piece.clones, ...piece.upgrades]) touch(rel);
      mergeInto(e.raw, piece);
      if (!e.files.includes(i)) e.files.push(i);
    }
  });
  const oses: IndexedOs[] = [];
  for (const id of order) {
    const e = byId.get(id) as { raw: RawOs; files: number[] };
    // An id only named by a relation, with no file of its own, is no OS of the database.
    if (e.files.length === 0) continue;
    oses.push({
      id,
      shortIds: e.raw.shortIds,
      fields: e.raw.fields,
      parents: [...e.raw.derivesFrom, ...e.raw.clones],
      files: e.files,
      media: e.raw.media,
      variants: e.raw.variants,
    });
  }
  return {
    format: INDEX_FORMAT,
    dirs: [...dirs],
    roots: db.roots,
    folders: db.folders,
    files: db.os,
    deviceFiles: db.device,
    oses,
  };
}

const OS_ID = /<os\b[^>]*?\bid=(?:"([^"]*)"|'([^']*)')/g;
const SHORT_ID = /<short-id>\s*([^<\s]+)\s*<\/short-id>/g;

/**
 * The cheap scan: every OS file's `<os id>` and `<short-id>`s by regular expression (the files are read, not
 * parsed). A file with one `<os>` (all of osinfo-db's) gets its short ids; one with several is parsed.
 */
export function scanIds(db: DbFiles, read = readFile): IdIndex {
  const byUrl = new Map<string, number[]>();
  const byShortId = new Map<string, string>();
  db.os.forEach((file, i) => {
    const text = read(file);
    const ids = [...text.matchAll(OS_ID)].map((m) => (m[1] ?? m[2]) as string);
    const pieces: { id: string; shortIds: string[] }[] =
      ids.length === 1
        ? [{ id: ids[0] as string, shortIds: [...text.matchAll(SHORT_ID)].map((m) => m[1] as string) }]
        : ids.length === 0
          ? []
          : parseOsFile(text, file);
    for (const p of pieces) {
      const files = byUrl.get(p.id);
      if (files) files.push(i);
      else byUrl.set(p.id, [i]);
      for (const s of p.shortIds) if (!byShortId.has(s)) byShortId.set(s, p.id);
    }
  });
  return { byUrl, byShortId, files: db.os, deviceFiles: db.device };
}

export function idIndexOf(index: OsinfoIndex): IdIndex {
  const byUrl = new Map<string, number[]>();
  const byShortId = new Map<string, string>();
  const parents = new Map<string, string[]>();
  for (const os of index.oses) {
    byUrl.set(os.id, os.files);
    parents.set(os.id, os.parents);
    for (const s of os.shortIds) if (!byShortId.has(s)) byShortId.set(s, os.id);
  }
  return { byUrl, byShortId, files: index.files, deviceFiles: index.deviceFiles, parents };
}

export function readFile(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The cache's two files for one list of folders: the ids (for get()) and the catalog (for list(), detect()). */
export function cacheFilesFor(cacheDir: string, dirs: readonly string[]): { ids: string; catalog: string } {
  const h = crypto.createHash('sha256').update(JSON.stringify(dirs)).digest('hex').slice(0, 16);
  return {
    ids: path.join(cacheDir, `osinfo-ids-${h}.json`),
    catalog: path.join(cacheDir, `osinfo-catalog-${h}.json`),
  };
}

/** What ties a cache file to the database it was built from. */
interface CacheStamp {
  format: number;
  dirs: string[];
  roots: string[];
  folders: [string, number][];
}

/** True when a cache file's stamp is for these folders and none of them changed since. */
function stampValid(stamp: CacheStamp, dirs: readonly string[]): boolean {
  if (stamp.format !== INDEX_FORMAT || JSON.stringify(stamp.dirs) !== JSON.stringify(dirs)) return false;
  if (!foldersUnchanged(stamp.folders)) return false;
  // A folder that held no database then must hold none now.
  for (const dir of dirs) {
    if (stamp.roots.includes(dir)) continue;
    if (fs.existsSync(path.join(dir, 'os')) || fs.existsSync(path.join(dir, 'device'))) return false;
  }
  return true;
}

interface IdsFile extends CacheStamp {
  files: string[];
  deviceFiles: string[];
  /** [url, short ids, file indexes, parents (absent when only the cheap scan ran)] */
  oses: [string, string[], number[], string[] | null][];
}

interface CatalogFile extends CacheStamp {
  oses: {
    id: string;
    shortIds: string[];
    fields: Partial<Record<OsField, string>>;
    media: OsinfoMedia[];
    variants: OsinfoVariant[];
  }[];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Writes atomically; a cache that cannot be written is no error (it only costs time). */
function writeJson(file: string, data: unknown): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

function stampOf(dirs: readonly string[], roots: string[], folders: [string, number][]): CacheStamp {
  return { format: INDEX_FORMAT, dirs: [...dirs], roots, folders };
}

export function readCachedIds(
  file: string,
  dirs: readonly string[],
): (IdIndex & { stamp: CacheStamp }) | undefined {
  const f = readJson<IdsFile>(file);
  if (!f || !stampValid(f, dirs)) return undefined;
  const byUrl = new Map<string, number[]>();
  const byShortId = new Map<string, string>();
  const parents = new Map<string, string[]>();
  let complete = true;
  for (const [url, shortIds, files, par] of f.oses) {
    byUrl.set(url, files);
    for (const s of shortIds) if (!byShortId.has(s)) byShortId.set(s, url);
    if (par) parents.set(url, par);
    else complete = false;
  }
  const ids: IdIndex & { stamp: CacheStamp } = {
    byUrl,
    byShortId,
    files: f.files,
    deviceFiles: f.deviceFiles,
    stamp: stampOf(f.dirs, f.roots, f.folders),
  };
  if (complete) ids.parents = parents;
  return ids;
}

export function writeCachedIds(file: string, stamp: CacheStamp, ids: IdIndex): boolean {
  const shortIdsOf = new Map<string, string[]>();
  for (const [s, url] of ids.byShortId) {
    const l = shortIdsOf.get(url);
    if (l) l.push(s);
    else shortIdsOf.set(url, [s]);
  }
  const data: IdsFile = {
    ...stamp,
    files: ids.files,
    deviceFiles: ids.deviceFiles,
    oses: [...ids.byUrl].map(([url, files]) => [
      url,
      shortIdsOf.get(url) ?? [],
      files,
      ids.parents?.get(url) ?? null,
    ]),
  };
  return writeJson(file, data);
}

export function readCachedCatalog(file: string, dirs: readonly string[]): OsinfoIndex | undefined {
  const f = readJson<CatalogFile>(file);
  if (!f || !stampValid(f, dirs)) return undefined;
  return {
    format: f.format,
    dirs: f.dirs,
    roots: f.roots,
    folders: f.folders,
    files: [],
    deviceFiles: [],
    oses: f.oses.map((o) => ({ ...o, parents: [], files: [] })),
  };
}

export function writeCachedCatalog(file: string, index: OsinfoIndex): boolean {
  const data: CatalogFile = {
    ...stampOf(index.dirs, index.roots, index.folders),
    oses: index.oses.map((o) => ({
      id: o.id,
      shortIds: o.shortIds,
      fields: o.fields,
      media: o.media,
      variants: o.variants,
    })),
  };
  return writeJson(file, data);
}

export function stampOfIndex(index: OsinfoIndex): CacheStamp {
  return stampOf(index.dirs, index.roots, index.folders);
}

export function stampOfFiles(dirs: readonly string[], files: DbFiles): CacheStamp {
  return stampOf(dirs, files.roots, files.folders);
}

export { listDbFiles };
