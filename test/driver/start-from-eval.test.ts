// The built package starts its worker threads however Node was started: `-e`/`--eval`, `-p`, `--input-type=module`,
// a script on stdin (issue 11: `node --input-type=module -e "…await Hypervisor.connect(…)"` never settled, because
// the workers inherited `--input-type`, which Node refuses for a file as a thread's entry point).
//
// The bug lives in the code path of the build (dist/*-worker.js), not the TypeScript source (vitest and tsx start
// workers through a data: URL bootstrap anyway), so beforeAll bundles the current source with the project's tsup
// config (JavaScript only, no declarations: about a second) into a throwaway package `libvirt-ts` in a temporary
// directory, and each case runs Node from there. It does not read or write the repository's dist/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCjsEntries } from '../../scripts/cjs-entries.js';
import configs from '../../tsup.config.js';

const require = createRequire(import.meta.url);
/** Generous: a healthy start takes well under a second; the bug never settled. */
const CHILD_TIMEOUT_MS = 30_000;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

let dir: string;

function node(args: string[], stdin?: string): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Settled: ended on its own, in time, with exit code 0 (an unsettled top-level await exits 13). */
function expectSettled(result: Ended): void {
  expect(result.timedOut, `still running after ${CHILD_TIMEOUT_MS} ms; stderr: ${result.stderr}`).toBe(false);
  expect(result.code, result.stderr).toBe(0);
}

// Uses all three kinds of worker: executor (lookups), event loop (a subscription), auth (a credential callback).
const ESM_WORKLOAD = `
const { Hypervisor } = await import('libvirt-ts');
const hv = await Hypervisor.connect('test:///default', { auth: async () => [] });
const seen = [];
await hv.on('domain.lifecycle', (e) => seen.push(e.event)).ready;
const dom = await hv.domains.get('test');
await dom.suspend();
await dom.resume();
for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
console.log('settled', dom.name, seen.join(','));
await hv.close();
`;
const CJS_WORKLOAD = `(async () => {
  const { Hypervisor } = require('libvirt-ts');
  const hv = await Hypervisor.connect('test:///default');
  console.log('settled', (await hv.domains.get('test')).name);
  await hv.close();
})()`;

describe('worker threads start from -e, -p, --input-type and stdin (built package)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvts-start-from-eval-'));
    const pkg = join(dir, 'node_modules', 'libvirt-ts');
    mkdirSync(pkg, { recursive: true });
    // The JavaScript build (the first config; the second only emits .d.cts), then the CommonJS entries.
    const [javascript] = configs as readonly Parameters<typeof build>[0][];
    await build({
      ...javascript,
      config: false,
      dts: false,
      sourcemap: false,
      silent: true,
      outDir: join(pkg, 'dist'),
    });
    writeCjsEntries(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify(require('../../package.json')));
    // The bundle leaves koffi external, as the published package does: link the installed one.
    const koffiMain = require.resolve('koffi');
    const koffiRoot = koffiMain.slice(
      0,
      koffiMain.lastIndexOf(`${sep}koffi${sep}`) + sep.length + 'koffi'.length,
    );
    symlinkSync(realpathSync(koffiRoot), join(dir, 'node_modules', 'koffi'));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("settles the issue's exact command: node --input-type=module -e '…await Hypervisor.connect(…)'", async () => {
    const result = await node([
      '--input-type=module',
      '-e',
      "const { Hypervisor } = await import('libvirt-ts'); await Hypervisor.connect('test:///default')",
    ]);
    expectSettled(result);
  });

  it.each([
    ['--input-type=module --eval', ['--input-type=module', '--eval', ESM_WORKLOAD]],
    ['--input-type module -e', ['--input-type', 'module', '-e', ESM_WORKLOAD]],
    ['-e (CommonJS)', ['-e', CJS_WORKLOAD]],
    ['-p (CommonJS)', ['-p', CJS_WORKLOAD]],
    ['--expose-gc --input-type=module -e', ['--expose-gc', '--input-type=module', '-e', ESM_WORKLOAD]],
  ])('runs executor, loop and auth workers under %s', async (_, args) => {
    const result = await node(args);
    expectSettled(result);
    expect(result.stdout).toMatch(/settled test/);
    if (args.includes(ESM_WORKLOAD)) expect(result.stdout).toContain('settled test suspended,resumed');
  });

  it('runs a module fed through stdin with --input-type=module', async () => {
    const result = await node(['--input-type=module'], ESM_WORKLOAD);
    expectSettled(result);
    expect(result.stdout).toContain('settled test suspended,resumed');
  });
});
