// The XML model's names never hide, or are hidden by, the live objects of libvirt-ts (issue 9): a document type
// whose object has a class is `…Def`, so a program imports both without aliases. Checked with the compiler over
// the two entry points, and by using both kinds of name side by side below.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Domain, Network, Secret, StoragePool, StorageVolume } from '../../src/index.js';
import {
  type DomainDef,
  type NetworkDef,
  parseDomainXml,
  parseNetworkXml,
  parseSecretXml,
  parseStoragePoolXml,
  parseStorageVolumeXml,
  type SecretDef,
  type StoragePoolDef,
  type StorageVolumeDef,
} from '../../src/xml/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each entry point's export names, and which of them are values (classes, functions, constants). */
function exportsOf(entries: string[]): Map<string, { all: Set<string>; values: Set<string> }> {
  const program = ts.createProgram(
    entries.map((e) => ROOT + e),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, { all: Set<string>; values: Set<string> }>();
  for (const entry of entries) {
    const source = program.getSourceFile(ROOT + entry);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read ${entry}`);
    const all = new Set<string>();
    const values = new Set<string>();
    for (const sym of checker.getExportsOfModule(module)) {
      all.add(sym.name);
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      if (target.flags & ts.SymbolFlags.Value) values.add(sym.name);
    }
    out.set(entry, { all, values });
  }
  return out;
}

describe('libvirt-ts/xml names beside libvirt-ts', () => {
  it('no export of libvirt-ts/xml has the name of a value export of libvirt-ts that is not the same one', () => {
    const entries = exportsOf(['src/index.ts', 'src/xml/index.ts']);
    const main = entries.get('src/index.ts');
    const xml = entries.get('src/xml/index.ts');
    if (!main || !xml) throw new Error('entry points not read');
    // libvirt-ts re-exports the XML model: a shared name is fine when it is the XML model's own export (a
    // builder, a parse function); what must not happen is a name libvirt-ts gives to something else.
    const mainOnlyValues = [...main.values].filter((n) => !xml.values.has(n));
    const clashes = mainOnlyValues.filter((n) => xml.all.has(n));
    expect(clashes).toEqual([]);
    // The live objects are there, and so are their definitions under the …Def names.
    for (const name of ['Domain', 'StoragePool', 'StorageVolume', 'Network', 'NetworkPort', 'Secret']) {
      expect(main.values.has(name)).toBe(true);
      expect(xml.all.has(`${name}Def`)).toBe(true);
      expect(main.all.has(`${name}Def`)).toBe(true); // re-exported by libvirt-ts too
    }
    for (const name of ['DomainSnapshot', 'DomainCheckpoint', 'NodeDevice']) {
      expect(main.values.has(name)).toBe(true);
      expect(xml.all.has(`${name}Def`)).toBe(true);
    }
  }, 60_000);

  it('a program names a live object and its definition without aliases', () => {
    const def: DomainDef = parseDomainXml("<domain type='test'><name>a</name><memory>1024</memory></domain>");
    const pool: StoragePoolDef = parseStoragePoolXml(
      "<pool type='dir'><name>p</name><target><path>/p</path></target></pool>",
    );
    const volume: StorageVolumeDef = parseStorageVolumeXml(
      '<volume><name>v</name><capacity>1</capacity></volume>',
    );
    const net: NetworkDef = parseNetworkXml('<network><name>n</name></network>');
    const secret: SecretDef = parseSecretXml(
      "<secret ephemeral='no'><uuid>" +
        '0'.repeat(8) +
        '-0000-0000-0000-' +
        '0'.repeat(12) +
        '</uuid></secret>',
    );
    // The live objects' types: their definition() returns the …Def types.
    type Defs = [
      Awaited<ReturnType<Domain['definition']>>,
      Awaited<ReturnType<StoragePool['definition']>>,
      Awaited<ReturnType<StorageVolume['definition']>>,
      Awaited<ReturnType<Network['definition']>>,
      Awaited<ReturnType<Secret['definition']>>,
    ];
    const defs: Defs = [def, pool, volume, net, secret];
    expect(defs.map((d) => Object.keys(d).includes('name') || 'uuid' in d)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(def.name).toBe('a');
  });
});
