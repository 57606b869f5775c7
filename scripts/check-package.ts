/**
 * `npm run check:package` (after `npm run build`; in CI): the package as a user gets it.
 *   1. `npm pack`s the tarball and checks what it holds: dist/, docs, examples, README, LICENSE, CHANGELOG;
 *      no TypeScript sources outside examples/, no source maps, no generator;
 *   2. installs it into a temp project (with TypeScript MIN_TYPESCRIPT and @types/node);
 *   3. runs an ESM and a CJS program on test:///default through `libvirt-ts`, `/xml` and `/raw` (every worker
 *      thread started from dist/), `/xml` alone from CJS (which must not load koffi), and one
 *      program loading both builds, whose errors must be instances of each other's classes;
 *   4. type-checks a consumer with MIN_TYPESCRIPT (node16 and node10 resolution) and with the repository's
 *      TypeScript (with `await using`), and checks that `new Domain(...)` does not type-check.
 * Needs libvirt's client library (test:///default runs in-process) and the npm registry or cache for koffi.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BOTH_PROGRAM,
  CJS_PROGRAM,
  ESM_PROGRAM,
  TS_CONSUMER,
  TS_DISPOSE_CONSUMER,
  TS_INTERNAL_CONSUMER,
  XML_ONLY_CJS_PROGRAM,
} from './check-package/consumers.js';

/** The oldest TypeScript the published declarations support (4.9 fails on `const` type parameters). */
export const MIN_TYPESCRIPT = '5.0.4';
const TYPES_NODE = '20.19.43';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Examples ship as source: TypeScript, and the web console's README and page (HTML, CSS, browser JavaScript).
const SHIPPED =
  /^(dist\/[^/]+\.(c?js|d\.c?ts)|docs\/.+|examples\/.+\.ts|examples\/web-console\/(README\.md|public\/[^/]+\.(html|css|js))|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;

function fail(message: string): never {
  throw new Error(`check-package: ${message}`);
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 600_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  const how = r.error ? String(r.error) : `exited ${r.status}`;
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} ${how}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function pack(dest: string): string {
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' }),
  );
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  const stray = files.filter((f) => !SHIPPED.test(f));
  if (stray.length > 0) fail(`the tarball holds files it should not: ${stray.join(', ')}`);
  for (const needed of [
    'LICENSE',
    'CHANGELOG.md',
    'dist/index.js',
    'dist/index.cjs',
    'dist/executor-worker.js',
  ]) {
    if (!files.includes(needed)) fail(`the tarball lacks ${needed}`);
  }
  console.log(
    `packed ${info.filename}: ${(info.size / 1e6).toFixed(2)} MB, unpacked ${(info.unpackedSize / 1e6).toFixed(2)} MB, ${files.length} files`,
  );
  return join(dest, info.filename);
}

function tsconfig(files: string[], module: 'NodeNext' | 'node10', lib: string[]): string {
  const resolution =
    module === 'NodeNext'
      ? { module: 'NodeNext', moduleResolution: 'NodeNext' }
      : { module: 'commonjs', moduleResolution: 'node' };
  return JSON.stringify({
    compilerOptions: { target: 'ES2022', lib, ...resolution, strict: true, noEmit: true, types: ['node'] },
    files,
  });
}

function typecheck(
  project: string,
  tsc: string,
  config: string,
  name: string,
): { status: number; out: string } {
  writeFileSync(join(project, name), config);
  const r = spawnSync(process.execPath, [tsc, '-p', name], { cwd: project, encoding: 'utf8' });
  return { status: r.status ?? 1, out: r.stdout + r.stderr };
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-ts-package-'));
  try {
    const tarball = pack(dir);
    const project = join(dir, 'consumer');
    run('mkdir', ['-p', project], dir);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        tarball,
        `typescript@${MIN_TYPESCRIPT}`,
        `@types/node@${TYPES_NODE}`,
      ],
      project,
    );

    for (const [file, program] of [
      ['esm.mjs', ESM_PROGRAM],
      ['cjs.cjs', CJS_PROGRAM],
      ['both.mjs', BOTH_PROGRAM],
      ['xml-only.cjs', XML_ONLY_CJS_PROGRAM],
    ] as const) {
      writeFileSync(join(project, file), program);
      const checks: string[] = JSON.parse(
        run(process.execPath, [file], project, 120_000).trim().split('\n').at(-1)!,
      );
      console.log(`${file}: ${checks.length} checks passed`);
      for (const c of checks) console.log(`  ok ${c}`);
    }

    writeFileSync(join(project, 'consumer.ts'), TS_CONSUMER); // a CommonJS module: resolves the require types
    writeFileSync(join(project, 'consumer.mts'), TS_CONSUMER); // an ES module: resolves the import types
    writeFileSync(join(project, 'dispose.ts'), TS_DISPOSE_CONSUMER);
    writeFileSync(join(project, 'internal.ts'), TS_INTERNAL_CONSUMER);
    const minTsc = join(project, 'node_modules/typescript/bin/tsc');
    const repoTsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const repoVersion = createRequire(import.meta.url)('typescript/package.json').version as string;
    const runs = [
      {
        tsc: minTsc,
        version: MIN_TYPESCRIPT,
        config: tsconfig(['consumer.ts', 'consumer.mts'], 'NodeNext', ['ES2022']),
        label: 'node16, from CJS and from ESM',
      },
      {
        tsc: minTsc,
        version: MIN_TYPESCRIPT,
        config: tsconfig(['consumer.ts'], 'node10', ['ES2022']),
        label: 'node10',
      },
      {
        tsc: repoTsc,
        version: repoVersion,
        config: tsconfig(['consumer.ts', 'consumer.mts', 'dispose.ts'], 'NodeNext', [
          'ES2022',
          'ESNext.Disposable',
        ]),
        label: 'node16, from CJS and from ESM, await using',
      },
    ];
    for (const [i, r] of runs.entries()) {
      const result = typecheck(project, r.tsc, r.config, `tsconfig.${i}.json`);
      if (result.status !== 0)
        fail(`TypeScript ${r.version} (${r.label}) rejects the declarations:\n${result.out}`);
      console.log(`TypeScript ${r.version} (${r.label}, skipLibCheck off): the consumer type-checks`);
    }
    const internal = typecheck(
      project,
      repoTsc,
      tsconfig(['internal.ts'], 'NodeNext', ['ES2022']),
      'tsconfig.internal.json',
    );
    const privateCtor = internal.out.match(/error TS2673/g)?.length ?? 0;
    if (internal.status === 0 || privateCtor !== 2)
      fail(`new Domain(...) must be TS2673 (private constructor):\n${internal.out}`);
    console.log(
      'new Domain(...) and new StoragePool(...): TS2673, the constructors are private in the .d.ts',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
