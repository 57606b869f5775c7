import type { Compiled, CompiledChild } from './compile.js';
import { Kept, setOwn } from './kept.js';
import type { Kind } from './kinds.js';
import type { XmlNode } from './nodes.js';
import type { ScanElement, ScanNode } from './scan.js';

type Obj = Record<string, unknown>;

/** Read one element into its typed object. Anything the description cannot hold goes to `$extra`. */
export function readElement(el: ScanElement, c: Compiled): Obj {
  const obj: Obj = {};
  const kept = new Kept();
  const attrs = el.attrs;
  for (let k = 0; k < attrs.length; k += 2) {
    const name = attrs[k] as string;
    const rawValue = attrs[k + 1] as string;
    const a = c.attrs.get(name);
    const v = a?.kind.parse(rawValue);
    if (a && v !== undefined) {
      obj[a.prop] = v;
      if (a.kind.format(v) !== rawValue) kept.spell(a.prop, rawValue);
    } else kept.attr(name, rawValue);
  }
  if (c.text && hasCommentsAndText(el.kids)) {
    // Text split by comments, no elements: the value is the text; its content as written is kept beside it.
    const v = readText(c.text.kind, c.text.prop, el.kids, kept);
    if (v !== undefined) obj[c.text.prop] = v;
    else for (const node of toNodes(el.kids)) kept.node(node);
    const extra = kept.finish();
    if (extra) obj.$extra = extra;
    return obj;
  }
  let text: string | undefined;
  let last = -1;
  let sawElement = false;
  for (const node of el.kids) {
    if (typeof node === 'string') {
      if (c.text) text = text === undefined ? node : text + node;
      else if (node.trim() !== '') kept.node({ text: node });
      continue;
    }
    if (!('name' in node)) {
      kept.node({ comment: node.comment });
      continue;
    }
    sawElement = true;
    const ch = c.children.get(node.name);
    if (ch && readChild(obj, ch, node, kept)) {
      kept.order.push(node.name);
      if (ch.index < last) kept.inOrder = false;
      last = ch.index;
    } else kept.node(toNode(node));
  }
  if (c.text && text !== undefined && !(sawElement && text.trim() === '')) {
    const v = c.text.kind.parse(text);
    if (v !== undefined) {
      obj[c.text.prop] = v;
      if (c.text.kind.format(v) !== text) kept.spell(c.text.prop, text);
    } else kept.firstNode({ text }); // text the kind cannot read stays raw, first among the children
  }
  const extra = kept.finish();
  if (extra) obj.$extra = extra;
  return obj;
}

/** Read one child into its field; false when the field cannot hold it (the caller keeps it raw). */
function readChild(obj: Obj, ch: CompiledChild, el: ScanElement, kept: Kept): boolean {
  switch (ch.field) {
    case 'child': {
      if (obj[ch.prop] !== undefined) return false;
      obj[ch.prop] = readElement(el, ch.el!());
      return true;
    }
    case 'list': {
      const item = readElement(el, ch.el!());
      const arr = obj[ch.prop] as Obj[] | undefined;
      if (arr) arr.push(item);
      else obj[ch.prop] = [item];
      return true;
    }
    case 'leaf':
    case 'leaves': {
      if (el.attrs.length > 0) return false;
      if (ch.field === 'leaf' && obj[ch.prop] !== undefined) return false;
      const arr = obj[ch.prop] as unknown[] | undefined;
      const key = ch.field === 'leaf' ? ch.prop : `${ch.prop}#${arr?.length ?? 0}`;
      const v = readText(ch.kind!, key, el.kids, kept);
      if (v === undefined) return false;
      if (ch.field === 'leaf') obj[ch.prop] = v;
      else if (arr) arr.push(v);
      else obj[ch.prop] = [v];
      return true;
    }
    case 'flag': {
      if (el.attrs.length > 0 || obj[ch.prop] !== undefined) return false;
      const t = textOf(el.kids);
      if (t?.trim() !== '') return false;
      obj[ch.prop] = true;
      if (el.kids.length > 1 || (el.kids.length === 1 && typeof el.kids[0] !== 'string'))
        kept.content(ch.prop, toNodes(el.kids)); // comments in a flag
      return true;
    }
    case 'raw': {
      if (el.attrs.length > 0 || obj[ch.prop] !== undefined) return false;
      obj[ch.prop] = toNodes(el.kids);
      return true;
    }
    default:
      return false;
  }
}

/**
 * Read the text value of content holding text and comments (no elements) into `kind`: the value, with its
 * spelling and, when comments split it, its content as written kept under `key`. Undefined when the content
 * holds elements or the kind cannot read the text (the caller keeps it raw). The caller stores the value.
 */
function readText(kind: Kind<unknown>, key: string, kids: ScanNode[], kept: Kept): unknown {
  const t = textOf(kids);
  if (t === undefined) return undefined;
  const v = kind.parse(t);
  if (v === undefined) return undefined;
  if (kind.format(v) !== t) kept.spell(key, t);
  if (kids.length > 1 || (kids.length === 1 && typeof kids[0] !== 'string')) kept.content(key, toNodes(kids));
  return v;
}

/** The text of content that holds only text and comments, comments left out (undefined when it holds elements). */
function textOf(kids: ScanNode[]): string | undefined {
  if (kids.length === 0) return '';
  if (kids.length === 1 && typeof kids[0] === 'string') return kids[0];
  let t = '';
  for (const k of kids) {
    if (typeof k === 'string') t += k;
    else if ('name' in k) return undefined;
  }
  return t;
}

/** Text and at least one comment, no elements: the content a text field reads with its comments kept beside. */
function hasCommentsAndText(kids: ScanNode[]): boolean {
  let comment = false;
  let text = false;
  for (const k of kids) {
    if (typeof k === 'string') text = true;
    else if ('name' in k) return false;
    else comment = true;
  }
  return comment && text;
}

/** Raw nodes of a content list; whitespace-only text between elements is formatting and is dropped. */
export function toNodes(kids: ScanNode[]): XmlNode[] {
  const hasElement = kids.some((k) => typeof k !== 'string' && 'name' in k);
  const out: XmlNode[] = [];
  for (const node of kids) {
    if (typeof node === 'string') {
      if (!hasElement || node.trim() !== '') out.push({ text: node });
    } else if ('name' in node) out.push(toNode(node));
    else out.push({ comment: node.comment });
  }
  return out;
}

function toNode(el: ScanElement): XmlNode {
  const node: XmlNode = { name: el.name };
  if (el.attrs.length > 0) {
    const a: Record<string, string> = {};
    for (let k = 0; k < el.attrs.length; k += 2) setOwn(a, el.attrs[k] as string, el.attrs[k + 1] as string);
    node.attrs = a;
  }
  if (el.kids.length > 0) node.children = toNodes(el.kids);
  return node;
}
