/**
 * `npm run coverage-table`: writes docs/api-coverage.md (every libvirt function and the object-API method that
 * exposes it, or "raw only") and prints the reachable share per family. `--check` only compares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exposures, reachByMethod } from './api-coverage/reach.js';
import { GOAL_FAMILIES, percent, renderCoverage } from './api-coverage/table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = fileURLToPath(new URL('../docs/api-coverage.md', import.meta.url));

const coverage = renderCoverage(exposures(reachByMethod(ROOT)));
for (const f of coverage.families) {
  const mark = GOAL_FAMILIES.includes(f.family) ? '*' : ' ';
  console.log(
    `${mark} ${f.family.padEnd(22)} ${String(f.reachable).padStart(4)} / ${String(f.total).padEnd(4)} ${percent(f).padStart(6)}` +
      `   no gap ${String(f.covered).padStart(4)} ${percent(f, 'covered').padStart(6)}`,
  );
}
console.log(
  `goal families (*): ${coverage.goal.reachable} / ${coverage.goal.total} = ${percent(coverage.goal)} reachable, ` +
    `${coverage.goal.covered} = ${percent(coverage.goal, 'covered')} counting the raw-only rows that are no gap`,
);

if (process.argv.includes('--check')) {
  const committed = readFileSync(OUT, 'utf8');
  if (committed !== coverage.markdown) {
    console.error('docs/api-coverage.md is out of date: run npm run coverage-table');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, coverage.markdown);
  console.log(`wrote ${OUT}`);
}
