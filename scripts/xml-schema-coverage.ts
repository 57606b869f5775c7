/**
 * `npx tsx scripts/xml-schema-coverage.ts [--write | --check]`: the XML model's typing measured against the
 * installed libvirt RelaxNG schemas (test/helpers/schema-coverage.ts, the same measure the unit test
 * test/unit/xml-schema-coverage.test.ts asserts). Prints the docs section; `--write` puts it (table, untyped
 * paths with their reasons) into docs/xml-model.md between the schema-coverage markers; `--check` only compares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  COVERAGE_DOC,
  COVERAGE_KINDS,
  coverageSection,
  installedLibvirtVersion,
  measure,
  replaceCoverageSection,
} from '../test/helpers/schema-coverage.js';

const section = coverageSection(
  COVERAGE_KINDS.map((k) => measure(k)),
  installedLibvirtVersion(),
);
console.log(section);

if (process.argv.includes('--write') || process.argv.includes('--check')) {
  const doc = readFileSync(COVERAGE_DOC, 'utf8');
  const next = replaceCoverageSection(doc, section);
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error('docs/xml-model.md is out of date: run npx tsx scripts/xml-schema-coverage.ts --write');
      process.exit(1);
    }
  } else writeFileSync(COVERAGE_DOC, next);
}
