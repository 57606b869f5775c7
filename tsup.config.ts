import { defineConfig } from 'tsup';

// Four public entry points plus the worker-thread entries, which Node loads by file path at run time.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    xml: 'src/xml/index.ts',
    raw: 'src/raw.ts',
    osinfo: 'src/osinfo/index.ts',
    'executor-worker': 'native/executor/worker.ts',
    'loop-worker': 'native/loop/worker.ts',
    'auth-worker': 'native/auth/worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: {
      index: 'src/index.ts',
      xml: 'src/xml/index.ts',
      raw: 'src/raw.ts',
      osinfo: 'src/osinfo/index.ts',
    },
  },
  shims: true,
  splitting: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['koffi'],
});
