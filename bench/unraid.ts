// @unraid/libvirt, the Node binding users compare libvirt-ts with: installed by the bench (never a dependency
// of libvirt-ts) into a cache folder on first use, its addon built by node-gyp against the local Node headers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const UNRAID_VERSION = '2.2.1';

export type UnraidInstall = { dir: string; built: 'cached' | 'now' } | { skipped: string };

/** `<cache>/libvirt-ts-bench/unraid`: the cache is LVTS_BENCH_CACHE, else XDG_CACHE_HOME, else ~/.cache. */
export function unraidDir(): string {
  const root = process.env.LVTS_BENCH_CACHE ?? process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(root, 'libvirt-ts-bench', 'unraid');
}

function addonOf(dir: string): string {
  return join(dir, 'node_modules', '@unraid', 'libvirt', 'build', 'Release', 'libvirt.node');
}

function installedVersion(dir: string): string | undefined {
  try {
    const pkg = join(dir, 'node_modules', '@unraid', 'libvirt', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** The folder holding Node's headers (`include/node/node.h`), so node-gyp needs no download. */
function nodeDir(): string | undefined {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** The informative lines of a failed command's output: the error code and message, not npm's advice. */
function tail(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  const lines = (e.stderr?.toString() || e.message || String(err)).split('\n').map((l) => l.trim());
  const noise = /complete log|npm help|proxy|^npm error$|^gyp ERR! (cwd|node -v|node-gyp -v|System|command)/;
  return lines
    .filter((l) => /err|fail|not found|cannot/i.test(l) && !noise.test(l))
    .slice(0, 3)
    .join(' | ')
    .slice(0, 400);
}

/**
 * Installs @unraid/libvirt into the cache folder unless it is there already, built for this Node. Its install
 * script (node-pre-gyp) finds no prebuilt binary for this Node and falls back to node-gyp; the machine needs a
 * C++ compiler, make, python3 and libvirt-dev. Resolves how to load it, or why it cannot be.
 */
export function ensureUnraid(log: (line: string) => void): UnraidInstall {
  const dir = unraidDir();
  if (installedVersion(dir) === UNRAID_VERSION && existsSync(addonOf(dir))) return { dir, built: 'cached' };
  const headers = nodeDir();
  if (!headers) return { skipped: `no Node headers next to ${process.execPath} (include/node/node.h)` };
  if (!existsSync('/usr/include/libvirt/libvirt.h')) return { skipped: 'libvirt-dev is not installed' };
  log(`  installing @unraid/libvirt@${UNRAID_VERSION} into ${dir} (node-gyp, headers from ${headers}) …`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'libvirt-ts-bench-unraid', private: true }, null, 2)}\n`,
  );
  const env = { ...process.env, npm_config_nodedir: headers, npm_config_update_notifier: 'false' };
  try {
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-save', `@unraid/libvirt@${UNRAID_VERSION}`],
      { cwd: dir, env, stdio: 'pipe', timeout: 600_000 },
    );
  } catch (err) {
    return { skipped: `npm install failed: ${tail(err)}` };
  }
  if (!existsSync(addonOf(dir))) {
    // A newer npm may hold install scripts back: build the addon explicitly.
    try {
      execFileSync('npm', ['rebuild', '@unraid/libvirt', '--foreground-scripts'], {
        cwd: dir,
        env,
        stdio: 'pipe',
        timeout: 600_000,
      });
    } catch (err) {
      return { skipped: `node-gyp build failed: ${tail(err)}` };
    }
  }
  if (!existsSync(addonOf(dir))) return { skipped: `the addon was not built (${addonOf(dir)} is missing)` };
  return { dir, built: 'now' };
}
