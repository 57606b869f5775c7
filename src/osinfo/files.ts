/**
 * The database's files: every `os/**.xml` and `device/**.xml` of each folder, a later folder's file replacing
 * the earlier one of the same relative path, in the order libosinfo's loader reads them (by path, a
 * `NAME.d/` folder's files right after `NAME.xml`). Also the folders' modification times, which key the cache.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface DbFiles {
  /** Absolute paths of the OS files, in load order. */
  os: string[];
  /** Absolute paths of the device files, in load order. */
  device: string[];
  /** Every folder walked, with its mtime in ms: a file added, removed or renamed changes its folder's. */
  folders: [string, number][];
  /** The folders given that hold a database (an os/ or device/ subfolder). */
  roots: string[];
}

function walk(dir: string, rel: string, into: Map<string, string>, folders: [string, number][]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
    folders.push([dir, fs.statSync(dir).mtimeMs]);
  } catch {
    return;
  }
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = fs.statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue;
      }
    }
    if (isDir) walk(abs, r, into, folders);
    else if (isFile && e.name.endsWith('.xml')) into.set(r, abs);
  }
}

/** Sort key: 'a/win-10.d/x.xml' sorts right after 'a/win-10.xml' (a NAME.d folder extends NAME.xml). */
function loadKey(rel: string): string {
  return rel.replace(/\.d\//g, '.xml\u0001/');
}

function ordered(files: Map<string, string>): string[] {
  return [...files.keys()]
    .sort((a, b) => {
      const x = loadKey(a);
      const y = loadKey(b);
      return x < y ? -1 : x > y ? 1 : 0;
    })
    .map((k) => files.get(k) as string);
}

export function listDbFiles(dirs: readonly string[]): DbFiles {
  const os = new Map<string, string>();
  const device = new Map<string, string>();
  const folders: [string, number][] = [];
  const roots: string[] = [];
  for (const dir of dirs) {
    const hasOs = isDir(path.join(dir, 'os'));
    const hasDevice = isDir(path.join(dir, 'device'));
    if (!hasOs && !hasDevice) continue;
    roots.push(dir);
    if (hasOs) walk(path.join(dir, 'os'), '', os, folders);
    if (hasDevice) walk(path.join(dir, 'device'), '', device, folders);
  }
  return { os: ordered(os), device: ordered(device), folders, roots };
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True when every folder still has the mtime recorded (a cheap check: one stat per folder). */
export function foldersUnchanged(folders: readonly [string, number][]): boolean {
  for (const [dir, mtime] of folders) {
    try {
      if (fs.statSync(dir).mtimeMs !== mtime) return false;
    } catch {
      return false;
    }
  }
  return true;
}
