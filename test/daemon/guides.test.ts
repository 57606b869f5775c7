// The guides' ```ts daemon blocks (docs/guide/): each page's daemon blocks, in order, as one program on
// qemu:///system in a fresh process — what the test driver cannot do (consoles, VNC ports, bytes in volumes,
// network ports). They name everything lvts-guides-…; what a failed run left behind is removed before and after.
// test/driver/guides.test.ts type-checks these blocks and runs the others.
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { loadGuides, pageModule, runModule } from '../helpers/guides.js';

const PREFIX = 'lvts-guides-';
const POOL_DIRS = ['lvts-guides-pool', 'lvts-guides-stream-pool', 'lvts-guides-walk-pool'].map(
  (d) => `/var/lib/libvirt/images/${d}`,
);
const pages = loadGuides();
const executed: number[] = [];

const names = (...args: string[]): string[] =>
  virsh(...args)
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.startsWith(PREFIX));

const quietly = (...args: string[]): void => {
  try {
    virsh(...args);
  } catch {
    // already gone, or not running
  }
};

/** Removes every guest, network and pool (with its volumes and directory) a guide may have left. */
function cleanup(): void {
  for (const dom of names('list', '--all', '--name')) {
    quietly('destroy', dom);
    quietly('undefine', dom, '--nvram');
  }
  for (const net of names('net-list', '--all', '--name')) {
    quietly('net-destroy', net);
    quietly('net-undefine', net);
  }
  for (const pool of names('pool-list', '--all', '--name')) {
    quietly('pool-start', pool);
    for (const line of virsh('vol-list', pool).split('\n').slice(2)) {
      const vol = line.trim().split(/\s+/)[0];
      if (vol) quietly('vol-delete', vol, '--pool', pool);
    }
    quietly('pool-destroy', pool);
    quietly('pool-undefine', pool);
  }
  for (const dir of POOL_DIRS) rmSync(dir, { recursive: true, force: true });
}

describeDaemon('docs/guide daemon blocks on qemu:///system', () => {
  beforeAll(() => {
    requireDaemon();
    cleanup();
  });
  afterAll(() => {
    cleanup();
    const total = pages.reduce((n, p) => n + p.blocks.filter((b) => b.tier === 'daemon').length, 0);
    const run = executed.reduce((a, b) => a + b, 0);
    console.log(`${total} daemon code blocks in ${pages.length} guides: ${run} executed on ${DAEMON_URI}`);
  });

  it('has daemon blocks', () => {
    expect(pages.some((p) => p.blocks.some((b) => b.tier === 'daemon'))).toBe(true);
  });

  for (const page of pages) {
    const source = pageModule(page, 'daemon');
    if (source === undefined) continue;
    it(`${page.file}: its daemon blocks run`, async () => {
      const program = source.replaceAll("'qemu:///system'", JSON.stringify(DAEMON_URI));
      const { code, stdout, stderr } = await runModule(
        `${page.file.replace(/\.md$/, '')}-daemon`,
        program,
        170_000,
      );
      expect(stderr, stdout).toBe('');
      expect(code).toBe(0);
      // Nothing the page made is left behind: each cleans up after itself.
      expect(names('list', '--all', '--name')).toEqual([]);
      expect(names('net-list', '--all', '--name')).toEqual([]);
      expect(names('pool-list', '--all', '--name')).toEqual([]);
      expect(POOL_DIRS.filter((d) => existsSync(d))).toEqual([]);
      executed.push(page.blocks.filter((b) => b.tier === 'daemon').length);
    });
  }
});
