// How the guide tests read docs/guide/: which fences are code, which tier a block belongs to, and that a
// marker nobody runs (a typo of `daemon`) or an unclosed fence is an error rather than a silently skipped block.
import { describe, expect, it } from 'vitest';
import { extractBlocks, loadGuides, pageModule } from '../helpers/guides.js';

describe('guide code blocks', () => {
  it('takes ```ts blocks for the driver tier and ```ts daemon blocks for the daemon tier, nothing else', () => {
    const md = [
      '# Page',
      '```ts',
      'const a = 1;',
      '```',
      '```sh',
      'virsh list',
      '```',
      '```ts daemon',
      'const b = 2;',
      '```',
      '```',
      'plain',
      '```',
    ].join('\n');
    expect(extractBlocks(md)).toEqual([
      { line: 2, tier: 'driver', code: 'const a = 1;' },
      { line: 8, tier: 'daemon', code: 'const b = 2;' },
    ]);
  });

  it('refuses an unknown marker and an unclosed fence', () => {
    expect(() => extractBlocks('```ts deamon\nx\n```')).toThrow(/line 1: unknown block marker 'deamon'/);
    expect(() => extractBlocks('text\n```ts\nx')).toThrow(/line 2: code block never closed/);
  });

  it("joins a page's blocks of one tier in order, each naming its line in the page", () => {
    const page = {
      file: 'p.md',
      blocks: extractBlocks('```ts\nA\n```\n```ts daemon\nB\n```\n```ts\nC\n```'),
    };
    expect(pageModule(page, 'driver')).toBe(
      '// docs/guide/p.md:1\nA\n\n// docs/guide/p.md:7\nC\nexport {};\n',
    );
    expect(pageModule(page, 'daemon')).toBe('// docs/guide/p.md:4\nB\nexport {};\n');
    expect(pageModule({ file: 'q.md', blocks: [] }, 'driver')).toBeUndefined();
  });

  it('every guide parses, and the guides hold driver and daemon blocks', () => {
    const blocks = loadGuides().flatMap((p) => p.blocks);
    expect(blocks.filter((b) => b.tier === 'driver').length).toBeGreaterThan(20);
    expect(blocks.filter((b) => b.tier === 'daemon').length).toBeGreaterThan(0);
  });
});
