// The Node peers run libvirt-ts as users get it: bundled JavaScript (as `npm run build` makes it), not the
// TypeScript sources through tsx, which every worker thread would load and compile again (more memory, a
// slower start). The bundle goes to .tmp/bench-build, rebuilt by every run (a few seconds).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_DIR = join(ROOT, '.tmp', 'bench-build');

export async function buildPeers(): Promise<void> {
  await build({
    config: false,
    entry: {
      'js-peer': join(ROOT, 'bench/peers/js-peer.ts'),
      'ts-api-adapter': join(ROOT, 'bench/peers/ts-api-adapter.ts'),
      'ts-raw-adapter': join(ROOT, 'bench/peers/ts-raw-adapter.ts'),
      'unraid-adapter': join(ROOT, 'bench/peers/unraid-adapter.ts'),
      // spawn.ts finds the workers next to the bundle that contains it, as in dist/.
      'executor-worker': join(ROOT, 'native/executor/worker.ts'),
      'loop-worker': join(ROOT, 'native/loop/worker.ts'),
      'auth-worker': join(ROOT, 'native/auth/worker.ts'),
    },
    outDir: BUILD_DIR,
    format: ['esm'],
    splitting: true,
    dts: false,
    clean: true,
    target: 'node20',
    external: ['koffi'],
    tsconfig: join(ROOT, 'tsconfig.json'),
    silent: true,
  });
}

/** The command line of a Node peer: the bundle, or (`fromSource`) the TypeScript through tsx. */
export function nodePeerCommand(adapter: string, fromSource: boolean): string[] {
  return fromSource
    ? ['--import', 'tsx', join(ROOT, 'bench/peers/js-peer.ts'), adapter]
    : [join(BUILD_DIR, 'js-peer.js'), adapter];
}
