// Imports only point down (docs/ARCHITECTURE.md): the rules of scripts/import-layers.ts hold over src/ and native/.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Import, importsOf, SRC_LAYERS, violation } from '../../scripts/import-layers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function imp(file: string, specifier: string, target: string, typeOnly = false): Import {
  return { file, specifier, target, typeOnly };
}

describe('import layers', () => {
  const imports = importsOf(ROOT);

  it('reads the tree: src/ and native/ import each other the way the layers say', () => {
    expect(imports.some((i) => i.file === 'src/domain/domain.ts' && i.target === 'native/libvirt.ts')).toBe(
      true,
    );
    expect(imports.some((i) => i.target === 'koffi')).toBe(true);
  });

  it('no import breaks a rule', () => {
    const broken = imports.flatMap((i) => {
      const why = violation(i);
      return why ? [`${i.file} imports '${i.specifier}': ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('every folder of src/ has its layer', () => {
    const folders = readdirSync(new URL('../../src', import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !SRC_LAYERS.some((layer) => layer.includes(f)))).toEqual([]);
  });

  it('flags each kind of wrong import', () => {
    expect(violation(imp('src/domain/domain.ts', 'koffi', 'koffi'))).toMatch(/only native/);
    expect(violation(imp('native/libvirt.ts', '../src/core/checks.js', 'src/core/checks.ts'))).toMatch(
      /nothing from src/,
    );
    expect(
      violation(imp('src/xml/domain/index.ts', '../../core/checks.js', 'src/core/checks.ts', true)),
    ).toMatch(/src\/xml/);
    expect(
      violation(imp('native/binding.ts', './generator/ctypes.js', 'native/generator/ctypes.ts', true)),
    ).toMatch(/native\/generator/);
    expect(violation(imp('src/core/lookup.ts', '../domain/domain.js', 'src/domain/domain.ts'))).toMatch(
      /above/,
    );
    expect(violation(imp('src/domain/domain.ts', '../storage/pool.js', 'src/storage/pool.ts'))).toMatch(
      /side by side/,
    );
    expect(violation(imp('src/widgets/a.ts', '../core/checks.js', 'src/core/checks.ts'))).toMatch(/no layer/);
    expect(
      violation(imp('src/domain/domain.ts', '../../native/executor/index.js', 'native/executor/index.ts')),
    ).toMatch(/only native\/libvirt.ts/);
    expect(violation(imp('src/index.ts', '../native/binding.js', 'native/binding.ts'))).toMatch(
      /uses from native/,
    );
  });

  it('lets a type-only import name a higher layer, and a value import point down', () => {
    expect(
      violation(
        imp('src/domain/domain.ts', '../connection/hypervisor.js', 'src/connection/hypervisor.ts', true),
      ),
    ).toBe(undefined);
    expect(
      violation(imp('src/connection/hypervisor.ts', '../domain/domains.js', 'src/domain/domains.ts')),
    ).toBe(undefined);
    expect(violation(imp('src/raw.ts', '../native/binding.js', 'native/binding.ts'))).toBe(undefined);
    expect(
      violation(imp('native/generator/emit-meta.ts', '../tables/objects.js', 'native/tables/objects.ts')),
    ).toBe(undefined);
  });
});
