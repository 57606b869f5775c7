/**
 * Walks libvirt's RelaxNG schemas (/usr/share/libvirt/schemas/*.rng, shipped with libvirt0) and lists every
 * element, attribute and text path a document kind's grammar allows, from its root: `/domain/devices/disk`,
 * `/domain/devices/disk/driver/@cache`, `/domain/vcpu/text()`. Test-side only (it reads files).
 *
 * Resolved: `<include>` (each file once per grammar), `<define>` (with `combine`), `<ref>`, `<parentRef>`,
 * nested `<grammar>`, `<start>`, `<choice>`, `<interleave>`, `<group>`, `<optional>`, `<zeroOrMore>`,
 * `<oneOrMore>`, `<mixed>`, `<list>`, `<element>`, `<attribute>`, `<anyName>`/`<nsName>` (a wildcard: `*` /
 * `@*`, not descended), `<data>`, `<value>`, `<text>`, `<empty>`, `<notAllowed>` (an element whose content is
 * only `<notAllowed/>`, such as privatedata.rng's `<privateData>` placeholders, cannot occur: not listed).
 *
 * Recursion is cut where a define re-enters itself: a `<ref>` to a define already on the walk's stack is not
 * expanded (the path that re-entered is recorded in `cuts`). A nested `<grammar>` (the snapshot's embedded
 * `<domain>`) is an embedded document: its root element is listed and marked `embedded`, not descended; its
 * own kind's row measures it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ScanElement, type ScanNode, scanDocument } from '../../src/xml/engine/scan.js';

export const SCHEMA_DIR = '/usr/share/libvirt/schemas';

/** XML namespaces of libvirt's extension elements → the prefix the model writes them with. */
export const NS_PREFIX: Record<string, string> = {
  'http://libvirt.org/schemas/domain/qemu/1.0': 'qemu',
  'http://libvirt.org/schemas/domain/lxc/1.0': 'lxc',
  'http://libvirt.org/schemas/domain/bhyve/1.0': 'bhyve',
  'http://libvirt.org/schemas/domain/xen/1.0': 'xen',
  'http://libvirt.org/schemas/domain/vmware/1.0': 'vmware',
  'http://libvirt.org/schemas/network/dnsmasq/1.0': 'dnsmasq',
  'http://libvirt.org/schemas/storagepool/fs/1.0': 'fs',
  'http://libvirt.org/schemas/storagepool/rbd/1.0': 'rbd',
};

/** The value type the grammar gives an attribute or an element's text. */
export interface ValueType {
  /** `<value>`s allowed (enum members). */
  values: Set<string>;
  /** `<data type>` names (`unsignedInt`, `string`, ...). */
  data: Set<string>;
  /** `<text/>` allowed. */
  text: boolean;
}

export type PathKind = 'element' | 'attribute' | 'text' | 'wildcard';

export interface GrammarPath {
  path: string;
  kind: PathKind;
  /** For attributes and text: what the grammar allows as the value. */
  value?: ValueType;
  /** The root element of an embedded grammar (not descended). */
  embedded?: boolean;
}

export interface WalkResult {
  paths: Map<string, GrammarPath>;
  /** Paths where a recursive define was cut, with the define's name. */
  cuts: Map<string, string>;
}

interface Grammar {
  readonly defines: Map<string, { combine?: string; patterns: ScanElement[][] }>;
  readonly start: ScanElement[][];
  readonly parent: Grammar | undefined;
  readonly loaded: Set<string>;
  readonly id: number;
}

const elementsOf = (node: ScanElement): ScanElement[] =>
  node.kids.filter((k: ScanNode): k is ScanElement => typeof k === 'object' && 'kids' in k);

function attrOf(node: ScanElement, name: string): string | undefined {
  for (let i = 0; i < node.attrs.length; i += 2) if (node.attrs[i] === name) return node.attrs[i + 1];
  return undefined;
}

const localName = (n: string): string => n.slice(n.indexOf(':') + 1);

const fileCache = new Map<string, ScanElement>();
function readGrammarFile(file: string): ScanElement {
  let top = fileCache.get(file);
  if (!top) {
    top = scanDocument(readFileSync(file, 'utf8'));
    fileCache.set(file, top);
  }
  return top;
}

let grammarIds = 0;

/** Loads a `<grammar>` element's content (includes resolved against `dir`) into a grammar scope. */
function loadGrammar(node: ScanElement, dir: string, parent: Grammar | undefined): Grammar {
  const g: Grammar = { defines: new Map(), start: [], parent, loaded: new Set(), id: grammarIds++ };
  addContent(g, node, dir);
  return g;
}

function addContent(g: Grammar, node: ScanElement, dir: string): void {
  for (const kid of elementsOf(node)) {
    const name = localName(kid.name);
    if (name === 'include') {
      const file = join(dir, attrOf(kid, 'href') ?? '');
      if (g.loaded.has(file)) continue;
      g.loaded.add(file);
      addContent(g, readGrammarFile(file), dirname(file));
      // Definitions inside <include> override the included ones: libvirt's schemas have none.
      if (elementsOf(kid).length > 0) throw new Error(`rng-walk: <include> with overrides in ${dir}`);
    } else if (name === 'start') {
      g.start.push(elementsOf(kid));
    } else if (name === 'define') {
      const defName = attrOf(kid, 'name') ?? '';
      const combine = attrOf(kid, 'combine');
      const d = g.defines.get(defName);
      if (d) d.patterns.push(elementsOf(kid));
      else g.defines.set(defName, { combine, patterns: [elementsOf(kid)] });
    } else if (name === 'div') {
      addContent(g, kid, dir);
    }
  }
}

interface Ctx {
  readonly g: Grammar;
  readonly dir: string;
  /** The current element's path. */
  readonly path: string;
  /** Where `<data>`/`<value>`/`<text>` land: the current attribute, or the current element's `text()`. */
  readonly owner: string;
  readonly ns: string;
  readonly stack: ReadonlySet<string>;
  readonly embedded: boolean;
}

/** Walks a kind's grammar from its `<start>` (the rng file `file` in `dir`, default libvirt's schemas). */
export function walkSchema(file: string, dir = SCHEMA_DIR): WalkResult {
  const full = join(dir, file);
  const g = loadGrammar(readGrammarFile(full), dirname(full), undefined);
  const result: WalkResult = { paths: new Map(), cuts: new Map() };
  const seen = new Set<string>();
  const ctx: Ctx = { g, dir, path: '', owner: '', ns: '', stack: new Set(), embedded: false };
  for (const patterns of g.start) walkAll(patterns, ctx, result, seen);
  return result;
}

function walkAll(patterns: ScanElement[], ctx: Ctx, out: WalkResult, seen: Set<string>): void {
  for (const p of patterns) walk(p, ctx, out, seen);
}

function add(out: WalkResult, path: string, kind: PathKind): GrammarPath {
  let e = out.paths.get(path);
  if (!e) {
    e = { path, kind };
    if (kind === 'attribute' || kind === 'text')
      e.value = { values: new Set(), data: new Set(), text: false };
    out.paths.set(path, e);
  }
  return e;
}

function ownerValue(out: WalkResult, ctx: Ctx): ValueType | undefined {
  if (ctx.owner === '') return undefined;
  return add(out, ctx.owner, ctx.owner.endsWith('/text()') ? 'text' : 'attribute').value;
}

function walk(p: ScanElement, ctx: Ctx, out: WalkResult, seen: Set<string>): void {
  const name = localName(p.name);
  switch (name) {
    case 'element': {
      const ns = attrOf(p, 'ns') ?? ctx.ns;
      const kids = elementsOf(p);
      let elName = attrOf(p, 'name');
      let content = kids;
      if (elName === undefined) {
        // A name class as the first child: <anyName>/<nsName> (a wildcard) or <name>.
        const nc = kids[0];
        content = kids.slice(1);
        if (nc && localName(nc.name) === 'name') elName = textOf(nc);
        else {
          add(out, `${ctx.path}/*`, 'wildcard');
          return;
        }
      }
      // An element whose whole content is <notAllowed/> cannot occur (privatedata.rng's placeholders).
      if (content.length === 1 && localName((content[0] as ScanElement).name) === 'notAllowed') return;
      const prefix = NS_PREFIX[ns];
      const step = prefix ? `${prefix}:${elName}` : elName;
      const path = `${ctx.path}/${step}`;
      const e = add(out, path, 'element');
      if (ctx.embedded) {
        e.embedded = true;
        return;
      }
      const key = `${path}\u0000${[...ctx.stack].join(',')}`;
      if (seen.has(key)) return;
      seen.add(key);
      walkAll(content, { ...ctx, path, owner: `${path}/text()`, ns }, out, seen);
      return;
    }
    case 'attribute': {
      const kids = elementsOf(p);
      let attrName = attrOf(p, 'name');
      let content = kids;
      if (attrName === undefined) {
        const nc = kids[0];
        content = kids.slice(1);
        if (nc && localName(nc.name) === 'name') attrName = textOf(nc);
        else {
          add(out, `${ctx.path}/@*`, 'wildcard');
          return;
        }
      }
      const path = `${ctx.path}/@${attrName}`;
      const a = add(out, path, 'attribute');
      // An attribute with no content pattern is text.
      if (content.length === 0 && a.value) a.value.text = true;
      walkAll(content, { ...ctx, owner: path }, out, seen);
      return;
    }
    case 'ref':
    case 'parentRef': {
      const refName = attrOf(p, 'name') ?? '';
      const g = name === 'ref' ? ctx.g : ctx.g.parent;
      if (!g) throw new Error(`rng-walk: <parentRef name="${refName}"> outside a nested grammar`);
      const d = g.defines.get(refName);
      if (!d) throw new Error(`rng-walk: no <define name="${refName}">`);
      const key = `${g.id}:${refName}`;
      if (ctx.stack.has(key)) {
        out.cuts.set(ctx.path, refName);
        return;
      }
      const stack = new Set(ctx.stack);
      stack.add(key);
      // `ns` is inherited lexically: a define's content starts from the default namespace again (libvirt's
      // <grammar>/<define> elements carry no `ns`).
      for (const patterns of d.patterns) walkAll(patterns, { ...ctx, g, stack, ns: '' }, out, seen);
      return;
    }
    case 'grammar': {
      const g = loadGrammar(p, ctx.dir, ctx.g);
      for (const patterns of g.start) walkAll(patterns, { ...ctx, g, embedded: true }, out, seen);
      return;
    }
    case 'choice':
    case 'interleave':
    case 'group':
    case 'optional':
    case 'zeroOrMore':
    case 'oneOrMore':
    case 'list':
      walkAll(elementsOf(p), ctx, out, seen);
      return;
    case 'mixed': {
      const v = ownerValue(out, ctx);
      if (v) v.text = true;
      walkAll(elementsOf(p), ctx, out, seen);
      return;
    }
    case 'text': {
      const v = ownerValue(out, ctx);
      if (v) v.text = true;
      return;
    }
    case 'data': {
      const v = ownerValue(out, ctx);
      if (v) v.data.add(attrOf(p, 'type') ?? 'string');
      return;
    }
    case 'value': {
      const v = ownerValue(out, ctx);
      if (v) v.values.add(textOf(p));
      return;
    }
    case 'empty':
    case 'notAllowed':
      return;
    default:
      throw new Error(`rng-walk: unexpected <${p.name}> at ${ctx.path}`);
  }
}

function textOf(node: ScanElement): string {
  return node.kids
    .filter((k): k is string => typeof k === 'string')
    .join('')
    .trim();
}

const INTEGER_TYPES = new Set([
  'int',
  'integer',
  'long',
  'short',
  'byte',
  'unsignedInt',
  'unsignedLong',
  'unsignedShort',
  'unsignedByte',
  'positiveInteger',
  'nonNegativeInteger',
  'negativeInteger',
  'nonPositiveInteger',
]);

export type ValueClass = 'boolean' | 'enum' | 'integer' | 'number' | 'string' | 'none';

/**
 * What a grammar value type asks of the model: `boolean` for exactly yes/no or on/off, `enum` for `<value>`s
 * only, `integer` for integer `<data>` types (with or without a few `<value>`s), `number` for decimals,
 * else `string`.
 */
export function classify(v: ValueType | undefined): ValueClass {
  if (!v) return 'none';
  const values = [...v.values].sort().join('|');
  if (!v.text && v.data.size === 0) {
    if (values === 'no|yes' || values === 'off|on') return 'boolean';
    return v.values.size > 0 ? 'enum' : 'none';
  }
  if (v.text) return 'string';
  const data = [...v.data];
  if (data.every((d) => INTEGER_TYPES.has(d))) return 'integer';
  if (data.every((d) => INTEGER_TYPES.has(d) || d === 'decimal' || d === 'double' || d === 'float'))
    return 'number';
  return 'string';
}
