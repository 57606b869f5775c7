/**
 * validateXml: checks a document against libvirt's RelaxNG schemas with `virt-xml-validate` (package
 * libvirt-clients; it calls xmllint from libxml2-utils). Tests only: the SDK itself never shells out.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Schema names virt-xml-validate knows (files in /usr/share/libvirt/schemas). */
export const SCHEMAS = [
  'domain',
  'storagepool',
  'storagevol',
  'network',
  'networkport',
  'domainsnapshot',
  'domaincheckpoint',
  'domainbackup',
  'capability',
  'domaincaps',
  'storagepoolcaps',
  'nodedev',
  'secret',
  'interface',
  'nwfilter',
  'nwfilterbinding',
] as const;
export type Schema = (typeof SCHEMAS)[number];

/** Other names accepted for a schema: the short names and the corpus's folder names (test/fixtures/xml/<kind>). */
export const SCHEMA_ALIASES = {
  pool: 'storagepool',
  vol: 'storagevol',
  volume: 'storagevol',
  snapshot: 'domainsnapshot',
  checkpoint: 'domaincheckpoint',
  capabilities: 'capability',
  domaincapabilities: 'domaincaps',
} as const satisfies Record<string, Schema>;
export type SchemaAlias = keyof typeof SCHEMA_ALIASES;

export type ValidationResult = { ok: true } | { ok: false; errors: string[] };

/** Resolves a schema name or alias; anything else is a TypeError naming the accepted names. */
export function schemaFor(kind: string): Schema {
  if ((SCHEMAS as readonly string[]).includes(kind)) return kind as Schema;
  const alias = SCHEMA_ALIASES[kind as SchemaAlias];
  if (alias) return alias;
  throw new TypeError(
    `unknown schema kind ${JSON.stringify(kind)}; expected one of ${[...SCHEMAS, ...Object.keys(SCHEMA_ALIASES)].join(', ')}`,
  );
}

function run(file: string, schema: Schema): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile('virt-xml-validate', [file, schema], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error('virt-xml-validate not found: install the libvirt-clients and libxml2-utils packages'),
        );
        return;
      }
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Validates `xml` against the schema for `kind` (e.g. 'domain', 'pool', 'vol', 'domainsnapshot'). */
export async function validateXml(xml: string, kind: Schema | SchemaAlias): Promise<ValidationResult> {
  const schema = schemaFor(kind);
  const dir = await mkdtemp(join(tmpdir(), 'lvts-validate-'));
  const file = join(dir, `${schema}.xml`);
  try {
    await writeFile(file, xml, 'utf8');
    const { code, output } = await run(file, schema);
    if (code === 0) return { ok: true };
    // Drop the temp file's name so messages read the same on every run.
    const errors = output
      .split('\n')
      .map((line) => line.replaceAll(file, '<document>').trimEnd())
      .filter((line) => line !== '' && !/ fails to validate$/.test(line));
    return { ok: false, errors: errors.length > 0 ? errors : [`virt-xml-validate exited with ${code}`] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
