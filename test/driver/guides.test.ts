// Every code block of every guide in docs/guide/: all of them (```ts and ```ts daemon) type-checked against the
// source, and each page's ```ts blocks run in order as one program on test:///default, in a fresh process; the
// daemon blocks run in test/daemon/guides.test.ts. Prints "N code blocks in M guides: …".
import { afterAll, describe, expect, it } from 'vitest';
import { loadGuides, pageModule, runModule, typeCheck, virtualPath } from '../helpers/guides.js';

const pages = loadGuides();
const executed = new Set<string>();
let typeChecked = false;

describe('docs/guide', () => {
  it('has the guides the index promises, each with code', () => {
    expect(pages.map((p) => p.file)).toEqual(
      expect.arrayContaining([
        'README.md',
        'walk-through.md',
        'storage.md',
        'networks.md',
        'events-and-streams.md',
        'errors.md',
        'performance.md',
        'from-virsh.md',
      ]),
    );
    for (const p of pages.filter((p) => p.file !== 'README.md' && p.file !== 'from-virsh.md')) {
      expect(p.blocks.length, p.file).toBeGreaterThan(0);
    }
  });

  it('every code block type-checks (driver and daemon blocks)', () => {
    const modules = new Map<string, string>();
    for (const page of pages) {
      for (const tier of ['driver', 'daemon'] as const) {
        const source = pageModule(page, tier);
        if (source !== undefined) modules.set(virtualPath(page, tier), source);
      }
    }
    expect(typeCheck(modules)).toEqual([]);
    typeChecked = true;
  }, 180_000);

  for (const page of pages) {
    const source = pageModule(page, 'driver');
    if (source === undefined) continue;
    it(`${page.file} runs on test:///default`, async () => {
      const { code, stdout, stderr } = await runModule(page.file.replace(/\.md$/, ''), source, 120_000);
      expect(stderr, stdout).toBe('');
      expect(code).toBe(0);
      executed.add(page.file);
    }, 150_000);
  }

  afterAll(() => {
    const blocks = pages.flatMap((p) => p.blocks);
    const driver = pages.flatMap((p) =>
      executed.has(p.file) ? p.blocks.filter((b) => b.tier === 'driver') : [],
    );
    const daemon = blocks.filter((b) => b.tier === 'daemon').length;
    console.log(
      `${blocks.length} code blocks in ${pages.length} guides: ${typeChecked ? blocks.length : 0} type-checked, ` +
        `${driver.length} executed on test:///default (${daemon} more run on qemu:///system in the daemon tier)`,
    );
  });
});
