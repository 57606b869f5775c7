import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type WorkerEntry = 'executor' | 'loop' | 'auth';

/**
 * Starts one of the library's worker threads from wherever this module runs:
 * - from TypeScript source (vitest, tsx): `native/<entry>/worker.ts`, loaded through tsx's ESM hooks, which a
 *   worker does not inherit from its parent, so a tiny data: URL bootstrap registers them first;
 * - from the tsup build: `dist/<entry>-worker.js` or `.cjs`, next to the bundle that contains this code
 *   (tsup's shims give CJS bundles an `import.meta.url`).
 */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions): Worker {
  const here = import.meta.url;
  const name = `libvirt-${entry}`;
  if (here.endsWith('.ts')) {
    const source = new URL(`../${entry}/worker.ts`, here).href;
    const tsxPackage = createRequire(fileURLToPath(here)).resolve('tsx/package.json');
    const tsxApi = pathToFileURL(tsxPackage.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const boot = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(source)});`;
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { ...options, name });
  }
  const ext = here.endsWith('.cjs') ? '.cjs' : '.js';
  return new Worker(new URL(`./${entry}-worker${ext}`, here), { ...options, name });
}
