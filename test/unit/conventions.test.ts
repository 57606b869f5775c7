// The written rules of docs/ARCHITECTURE.md that a machine can check: #private members, file names by family.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SRC_LAYERS } from '../../scripts/import-layers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** src/'s folders but the XML model and src/ itself: the families whose files drop the family's prefix. */
const FAMILIES = SRC_LAYERS.flat().filter((f) => f !== 'xml' && f !== '.');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line Class.member` for every TS `private` member other than a constructor. */
function tsPrivateMembers(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const isMember =
      ts.isClassElement(node) || (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent));
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    if (
      isMember &&
      !ts.isConstructorDeclaration(node) &&
      modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${relative(ROOT, path)}:${line}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * `file:line` for every #private field whose initializer reads `this`: the CJS build turns public field
 * initializers into constructor code that runs after the private ones, so such an initializer sees the public
 * fields undefined there (it broke the executor's Channel once). Set such fields in the constructor.
 */
function privateInitializersReadingThis(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const readsThis = (node: ts.Node): boolean =>
    node.kind === ts.SyntaxKind.ThisKeyword ||
    (!ts.isFunctionLike(node) && !ts.isClassLike(node) && ts.forEachChild(node, readsThis) === true);
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyDeclaration(node) &&
      ts.isPrivateIdentifier(node.name) &&
      node.initializer &&
      readsThis(node.initializer)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${relative(ROOT, path)}:${line}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Each whole-tree scan parses every source file: seconds on a loaded 2-core machine, so no 5 s default. */
const TREE_SCAN_MS = 60_000;

describe('conventions', () => {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'native'))];

  it(
    'private members are #private: TS `private` only on constructors',
    () => {
      expect(files.flatMap((f) => tsPrivateMembers(f, readFileSync(f, 'utf8')))).toEqual([]);
    },
    TREE_SCAN_MS,
  );

  it(
    'no #private field initializer reads `this` (the CJS build would run it too early)',
    () => {
      expect(files.flatMap((f) => privateInitializersReadingThis(f, readFileSync(f, 'utf8')))).toEqual([]);
    },
    TREE_SCAN_MS,
  );

  it('finds a #private initializer reading `this` where there is one', () => {
    const text = 'class A {\n  buffer = 1;\n  #a = this.buffer;\n  #b = () => this.buffer;\n  #c = 2;\n}';
    expect(privateInitializersReadingThis(join(ROOT, 'src/a.ts'), text)).toEqual(['src/a.ts:3']);
  });

  it('finds a TS private member where there is one', () => {
    const text =
      'class A {\n  private x = 1;\n  private constructor() {}\n  #y = 2;\n}\nclass B { constructor(private z: number) {} }';
    expect(tsPrivateMembers(join(ROOT, 'src/a.ts'), text)).toEqual(['src/a.ts:2', 'src/a.ts:6']);
  });

  it('file names are kebab-case, and a file in a family folder does not repeat the family', () => {
    const wrong = files
      .map((f) => relative(ROOT, f))
      .filter((path) => {
        const parts = path.split('/');
        const name = parts.at(-1)!.replace(/\.ts$/, '');
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return true;
        const family = parts[0] === 'src' && parts.length === 3 ? parts[1]! : undefined;
        return family !== undefined && FAMILIES.includes(family) && name.startsWith(`${family}-`);
      });
    expect(wrong).toEqual([]);
  });
});
