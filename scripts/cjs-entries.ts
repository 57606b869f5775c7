/**
 * Run after tsup (`npm run build`): writes `dist/<entry>.cjs` for each public entry as a one-line CommonJS
 * module that loads the ES module build: `module.exports = require('./<entry>.js')`. `require()` of an ES module
 * (no top-level await) is on by default from Node 20.19, the package's minimum, and returns the very module
 * `import` gets, so a process that loads `libvirt-ts` both ways holds one runtime: one executor pool, one
 * event-loop thread (libvirt has one event loop per process), one `LibvirtError` class.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const CJS_ENTRIES = ['index', 'xml', 'raw', 'osinfo', 'admin'] as const;

for (const entry of CJS_ENTRIES) {
  writeFileSync(
    join(DIST, `${entry}.cjs`),
    `'use strict';\n// The ES module build, loaded by require() (Node >= 20.19): one copy of libvirt-ts per process.\nmodule.exports = require('./${entry}.js');\n`,
  );
}
console.log(`cjs-entries: ${CJS_ENTRIES.map((e) => `dist/${e}.cjs`).join(', ')} load the ES module build`);
