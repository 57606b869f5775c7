/**
 * Times libvirt-ts/osinfo as a CLI meets it: each case in a fresh Node process running the built package
 * (dist/osinfo.js: `npm run build` first), with and without the index cache. `npx tsx bench/osinfo-timing.ts
 * [runs]` prints a table (median of the runs, milliseconds, from the loadOsinfo() call to the answer; loading
 * the module excluded). docs/osinfo.md has a run's numbers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 7);
const here = path.dirname(new URL(import.meta.url).pathname);
const entry = path.join(here, '..', 'dist', 'osinfo.js');
if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);

function child(cacheDir: string, what: string): number {
  const code = `
    const { loadOsinfo } = await import(${JSON.stringify(entry)});
    const t = performance.now();
    const db = loadOsinfo({ cacheDir: ${JSON.stringify(cacheDir)} });
    ${what}
    console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').pop());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const cases: [string, string][] = [
  ["get('win11')", "if (!db.get('win11')) throw new Error('win11 missing');"],
  ["get('debian11')", "if (!db.get('debian11')) throw new Error('debian11 missing');"],
  ["get('rhel9.0')", "if (!db.get('rhel9.0')) throw new Error('rhel9.0 missing');"],
  [
    'list({ includeEol: true })',
    'if (db.list({ includeEol: true }).length < 100) throw new Error("short list");',
  ],
  [
    'matchIdentity(Debian 11 netinst)',
    "db.matchIdentity({ volumeId: 'Debian 11.5.0 amd64 n', volumeSize: 400000000 });",
  ],
];

const rows: string[] = ['| case | no cache file (first run) | cache file present |', '| --- | --- | --- |'];
for (const [name, what] of cases) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osinfo-timing-'));
    try {
      cold.push(child(dir, what));
      child(dir, 'db.list({ includeEol: true });'); // writes the cache
      warm.push(child(dir, what));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  rows.push(`| ${name} | ${median(cold).toFixed(1)} ms | ${median(warm).toFixed(1)} ms |`);
}
console.log(rows.join('\n'));
