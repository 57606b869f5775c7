/**
 * The corpus fixtures themselves validate against libvirt's RelaxNG schemas (virt-xml-validate), so the
 * round-trip test in test/unit/xml-corpus.test.ts starts from documents libvirt accepts. The few that do not
 * (virt-install's, not libvirtd's) are listed with the reason and must keep failing, so the list stays true.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaFor, validateXml } from '../helpers/validate.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/xml/', import.meta.url));

/** `<kind>/<file>` → why libvirt 9.0's schema rejects it. */
const KNOWN_INVALID: Record<string, string> = {
  'domain/virt-install-crypto-hub.xml':
    'has <crypto> (asked for with --xml); libvirt 9.0 has no crypto device in its schema and drops it on define',
  'domain/virt-install-smartcard-host.xml':
    'virt-install 4.1 writes type="tcp" on <smartcard mode="host">; the schema forbids it, libvirtd drops it',
  'domainbackup/libvirtd-pull-tcp-incremental.xml':
    "libvirtd 9.0's backup-dumpxml of a running job writes index= on each <disk>; domainbackup.rng has no index",
  'domainbackup/libvirtd-pull-unix.xml':
    "libvirtd 9.0's backup-dumpxml of a running job writes index= on each <disk>; domainbackup.rng has no index",
};

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('validateXml', () => {
  it('accepts a valid document and explains an invalid one', async () => {
    const pool = '<pool type="dir"><name>p</name><target><path>/srv/p</path></target></pool>';
    expect(await validateXml(pool, 'pool')).toEqual({ ok: true });
    const result = await validateXml('<domain type="qemu"><bogus/></domain>', 'domain');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.join('\n')).toMatch(/Relax-NG validity error/);
  });

  it('reports malformed XML as an invalid document', async () => {
    const result = await validateXml('<volume><name>v</name>', 'vol');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join('\n')).toMatch(/<document>:\d+: parser error/);
  });

  it('rejects an unknown schema kind with a TypeError', () => {
    expect(() => schemaFor('domian')).toThrow(TypeError);
    expect(() => schemaFor('domian')).toThrow(/unknown schema kind "domian"/);
  });
});

describe('XML corpus fixtures validate with virt-xml-validate', () => {
  for (const folder of folders) {
    const schema = schemaFor(folder);
    const files = readdirSync(join(FIXTURES, folder)).filter((file) => file.endsWith('.xml'));
    describe.concurrent(folder, () => {
      for (const file of files.sort()) {
        it(file, async () => {
          const result = await validateXml(readFileSync(join(FIXTURES, folder, file), 'utf8'), schema);
          const id = `${folder}/${file}`;
          if (id in KNOWN_INVALID) {
            expect(result.ok, `${id} now validates: remove it from KNOWN_INVALID`).toBe(false);
            return;
          }
          expect(result.ok ? [] : result.errors.slice(0, 10), `${id} fails ${schema}.rng`).toEqual([]);
        });
      }
    });
  }
});
