/**
 * `npm run generate:update`: records the installed libvirt's API description and regenerates from it.
 *   1. reads /usr/share/libvirt/api/*.xml (LIBVIRT_API_DIR overrides; Debian/Ubuntu: libvirt-dev),
 *   2. prints what changed against the recorded copy (functions, callback types, enums, enum values, structs),
 *   3. copies the files into native/generator/api/, writes manifest.json (version, sha256 of each file),
 *   4. regenerates native/generated/.
 * `--libvirt-version X.Y.Z` names the release when the newest `version` attribute of the XML is not it.
 * Then run the unit tier: new events, shapes or objects the generator cannot place fail there by name.
 */
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiChanges, formatApiChanges } from './api-changes.js';
import { API_FILES, installedApiDir, newestSince, readApi } from './api-xml.js';
import { GENERATED_DIR, generate, writeGenerated } from './generate.js';
import {
  describeApiDir,
  hasApiFiles,
  RECORDED_API_DIR,
  readManifest,
  writeManifest,
} from './recorded-api.js';

function main(argv: string[]): number {
  const source = installedApiDir();
  if (!hasApiFiles(source)) {
    process.stderr.write(
      `no libvirt API XML in ${source} (${API_FILES.map((f) => f.file).join(', ')}): install libvirt-dev ` +
        '(Fedora: libvirt-devel) or point LIBVIRT_API_DIR at a directory holding them\n',
    );
    return 1;
  }
  const versionIndex = argv.indexOf('--libvirt-version');
  const libvirt = versionIndex >= 0 ? (argv[versionIndex + 1] ?? '') : newestSince(source);
  const before = readManifest();
  const changes = apiChanges(readApi(RECORDED_API_DIR), readApi(source));
  process.stdout.write(`libvirt API ${before.libvirt} (recorded) -> ${libvirt} (${source})\n`);
  process.stdout.write(formatApiChanges(changes));
  for (const { file } of API_FILES) copyFileSync(join(source, file), join(RECORDED_API_DIR, file));
  writeManifest(describeApiDir(RECORDED_API_DIR, libvirt, source));
  const files = generate(RECORDED_API_DIR);
  writeGenerated(files, GENERATED_DIR);
  process.stdout.write(
    `recorded ${API_FILES.length} files in ${RECORDED_API_DIR}; wrote ${files.size} files to ${GENERATED_DIR}\n` +
      'next: npm run typecheck && npx vitest run --project unit && npm run coverage-table\n',
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
