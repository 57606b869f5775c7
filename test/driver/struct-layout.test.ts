// Every generated struct layout (koffi's sizeof/offsetof) must match the C compiler's, from libvirt's headers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { afterAll, describe, expect, it } from 'vitest';
import { STRUCTS, type StructName, UNIONS, type UnionName } from '../../native/generated/structs.js';
import { layout, structLayouts } from '../../native/marshal/layouts.js';

/** A C program printing `name size` and `name.field offset` lines for every generated struct. */
function cProgram(): string {
  const lines: string[] = [];
  for (const name of Object.keys(STRUCTS) as StructName[]) {
    lines.push(`  printf("${name} %zu\\n", sizeof(${name}));`);
    for (const f of STRUCTS[name].fields) {
      lines.push(`  printf("${name}.${f.name} %zu\\n", offsetof(${name}, ${f.name}));`);
      if (f.field.kind === 'union') {
        lines.push(`  printf("${f.field.union} %zu\\n", sizeof(((${name} *)0)->${f.name}));`);
      }
    }
  }
  return `#include <stddef.h>
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
int main(void) {
${lines.join('\n')}
  return 0;
}
`;
}

describe('struct layouts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-ts-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('match sizeof/offsetof from <libvirt/libvirt.h> for every struct and field', () => {
    writeFileSync(join(dir, 'layout.c'), cProgram());
    const cc = spawnSync(
      'cc',
      ['-Wno-deprecated-declarations', '-o', join(dir, 'layout'), join(dir, 'layout.c')],
      { encoding: 'utf8' },
    );
    expect(cc.stderr, 'cc failed').toBe('');
    expect(cc.status).toBe(0);
    const run = spawnSync(join(dir, 'layout'), { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const expected = new Map(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string])
        .map(([k, v]) => [k, Number(v)]),
    );

    structLayouts();
    const actual = new Map<string, number>();
    for (const name of Object.keys(STRUCTS) as StructName[]) {
      const l = layout(name);
      actual.set(name, l.size);
      for (const f of l.fields) {
        actual.set(`${name}.${f.name}`, koffi.offsetof(l.type, f.name));
        if (f.field.kind === 'union') actual.set(f.field.union, koffi.sizeof(layout(f.field.union).type));
      }
    }
    for (const name of Object.keys(UNIONS) as UnionName[]) expect(actual.has(name), name).toBe(true);
    expect(actual.size).toBe(expected.size);
    const mismatches = [...expected]
      .filter(([k, v]) => actual.get(k) !== v)
      .map(([k, v]) => `${k}: C ${v}, koffi ${actual.get(k)}`);
    expect(mismatches).toEqual([]);
    console.log(
      `struct layout: ${Object.keys(STRUCTS).length} structs, ${expected.size} sizeof/offsetof checks`,
    );
  });
});
