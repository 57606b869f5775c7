/**
 * The API description the bindings were generated from, recorded in the repository: `native/generator/api/`
 * holds a copy of libvirt's `libvirt-api.xml`, `libvirt-qemu-api.xml`, `libvirt-lxc-api.xml` and
 * `libvirt-admin-api.xml`, and `manifest.json` names the libvirt version they came from and each file's sha256.
 * Generation and its check read this copy, never the installed libvirt, so they give the same bytes on any
 * machine; `npm run generate:update` replaces it with the installed libvirt's files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_FILES } from './api-xml.js';

export const RECORDED_API_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'api');
export const MANIFEST_FILE = 'manifest.json';

export interface ApiManifest {
  /** the libvirt release the files come from */
  libvirt: string;
  /** where they were copied from */
  source: string;
  /** file name → sha256 (hex) of its bytes */
  files: Record<string, string>;
}

/** A recorded file whose bytes are not the ones the manifest names (edited by hand, or a partial update). */
export class ApiManifestError extends Error {
  override name = 'ApiManifestError';
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The manifest of the API files in `dir` as they are now. */
export function describeApiDir(dir: string, libvirt: string, source: string): ApiManifest {
  const files: Record<string, string> = {};
  for (const { file } of API_FILES) files[file] = sha256(join(dir, file));
  return { libvirt, source, files };
}

export function readManifest(dir: string = RECORDED_API_DIR): ApiManifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ApiManifest;
}

export function writeManifest(manifest: ApiManifest, dir: string = RECORDED_API_DIR): void {
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Throws an `ApiManifestError` naming every recorded file that is missing or whose checksum differs. */
export function verifyRecordedApi(dir: string = RECORDED_API_DIR): ApiManifest {
  const manifest = readManifest(dir);
  const problems: string[] = [];
  for (const { file } of API_FILES) {
    const want = manifest.files[file];
    const path = join(dir, file);
    if (want === undefined) problems.push(`${file}: not in ${MANIFEST_FILE}`);
    else if (!existsSync(path)) problems.push(`${file}: missing`);
    else if (sha256(path) !== want) problems.push(`${file}: sha256 ${sha256(path)}, manifest says ${want}`);
  }
  if (problems.length > 0) {
    throw new ApiManifestError(
      `the recorded libvirt API in ${dir} does not match ${MANIFEST_FILE}:\n  ${problems.join('\n  ')}\n` +
        'run npm run generate:update to record the installed libvirt API again',
    );
  }
  return manifest;
}

/** True when `dir` holds every API file generation reads. */
export function hasApiFiles(dir: string): boolean {
  return API_FILES.every(({ file }) => existsSync(join(dir, file)));
}

/** True when `dir` holds every API file with the bytes the manifest records. */
export function sameAsRecorded(dir: string, manifest: ApiManifest = readManifest()): boolean {
  return API_FILES.every(
    ({ file }) => existsSync(join(dir, file)) && sha256(join(dir, file)) === manifest.files[file],
  );
}
