/**
 * Which libvirt functions each public method of the object API reaches, read from the source with the
 * TypeScript checker: a call graph over src/ and native/, whose leaves are the libvirt function names written
 * in the code (`call('virDomainCreate', …)`, lookup describers, composite operations, event tables, koffi
 * prototypes). Nothing here is a hand-kept list of methods.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { FUNCTIONS, type FunctionName } from '../../native/generated/functions.js';
import { SHAPES } from '../../native/tables/shapes.js';

/** How a method reaches a function: by calling it, or by releasing (free/close) an object it obtained. */
export interface Exposure {
  method: string;
  how: 'call' | 'release';
}

/**
 * The machinery that carries every call: the executor (and the admin host's relay), handles, marshalling, the
 * binding. Its string literals name what it transports or releases for anyone, not what a method exposes, so
 * the walk stops there. The composite operations are the exception: each is one method's sequence of calls run
 * in a worker.
 */
const BOUNDARY = [
  'native/executor/',
  'native/admin/',
  'native/handles.ts',
  'native/marshal/',
  'native/binding.ts',
  'native/library.ts',
  'native/errors.ts',
  'native/generated/',
  'native/generator/',
  'src/xml/',
];
const TRAVERSED_DESPITE_BOUNDARY = ['native/executor/composite.ts'];

function traversable(path: string): boolean {
  return TRAVERSED_DESPITE_BOUNDARY.includes(path) || !BOUNDARY.some((b) => path.startsWith(b));
}

const KNOWN = new Set<string>(Object.keys(FUNCTIONS));
/** A koffi prototype written in the code, e.g. `'int virConnectDomainEventRegisterAny(void *conn, …)'`. */
const PROTOTYPE = /\b(vir[A-Za-z0-9]+)\s*\(/g;

type UnitNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration
  | ts.PropertyDeclaration
  | ts.VariableDeclaration
  | ts.SourceFile;

interface Unit {
  node: UnitNode;
  file: string;
  literals: Set<string>;
  edges: Set<UnitNode>;
}

export function reachByMethod(root: string): Map<string, Set<FunctionName>> {
  const files = sourceFiles(root);
  const program = ts.createProgram(files, compilerOptions(root));
  const checker = program.getTypeChecker();
  const units = new Map<UnitNode, Unit>();
  const rel = (f: ts.SourceFile) => relative(root, f.fileName).split(sep).join('/');

  const unitOf = (node: ts.Node): UnitNode => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (isUnitNode(n)) return n;
    return node.getSourceFile();
  };
  const getUnit = (node: UnitNode): Unit => {
    let unit = units.get(node);
    if (!unit) {
      unit = { node, file: rel(node.getSourceFile()), literals: new Set(), edges: new Set() };
      units.set(node, unit);
    }
    return unit;
  };

  const inScope = program.getSourceFiles().filter((f) => {
    const path = rel(f);
    return !path.startsWith('..') && (path.startsWith('src/') || path.startsWith('native/'));
  });
  // Boundary files are never walked into, so their references need no resolving (most of the checker's time).
  for (const file of inScope.filter((f) => traversable(rel(f)))) {
    getUnit(file);
    const visit = (node: ts.Node): void => {
      if (isUnitNode(node)) getUnit(node);
      const owner = () => getUnit(unitOf(node));
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        for (const name of functionNamesIn(node.text)) owner().literals.add(name);
      } else if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        for (const target of declarationsOf(checker, node)) owner().edges.add(target);
      }
      if (ts.isCallExpression(node)) spawnedWorker(node, root, program, owner());
      if (ts.isIfStatement(node)) dispatchedOperation(node, checker, getUnit);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(file, visit);
  }

  const result = new Map<string, Set<FunctionName>>();
  for (const [label, entry] of entries(inScope, rel)) {
    const reached = new Set<FunctionName>();
    const seen = new Set<UnitNode>();
    const queue: UnitNode[] = [entry];
    while (queue.length > 0) {
      const node = queue.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      const unit = units.get(node);
      if (!unit || (node !== entry && !traversable(unit.file))) continue;
      for (const name of unit.literals) reached.add(name as FunctionName);
      for (const next of unit.edges) queue.push(next);
    }
    const previous = result.get(label);
    result.set(label, previous ? new Set([...previous, ...reached]) : reached);
  }
  return result;
}

/** Function → the methods exposing it, with objects' free functions attributed to whoever obtained them. */
export function exposures(byMethod: Map<string, Set<FunctionName>>): Map<FunctionName, Exposure[]> {
  const out = new Map<FunctionName, Exposure[]>();
  const add = (fn: FunctionName, exposure: Exposure) => {
    const list = out.get(fn) ?? [];
    if (!list.some((e) => e.method === exposure.method && e.how === exposure.how)) list.push(exposure);
    out.set(fn, list);
  };
  for (const [method, reached] of byMethod) {
    for (const fn of reached) {
      add(fn, { method, how: 'call' });
      for (const free of releasesOf(fn)) add(free, { method, how: 'release' });
    }
  }
  return out;
}

/**
 * What frees the result of `fn`: the free function of the object it returns (functions.ts), the free function
 * of an info list it fills (shapes.ts), and virDomainStatsRecordListFree for stats records (role-stats.ts
 * frees the list in the worker after taking each record's domain).
 */
function releasesOf(fn: FunctionName): FunctionName[] {
  const out: string[] = [];
  const handle = FUNCTIONS[fn].handle;
  if (handle?.owned) out.push(handle.free);
  for (const role of SHAPES[fn]?.roles ?? []) {
    if ('free' in role && typeof role.free === 'string') out.push(role.free);
    if (role.role === 'outStatsRecords') out.push('virDomainStatsRecordListFree');
  }
  return out.filter((f): f is FunctionName => KNOWN.has(f));
}

function functionNamesIn(text: string): string[] {
  if (KNOWN.has(text)) return [text];
  if (!text.includes('(')) return [];
  return [...text.matchAll(PROTOTYPE)].map((m) => m[1]!).filter((n) => KNOWN.has(n));
}

/**
 * Top-level functions and variables and class members are units; functions nested in them (helpers, object
 * literal methods such as a Readable's `construct`, callbacks) belong to the unit around them, which runs them.
 */
function isUnitNode(node: ts.Node): node is UnitNode {
  if (ts.isFunctionDeclaration(node)) return ts.isSourceFile(node.parent);
  if (ts.isVariableDeclaration(node)) return isTopLevel(node);
  return (
    (ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isPropertyDeclaration(node)) &&
    ts.isClassLike(node.parent)
  );
}

function isTopLevel(node: ts.VariableDeclaration): boolean {
  const statement = node.parent?.parent;
  return statement !== undefined && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/** The units an identifier refers to; a class stands for its construction (constructor and field initialisers). */
function declarationsOf(checker: ts.TypeChecker, id: ts.Identifier | ts.PrivateIdentifier): UnitNode[] {
  let symbol = checker.getSymbolAtLocation(id);
  if (!symbol) return [];
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const out: UnitNode[] = [];
  for (const decl of symbol.declarations ?? []) {
    if (decl === id.parent) continue;
    if (ts.isClassDeclaration(decl)) {
      for (const m of decl.members)
        if (ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m)) out.push(m);
    } else if (ts.isSourceFile(decl)) {
      out.push(decl); // a namespace import (`import * as host`) reaches the module's top-level code only
    } else if (isUnitNode(decl)) out.push(decl);
  }
  return out;
}

/** `spawnWorker('auth', …)` starts `native/auth/worker.ts` (the convention of native/executor/spawn.ts). */
function spawnedWorker(call: ts.CallExpression, root: string, program: ts.Program, from: Unit): void {
  if (!ts.isIdentifier(call.expression) || call.expression.text !== 'spawnWorker') return;
  const entry = call.arguments[0];
  if (!entry || !ts.isStringLiteral(entry)) return;
  const worker = program.getSourceFile(join(root, 'native', entry.text, 'worker.ts'));
  if (worker) from.edges.add(worker);
}

/**
 * A dispatch `if (name === OPERATION) return handler(…)`, as in composite.ts: the operation's constant leads
 * to its handler, so whoever sends the operation reaches what the handler calls.
 */
function dispatchedOperation(
  node: ts.IfStatement,
  checker: ts.TypeChecker,
  getUnit: (n: UnitNode) => Unit,
): void {
  const cond = node.expression;
  if (!ts.isBinaryExpression(cond) || cond.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken)
    return;
  const constants = [cond.left, cond.right]
    .filter(ts.isIdentifier)
    .flatMap((id) => declarationsOf(checker, id))
    .filter(ts.isVariableDeclaration);
  if (constants.length === 0) return;
  const handlers: UnitNode[] = [];
  const collect = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      handlers.push(...declarationsOf(checker, n.expression));
    }
    ts.forEachChild(n, collect);
  };
  collect(node.thenStatement);
  for (const c of constants) for (const h of handlers) getUnit(c).edges.add(h);
}

/** Public members of the classes src/ exports: the object API. Labels read `Class.member`. */
function entries(files: readonly ts.SourceFile[], rel: (f: ts.SourceFile) => string): [string, UnitNode][] {
  const out: [string, UnitNode][] = [];
  for (const file of files) {
    const path = rel(file);
    if (!path.startsWith('src/') || path.startsWith('src/xml/')) continue;
    for (const statement of file.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !isExported(statement)) continue;
      for (const member of statement.members) {
        if (!isPublicMember(member)) continue;
        const name = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
        if (ts.isComputedPropertyName(member.name ?? ({} as ts.Node))) {
          out.push([
            `${statement.name.text}[${member.name!.getText(file).slice(1, -1)}]`,
            member as UnitNode,
          ]);
        } else if (name !== undefined) out.push([`${statement.name.text}.${name}`, member as UnitNode]);
      }
    }
  }
  return out;
}

function isExported(node: ts.ClassDeclaration): boolean {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

function isPublicMember(member: ts.ClassElement): boolean {
  if (
    !ts.isMethodDeclaration(member) &&
    !ts.isGetAccessorDeclaration(member) &&
    !ts.isSetAccessorDeclaration(member) &&
    !(ts.isPropertyDeclaration(member) && member.initializer && ts.isArrowFunction(member.initializer))
  ) {
    return false;
  }
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  return !ts.getJSDocTags(member).some((t) => t.tagName.text === 'internal');
}

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  for (const dir of ['src', 'native']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const entry of ts.sys.readDirectory(base, ['.ts'], ['**/*.d.ts'], undefined)) out.push(entry);
  }
  return out.sort();
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  // Only our own declarations matter to the walk: without the lib and @types the checker does far less.
  return { ...parsed.options, noEmit: true, noLib: true, types: [] };
}
