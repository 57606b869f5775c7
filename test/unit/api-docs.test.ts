// The API reference's rule for the object API (CONTRIBUTING.md): every public member of its classes has a doc
// comment, and every method and accessor names the libvirt function it calls, or says it makes "no libvirt call".
// Read with the TypeScript checker from the package's entry point, as `npm run docs` (typedoc) reads it.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The entry points whose classes are the object API: `libvirt-ts` and `libvirt-ts/admin`. */
const ENTRIES = [`${ROOT}src/index.ts`, `${ROOT}src/admin/index.ts`];
/** The object API's classes: those the entry exports from src/, but the XML model's (builders, errors). */
const OBJECT_API = /\/src\/(?!xml\/)[^/]+\/[^/]+\.ts$/;
/** What a method's or accessor's comment names: a libvirt function, or that it calls none. */
const NAMES_A_CALL = /\bvir[A-Z]\w+|\bno libvirt call\b/i;

interface Member {
  name: string;
  doc: string;
  callable: boolean;
}

/** Every public member of every object API class the entry points export, with its doc comment. */
function publicMembers(): Member[] {
  const program = ts.createProgram(ENTRIES, {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const members: Member[] = [];
  const seen = new Set<ts.ClassDeclaration>();
  // A class, then the classes it extends (LiveObject's `free()` is every object's): each member once, by the
  // class that declares it.
  const addClass = (decl: ts.ClassDeclaration) => {
    if (seen.has(decl) || !OBJECT_API.test(decl.getSourceFile().fileName)) return;
    seen.add(decl);
    const className = decl.name?.text ?? '(anonymous)';
    members.push({ name: className, doc: docOf(decl), callable: false });
    // Parameter properties (`constructor(readonly uuid: string)`) are public members too.
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    for (const p of ctor?.parameters ?? []) {
      const flags = ts.getCombinedModifierFlags(p);
      if (!ts.isParameterPropertyDeclaration(p, ctor!) || flags & ts.ModifierFlags.Private) continue;
      members.push({ name: `${className}.${p.name.getText()}`, doc: docOf(p), callable: false });
    }
    for (const m of decl.members) {
      // A constructor is @internal (private in the .d.ts) or documented by its class.
      if (
        ts.isConstructorDeclaration(m) ||
        ts.isClassStaticBlockDeclaration(m) ||
        ts.isSemicolonClassElement(m)
      ) {
        continue;
      }
      if (!m.name || ts.isPrivateIdentifier(m.name)) continue;
      if (ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const doc = docOf(m);
      if (/@internal\b/.test(doc)) continue;
      const name = `${className}.${m.name.getText()}`;
      // An overload's or a setter's comment may sit on its sibling of the same name.
      const sibling = members.find((x) => x.name === name);
      if (sibling) {
        sibling.doc ||= doc;
        continue;
      }
      const callable = ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m);
      members.push({ name, doc, callable });
    }
    for (const clause of decl.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of clause.types) {
        const base = checker
          .getTypeAtLocation(t.expression)
          .getSymbol()
          ?.declarations?.find(ts.isClassDeclaration);
        if (base) addClass(base);
      }
    }
  };
  for (const path of ENTRIES) {
    const entry = program.getSourceFile(path);
    if (!entry) throw new Error(`${path} not found`);
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decl = symbol.declarations?.find(ts.isClassDeclaration);
      if (decl) addClass(decl);
    }
  }
  return members;
}

/** The JSDoc text of a declaration, on one line: its comment and tags, `@internal` included. */
function docOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((d) => d.getText())
    .join('\n')
    .replace(/^\/\*\*|\*\/$/g, '')
    .replace(/\s*\n\s*\*?\s*/g, ' ')
    .trim();
}

describe('API reference: the object API is documented', () => {
  const members = publicMembers();

  it('gives every public class and member of the object API a doc comment', () => {
    const documented = members.filter((m) => m.doc !== '');
    console.log(
      `${documented.length} documented / ${members.length} public symbols (object API classes and members)`,
    );
    expect(members.length).toBeGreaterThan(400);
    expect(members.filter((m) => m.doc === '').map((m) => m.name)).toEqual([]);
  });

  it('names the libvirt function of every method and accessor, or says it makes no libvirt call', () => {
    const callables = members.filter((m) => m.callable);
    expect(callables.length).toBeGreaterThan(300);
    expect(callables.filter((m) => !NAMES_A_CALL.test(m.doc)).map((m) => m.name)).toEqual([]);
  });
});
