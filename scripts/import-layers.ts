/**
 * The import rules of docs/ARCHITECTURE.md, checked over src/ and native/ (test/unit/import-layers.test.ts):
 *
 * - only native/ imports koffi; native/ imports nothing from src/;
 * - src/xml/ imports nothing outside src/xml/ (no native code, no object API);
 * - run-time code (all but native/generator/) imports nothing from native/generator/;
 * - src/ imports from native/ only the modules of SRC_USES_FROM_NATIVE (src/raw.ts, the raw entry point, also
 *   the synchronous binding and the generated tables: RAW_USES_FROM_NATIVE);
 * - in src/, a value import points down the layers of SRC_LAYERS, or stays in its folder; families on the
 *   same layer (domain, storage, network, host) do not import each other. A type-only import (`import type`,
 *   removed by the compiler) may name a type of a higher layer: a Domain's `migrate(dest: Hypervisor)`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * src/'s folders, bottom first. `.` is src/ itself: the entry points index.ts and raw.ts. `osinfo` (the
 * libvirt-ts/osinfo entry point, reading osinfo-db with the XML engine) and `admin` (the libvirt-ts/admin entry
 * point, a daemon's admin interface through libvirt-admin.so.0) stand beside the families.
 */
export const SRC_LAYERS: readonly (readonly string[])[] = [
  ['xml'],
  ['core'],
  ['events'],
  ['domain', 'storage', 'network', 'host', 'osinfo', 'admin'],
  ['connection'],
  ['.'],
];

/** What src/ uses from native/ (docs/ARCHITECTURE.md lists them with their jobs). */
export const SRC_USES_FROM_NATIVE: readonly string[] = [
  'native/libvirt.ts',
  'native/handles.ts',
  'native/errors.ts',
  'native/generated/enums.ts',
  'native/generated/meta.ts',
  'native/auth/index.ts',
  'native/loop/index.ts',
  'native/loop/streams/duplex.ts',
];

/** What src/raw.ts (`libvirt-ts/raw`) uses from native/ besides: the synchronous binding and every generated table. */
export const RAW_USES_FROM_NATIVE: readonly string[] = ['native/binding.ts', 'native/generated/index.ts'];

export interface Import {
  /** The importing file, relative to the root (`src/domain/domain.ts`). */
  file: string;
  /** As written. */
  specifier: string;
  /** The imported file relative to the root for a relative specifier; the package name otherwise. */
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return (
      !!clause &&
      ts.isNamedExports(clause) &&
      clause.elements.length > 0 &&
      clause.elements.every((e) => e.isTypeOnly)
    );
  }
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

/** Every import and re-export (static or `import()`) of the files below `root`'s src/ and native/. */
export function importsOf(root: string): Import[] {
  const out: Import[] = [];
  for (const dir of ['src', 'native']) {
    for (const path of sourceFiles(join(root, dir))) {
      const file = relative(root, path);
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
      const add = (specifier: string, typeOnly: boolean) => {
        const target = specifier.startsWith('.')
          ? relative(root, resolve(dirname(path), specifier)).replace(/\.js$/, '.ts')
          : specifier;
        out.push({ file, specifier, target, typeOnly });
      };
      const visit = (node: ts.Node) => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
          add((node.moduleSpecifier as ts.StringLiteral).text, isTypeOnly(node));
        } else if (
          ts.isCallExpression(node) &&
          node.expression.kind === ts.SyntaxKind.ImportKeyword &&
          node.arguments[0] &&
          ts.isStringLiteral(node.arguments[0])
        ) {
          add(node.arguments[0].text, false);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
          const literal = node.argument.literal;
          if (ts.isStringLiteral(literal)) add(literal.text, true);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return out;
}

/** The folder of src/ a path lies in (`domain`, `.` for src/ itself), or undefined outside src/. */
export function srcFolder(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'src') return undefined;
  return parts.length > 2 ? parts[1] : '.';
}

function layerOf(folder: string): number {
  return SRC_LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Why an import breaks the rules, or undefined when it keeps them. */
export function violation(imp: Import): string | undefined {
  const { file, target, typeOnly } = imp;
  const relativeTarget = imp.specifier.startsWith('.');
  if (target === 'koffi' && !file.startsWith('native/')) return 'only native/ imports koffi';
  if (file.startsWith('native/') && relativeTarget && target.startsWith('src/'))
    return 'native/ imports nothing from src/';
  if (file.startsWith('src/xml/') && relativeTarget && !target.startsWith('src/xml/')) {
    return 'src/xml/ imports nothing outside src/xml/';
  }
  if (!file.startsWith('native/generator/') && target.startsWith('native/generator/')) {
    return 'run-time code imports nothing from native/generator/ (tables it needs live in native/tables/)';
  }
  if (file.startsWith('src/') && relativeTarget && target.startsWith('native/')) {
    const allowed =
      file === 'src/raw.ts' ? [...SRC_USES_FROM_NATIVE, ...RAW_USES_FROM_NATIVE] : SRC_USES_FROM_NATIVE;
    if (!allowed.includes(target)) return `src/ uses from native/ only ${allowed.join(', ')}`;
  }
  const from = srcFolder(file);
  const to = relativeTarget ? srcFolder(target) : undefined;
  if (from === undefined || to === undefined || from === to) return undefined;
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (fromLayer < 0) return `src/${from}/ has no layer in SRC_LAYERS (scripts/import-layers.ts)`;
  if (toLayer < 0) return `src/${to}/ has no layer in SRC_LAYERS (scripts/import-layers.ts)`;
  if (typeOnly) return undefined;
  if (toLayer === fromLayer)
    return `src/${from}/ and src/${to}/ are families side by side: neither imports the other`;
  if (toLayer > fromLayer)
    return `src/${from}/ imports src/${to}/, a layer above it (a type-only import may)`;
  return undefined;
}
