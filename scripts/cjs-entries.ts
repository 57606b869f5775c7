/**
 * Run after tsup (`npm run build`): writes `dist/<entry>.cjs` for each public entry as a one-line CommonJS
 * module that loads the ES module build: `module.exports = require('./<entry>.js')`. `require()` of an ES module
 * (no top-level await) is on by default from Node 20.19, the package's minimum, and returns the very module
 * `import` gets, so a process that loads `libvirt-ts` both ways holds one runtime: one executor pool, one
 * event-loop thread (libvirt has one event loop per process), one `LibvirtError` class.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CJS_ENTRIES = ['index', 'xml', 'raw', 'osinfo', 'admin'] as const;

/** Writes the CommonJS entries into `dist` (a build's output folder). */
export function writeCjsEntries(dist: string): void {
  for (const entry of CJS_ENTRIES) {
    writeFileSync(
      join(dist, `${entry}.cjs`),
      `'use strict';\n// The ES module build, loaded by require() (Node >= 20.19): one copy of libvirt-ts per process.\nmodule.exports = require('./${entry}.js');\n`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeCjsEntries(fileURLToPath(new URL('../dist', import.meta.url)));
  console.log(`cjs-entries: ${CJS_ENTRIES.map((e) => `dist/${e}.cjs`).join(', ')} load the ES module build`);
}
