import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export type WorkerEntry = 'executor' | 'loop' | 'auth';

/**
 * Starts one of the library's worker threads from wherever this module runs:
 * - from TypeScript source (vitest, tsx): `native/<entry>/worker.ts`, loaded through tsx's ESM hooks, which a
 *   worker does not inherit from its parent, so the bootstrap registers them first;
 * - from the tsup build: `dist/<entry>-worker.js`, next to the bundle that contains this code (the build is ES
 *   modules only; `require('libvirt-ts')` loads the same files).
 *
 * Either way the worker's entry is a tiny `data:` module that imports the real file, never the file itself. A
 * worker inherits its parent's `process.execArgv`, and when the program was started as `node --input-type=module
 * -e …` (or fed through stdin) that holds `--input-type`, which Node refuses for a file as a thread's entry point
 * (`ERR_INPUT_TYPE_NOT_ALLOWED`: the worker dies before running a line). A `data:` entry is evaluated as a module
 * and the file is then an ordinary import, which `--input-type` does not concern. Filtering execArgv instead
 * would not do: an explicit `execArgv` is re-validated and Node rejects process-wide flags in it
 * (`--expose-gc`, `--max-old-space-size`, …) that plain inheritance accepts. The other flags (`--import`,
 * `--conditions`, `--enable-source-maps`, …) still reach the worker as before; `-e`/`-p`/`--eval`/`--print`
 * code is not run by a worker.
 */
export function spawnWorker(entry: WorkerEntry, options: WorkerOptions): Worker {
  const here = import.meta.url;
  const name = `libvirt-${entry}`;
  let boot: string;
  if (here.endsWith('.ts')) {
    const source = new URL(`../${entry}/worker.ts`, here).href;
    const tsxPackage = createRequire(fileURLToPath(here)).resolve('tsx/package.json');
    const tsxApi = pathToFileURL(tsxPackage.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    boot = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(source)});`;
  } else {
    boot = `await import(${JSON.stringify(new URL(`./${entry}-worker.js`, here).href)});`;
  }
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { ...options, name });
}
