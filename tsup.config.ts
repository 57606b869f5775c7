import { defineConfig } from 'tsup';

const ENTRIES = {
  index: 'src/index.ts',
  xml: 'src/xml/index.ts',
  raw: 'src/raw.ts',
  osinfo: 'src/osinfo/index.ts',
  admin: 'src/admin/index.ts',
};

// One JavaScript build, ES modules: the five public entry points plus the worker-thread entries and the admin host
// process (native/admin/host.ts), which Node loads by file path at run time (from dist/, next to the bundle: nothing outside dist/ is loaded). CommonJS users get
// the same modules: `npm run build` then writes `dist/<entry>.cjs` as `module.exports = require('./<entry>.js')`
// (scripts/cjs-entries.ts; Node >= 20.19 loads ES modules with require()). A second, CommonJS copy of the runtime
// would start a second executor pool and event-loop thread in a process that loads both, and libvirt has one
// event loop per process: with both copies loaded no event reached either (measured: 0 of 4, then a hang).
// Code splitting: the entries share chunks, so `libvirt-ts`, `/raw`, `/xml`, `/osinfo` and `/admin` (and the workers) load
// one runtime — one executor pool, one event-loop thread, one set of classes.
// No source maps: the bundles are not minified, and the maps were 15.5 MB of the 31.5 MB unpacked package.
// Declarations: `.d.ts` for `import`, `.d.cts` for `require` (the second config emits declarations only).
// `npm run build` also runs scripts/finish-dts.ts, which makes the @internal constructors private in the .d.ts.
export default defineConfig([
  {
    entry: {
      ...ENTRIES,
      'executor-worker': 'native/executor/worker.ts',
      'loop-worker': 'native/loop/worker.ts',
      'auth-worker': 'native/auth/worker.ts',
      'admin-host': 'native/admin/host.ts',
    },
    format: ['esm'],
    dts: { entry: ENTRIES },
    splitting: true,
    sourcemap: false,
    target: 'node20',
    external: ['koffi'],
  },
  {
    entry: ENTRIES,
    format: ['cjs'],
    dts: { entry: ENTRIES, only: true },
    target: 'node20',
    external: ['koffi'],
  },
]);
