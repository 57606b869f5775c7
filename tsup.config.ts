import { defineConfig } from 'tsup';

// Five public entry points plus the worker-thread entries and the admin host process (native/admin/host.ts),
// which Node loads by file path at run time (from dist/, next to the bundle: nothing outside dist/ is loaded).
// No source maps: the bundles are not minified, and the maps were 15.5 MB of the 31.5 MB unpacked package
// (3.4 MB without their sourcesContent).
// Code splitting, in both formats (tsup's CJS splitting converts esbuild's ESM chunks): the entries of one format
// share chunks, so `libvirt-ts`, `/raw`, `/xml`, `/osinfo` and `/admin` (and the workers) load one copy of the
// runtime — one executor pool, one event-loop thread, one set of classes — instead of one each; JS went from
// 8.3 MB to 3.1 MB.
// `npm run build` then runs scripts/finish-dts.ts, which makes the @internal constructors private in the .d.ts.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    xml: 'src/xml/index.ts',
    raw: 'src/raw.ts',
    osinfo: 'src/osinfo/index.ts',
    admin: 'src/admin/index.ts',
    'executor-worker': 'native/executor/worker.ts',
    'loop-worker': 'native/loop/worker.ts',
    'auth-worker': 'native/auth/worker.ts',
    'admin-host': 'native/admin/host.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      xml: 'src/xml/index.ts',
      raw: 'src/raw.ts',
      osinfo: 'src/osinfo/index.ts',
      admin: 'src/admin/index.ts',
    },
  },
  shims: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  target: 'node20',
  external: ['koffi'],
});
