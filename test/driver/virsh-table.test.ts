// docs/guide/from-virsh.md against the installed virsh: the page is what `npm run virsh-table` writes from
// `virsh help` today, the map names every command of it and no other, and every method it names exists on its
// class (type-checked against the sources, so a rename fails here). Prints the coverage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIRSH_MAP } from '../../scripts/virsh-map.js';
import {
  methodCheckSource,
  PAGE,
  parseVirshHelp,
  render,
  virshHelp,
  virshVersion,
} from '../../scripts/virsh-table.js';
import { GUIDE_DIR, typeCheck } from '../helpers/guides.js';

const groups = parseVirshHelp(virshHelp());
const result = render(groups, virshVersion());

describe('docs/guide/from-virsh.md', () => {
  it('lists every command of the installed virsh, in its groups', () => {
    const commands = groups.flatMap((g) => g.commands.map((c) => c.name));
    // virsh 9.0 has 274 commands in 16 groups; the parse must find them all, whatever the version.
    expect(groups.length).toBeGreaterThanOrEqual(10);
    expect(commands.length).toBeGreaterThanOrEqual(200);
    expect(commands).toEqual(
      expect.arrayContaining(['list', 'start', 'pool-list', 'vol-upload', 'net-list']),
    );
    expect(new Set(commands).size).toBe(commands.length);
    expect(result.unknown).toEqual([]);
    expect(result.stale).toEqual([]);
    console.log(
      `from-virsh: ${result.mapped} of ${result.total} virsh commands have a method ` +
        `(${result.rawOnly} raw only, ${result.shell} virsh shell, ${result.other} not in libvirt)`,
    );
  });

  it('is up to date (npm run virsh-table)', () => {
    expect(readFileSync(PAGE, 'utf8')).toBe(result.markdown);
  });

  it('names only methods that exist on their classes', () => {
    const count = Object.values(VIRSH_MAP).reduce((n, x) => n + ('methods' in x ? x.methods.length : 0), 0);
    expect(count).toBeGreaterThan(result.mapped);
    expect(typeCheck(new Map([[join(GUIDE_DIR, 'from-virsh.methods.mts'), methodCheckSource()]]))).toEqual(
      [],
    );
  }, 180_000);

  it('a misspelt method fails the check (the check is real)', () => {
    const broken = methodCheckSource().replace('  dom.start, //', '  dom.starts, //');
    expect(broken).not.toBe(methodCheckSource());
    const errors = typeCheck(new Map([[join(GUIDE_DIR, 'from-virsh.methods.mts'), broken]]));
    expect(errors.join('\n')).toMatch(/Property 'starts' does not exist on type 'Domain'/);
  }, 180_000);
});
