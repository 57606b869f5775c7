/**
 * Run after tsup (`npm run build`): keeps `@internal` constructors out of the published `.d.ts`/`.d.cts`.
 *
 * TypeScript's `stripInternal` is not enough for a constructor: it deletes the declaration, and a class declared
 * without one gets an implicit public constructor, so `new Domain()` would still type-check. Objects such as
 * `Domain` or `StoragePool` come from their collections (`hv.domains.get`), so each `@internal` constructor is
 * declared `private constructor();` instead: `new Domain(...)` is a type error ("Constructor of class 'Domain'
 * is private"), and the handle-typed parameters disappear from the declarations.
 * Any other `@internal` declaration left in the output fails the build, naming it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

/** The index just past the `)` closing the `(` at `open`. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced parentheses after offset ${open}`);
}

/** `text` with every doc-commented `@internal` constructor made `private constructor();`, and how many. */
export function privatizeInternalConstructors(text: string): { text: string; count: number } {
  const pattern = /\/\*\*(?:(?!\*\/)[\s\S])*?@internal(?:(?!\*\/)[\s\S])*?\*\/\s*constructor\(/g;
  let out = '';
  let last = 0;
  let count = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const end = closingParen(text, m.index + m[0].length - 1);
    if (text[end] !== ';') throw new Error(`constructor at offset ${m.index} does not end with ';'`);
    out += `${text.slice(last, m.index)}private constructor();`;
    last = end + 1;
    pattern.lastIndex = last;
    count++;
  }
  return { text: out + text.slice(last), count };
}

function main(): number {
  let total = 0;
  const leftovers: string[] = [];
  for (const name of readdirSync(DIST).filter((f) => /\.d\.c?ts$/.test(f))) {
    const path = join(DIST, name);
    const { text, count } = privatizeInternalConstructors(readFileSync(path, 'utf8'));
    if (count > 0) writeFileSync(path, text);
    total += count;
    text.split('\n').forEach((line, i) => {
      if (line.includes('@internal')) leftovers.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  if (leftovers.length > 0) {
    process.stderr.write(`@internal declarations left in the .d.ts files:\n${leftovers.join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`finish-dts: ${total} @internal constructors declared private\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
