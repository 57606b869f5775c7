/**
 * Regenerates native/generated/ from the recorded libvirt API XML (native/generator/api/, see recorded-api.ts).
 *   npm run generate                 write the files
 *   npm run generate -- --check      exit 1 and print a diff when the committed files are stale, or when the
 *                                    recorded XML does not match its manifest
 *   npm run generate -- --out DIR    write somewhere else
 * Neither reads the installed libvirt: `npm run generate:update` (update.ts) records a newer one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Api, installedApiDir, readApi } from './api-xml.js';
import type { TypeEnv } from './ctypes.js';
import { emitCallbacks } from './emit-callbacks.js';
import { emitEnums } from './emit-enums.js';
import { emitFunctions, emitRawApi } from './emit-functions.js';
import { emitMeta } from './emit-meta.js';
import { emitShapedApi } from './emit-shaped-api.js';
import { emitStructs } from './emit-structs.js';
import { hasApiFiles, RECORDED_API_DIR, sameAsRecorded, verifyRecordedApi } from './recorded-api.js';
import { HEADER } from './source.js';

export const GENERATED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../generated');

function emitIndex(): string {
  return `${HEADER}export * from './callbacks.js';
export * from './enums.js';
export * from './functions.js';
export type * from './meta.js';
export type * from './raw-api.js';
export type * from './shaped-api.js';
export * from './structs.js';
`;
}

/** Every generated file, name → content. Pure: the same XML gives the same bytes. */
export function generate(apiDir: string = RECORDED_API_DIR): Map<string, string> {
  const api: Api = readApi(apiDir);
  const env: TypeEnv = { enums: new Set(api.enums.map((e) => e.name)), typedefs: api.typedefs };
  const macros = new Map<string, string>();
  for (const m of api.macros) if (m.raw !== undefined) macros.set(m.name, m.raw);
  const structNames = new Set(api.structs.map((s) => s.name));
  return new Map([
    ['meta.ts', emitMeta()],
    ['functions.ts', emitFunctions(api, env)],
    ['raw-api.ts', emitRawApi(api, env)],
    ['shaped-api.ts', emitShapedApi(api, env)],
    ['enums.ts', emitEnums(api, structNames)],
    ['structs.ts', emitStructs(api, env, macros)],
    ['callbacks.ts', emitCallbacks(api, env)],
    ['index.ts', emitIndex()],
  ]);
}

export function writeGenerated(files: Map<string, string>, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(outDir, name), content);
}

/** Files whose committed content differs from a fresh generation, with a unified diff of each. */
export function staleFiles(files: Map<string, string>, dir: string): { name: string; diff: string }[] {
  const stale: { name: string; diff: string }[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-ts-generate-'));
  try {
    for (const [name, content] of files) {
      const committed = join(dir, name);
      if (existsSync(committed) && readFileSync(committed, 'utf8') === content) continue;
      const fresh = join(tmp, name);
      writeFileSync(fresh, content);
      const diff = existsSync(committed)
        ? spawnSync('diff', ['-u', committed, fresh], { encoding: 'utf8' }).stdout
        : `missing: ${committed}\n`;
      stale.push({ name, diff });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return stale;
}

function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '') : GENERATED_DIR;
  const manifest = verifyRecordedApi();
  const files = generate();
  if (argv.includes('--check')) {
    const installed = installedApiDir();
    if (hasApiFiles(installed) && !sameAsRecorded(installed, manifest)) {
      process.stdout.write(
        `note: the installed libvirt API (${installed}) differs from the recorded one (libvirt ${manifest.libvirt}); ` +
          'npm run generate:update records it\n',
      );
    }
    const stale = staleFiles(files, outDir);
    for (const s of stale) process.stdout.write(s.diff);
    if (stale.length > 0) {
      process.stderr.write(
        `generated files are stale: ${stale.map((s) => s.name).join(', ')}; run npm run generate\n`,
      );
      return 1;
    }
    return 0;
  }
  writeGenerated(files, outDir);
  process.stdout.write(`wrote ${files.size} files to ${outDir} from libvirt ${manifest.libvirt}'s API XML\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
