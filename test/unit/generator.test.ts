import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainState, virDomainState } from '../../native/generated/enums.js';
import { FUNCTIONS } from '../../native/generated/functions.js';
import { API_FILES } from '../../native/generator/api-xml.js';
import { GENERATED_DIR, generate, staleFiles, writeGenerated } from '../../native/generator/generate.js';
import { RECORDED_API_DIR } from '../../native/generator/recorded-api.js';

// The recorded API description, never the installed libvirt's: this tier runs on any machine.
const apiDir = RECORDED_API_DIR;

/** `<function name='...'>` elements counted straight from the XML text, independent of the generator. */
function functionNamesInXml(file: string): string[] {
  const xml = readFileSync(join(apiDir, file), 'utf8');
  return [...xml.matchAll(/<function name='([^']+)'/g)].map((m) => m[1]!);
}

describe('generator', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-ts-gen-test-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('regenerating into a temp dir gives exactly the committed files', () => {
    const files = generate(apiDir);
    writeGenerated(files, tmp);
    const committed = readdirSync(GENERATED_DIR).sort();
    expect(readdirSync(tmp).sort()).toEqual(committed);
    for (const name of committed) {
      expect(readFileSync(join(tmp, name), 'utf8'), name).toBe(
        readFileSync(join(GENERATED_DIR, name), 'utf8'),
      );
    }
    expect(staleFiles(files, GENERATED_DIR)).toEqual([]);
  });

  it('has metadata for every <function> of the libvirt, qemu, lxc and admin API XML', () => {
    const generated = new Set(Object.keys(FUNCTIONS));
    let total = 0;
    for (const { file, library } of API_FILES) {
      const names = functionNamesInXml(file);
      expect(names.length, file).toBeGreaterThan(0);
      total += names.length;
      for (const name of names) {
        expect(generated.has(name), `${name} from ${file}`).toBe(true);
        expect(FUNCTIONS[name as keyof typeof FUNCTIONS].library).toBe(library);
      }
    }
    expect(generated.size).toBe(total);
  });

  it('records failure conventions and handle kinds from the documented returns', () => {
    expect(FUNCTIONS.virDomainGetInfo.failure).toBe('negative');
    expect(FUNCTIONS.virDomainLookupByName.failure).toBe('null');
    expect(FUNCTIONS.virDomainLookupByName.handle).toEqual({
      kind: 'domain',
      free: 'virDomainFree',
      owned: true,
    });
    expect(FUNCTIONS.virConnectOpen.handle).toEqual({
      kind: 'connect',
      free: 'virConnectClose',
      owned: true,
    });
    expect(FUNCTIONS.virDomainGetConnect.handle?.owned).toBe(false);
    expect(FUNCTIONS.virDomainGetID.failure).toBe('all-ones');
    expect(FUNCTIONS.virDomainGetMaxMemory.failure).toBe('zero');
    expect(FUNCTIONS.virGetLastError.failure).toBe('none');
    expect(FUNCTIONS.virDomainFree.failure).toBe('negative');
    expect(FUNCTIONS.virResetLastError.failure).toBe('none');
    expect(FUNCTIONS.virDomainGetXMLDesc.prototype).toBe(
      'char *!virDomainGetXMLDesc(void *domain, uint32_t flags)',
    );
    expect(FUNCTIONS.virDomainGetName.prototype).toBe('const char *virDomainGetName(void *domain)');
    expect(FUNCTIONS.virDomainQemuMonitorCommand.library).toBe('libvirt-qemu');
  });

  it("gives every RawApi and ShapedApi member libvirt's whole description, no block tag inside it", () => {
    // The member's JSDoc as an editor reads it: the description runs to the first line starting with a tag.
    const docs = new Map<string, string[]>();
    for (const file of ['raw-api.ts', 'shaped-api.ts']) {
      const text = readFileSync(join(GENERATED_DIR, file), 'utf8');
      for (const m of text.matchAll(/^ {2}\/\*\*\n((?: {3}\*.*\n)*?) {3}\*\/\n {2}(vir\w+)\(/gm)) {
        const lines = m[1]!.split('\n').map((l) => l.replace(/^ {3}\*(?: |$)/, ''));
        const description = lines
          .slice(
            0,
            lines.findIndex((l) => l.startsWith('@')),
          )
          .join('\n');
        // Block tags after whitespace end a description for TypeDoc: libvirt's `@flags` must come escaped.
        expect(description, `${file} ${m[2]}`).not.toMatch(/(^|[^\\])@\w/);
        const unescaped = description
          .replace(/\\@/g, '@')
          .replace(/\*\\\//g, '*/')
          .trim();
        docs.set(`${file} ${m[2]}`, [unescaped, FUNCTIONS[m[2] as keyof typeof FUNCTIONS].doc]);
      }
    }
    const shaped = [...docs.keys()].filter((k) => k.startsWith('shaped-api.ts ')).length;
    expect(docs.size - shaped).toBe(Object.keys(FUNCTIONS).length);
    expect(shaped).toBeGreaterThan(100);
    const cut = [...docs].filter(([, [doc, full]]) => doc !== full).map(([name]) => name);
    expect(cut).toEqual([]);
  });

  it('emits enums with short names and drops _LAST sentinels', () => {
    expect(virDomainState.VIR_DOMAIN_RUNNING).toBe(1);
    expect(DomainState.RUNNING).toBe(1);
    expect(Object.keys(virDomainState).some((k) => k.endsWith('_LAST'))).toBe(false);
  });
});
