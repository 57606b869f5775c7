import type { Compiled, CompiledChild } from './compile.js';
import { positionOf, XmlError } from './errors.js';
import { decode, type FxpNode, tagOf } from './fxp.js';
import { Kept } from './kept.js';
import type { XmlNode } from './nodes.js';

type Obj = Record<string, unknown>;
type Attrs = Record<string, string> | undefined;

/** Read one element into its typed object. Anything the description cannot hold goes to `$extra`. */
export function readElement(attrs: Attrs, kids: FxpNode[], c: Compiled, src: string): Obj {
  const obj: Obj = {};
  const kept = new Kept();
  if (attrs) {
    for (const name in attrs) {
      const rawValue = decodeAttr(attrs[name] as string, name, src);
      const a = c.attrs.get(name);
      const v = a?.kind.parse(rawValue);
      if (a && v !== undefined) {
        obj[a.prop] = v;
        if (a.kind.format(v) !== rawValue) kept.spell(a.prop, rawValue);
      } else kept.attr(name, rawValue);
    }
  }
  let text: string | undefined;
  let last = -1;
  let sawElement = false;
  for (const node of kids) {
    const tag = tagOf(node);
    if (tag === '#text') {
      const t = decode(node['#text'] as string, src);
      if (c.text) text = text === undefined ? t : text + t;
      else if (t.trim() !== '') kept.node({ text: t });
      continue;
    }
    if (tag === '#comment') {
      kept.node(commentOf(node));
      continue;
    }
    sawElement = true;
    const ch = c.children.get(tag);
    const nodeAttrs = node[':@'] as Attrs;
    const nodeKids = node[tag] as FxpNode[];
    if (ch && readChild(obj, ch, nodeAttrs, nodeKids, src, kept)) {
      kept.order.push(tag);
      if (ch.index < last) kept.inOrder = false;
      last = ch.index;
    } else kept.node(toNode(tag, nodeAttrs, nodeKids, src));
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
function readChild(
  obj: Obj,
  ch: CompiledChild,
  attrs: Attrs,
  kids: FxpNode[],
  src: string,
  kept: Kept,
): boolean {
  switch (ch.field) {
    case 'child': {
      if (obj[ch.prop] !== undefined) return false;
      obj[ch.prop] = readElement(attrs, kids, ch.el!(), src);
      return true;
    }
    case 'list': {
      const item = readElement(attrs, kids, ch.el!(), src);
      const arr = obj[ch.prop] as Obj[] | undefined;
      if (arr) arr.push(item);
      else obj[ch.prop] = [item];
      return true;
    }
    case 'leaf':
    case 'leaves': {
      if (attrs) return false;
      if (ch.field === 'leaf' && obj[ch.prop] !== undefined) return false;
      const t = leafText(kids, src);
      if (t === undefined) return false;
      const v = ch.kind!.parse(t);
      if (v === undefined) return false;
      let key = ch.prop;
      if (ch.field === 'leaf') obj[ch.prop] = v;
      else {
        const arr = obj[ch.prop] as unknown[] | undefined;
        key = `${ch.prop}#${arr?.length ?? 0}`;
        if (arr) arr.push(v);
        else obj[ch.prop] = [v];
      }
      if (ch.kind!.format(v) !== t) kept.spell(key, t);
      return true;
    }
    case 'flag': {
      if (attrs || obj[ch.prop] !== undefined) return false;
      if (leafText(kids, src)?.trim() !== '') return false;
      obj[ch.prop] = true;
      return true;
    }
    case 'raw': {
      if (attrs || obj[ch.prop] !== undefined) return false;
      obj[ch.prop] = toNodes(kids, src);
      return true;
    }
    default:
      return false;
  }
}

/** The text of an element that holds only text (undefined when it holds elements or comments). */
function leafText(kids: FxpNode[], src: string): string | undefined {
  let t = '';
  for (const node of kids) {
    if (tagOf(node) !== '#text') return undefined;
    t += decode(node['#text'] as string, src);
  }
  return t;
}

function commentOf(node: FxpNode): XmlNode {
  const parts = node['#comment'] as FxpNode[];
  return { comment: parts.map((p) => p['#text'] as string).join('') };
}

/** Raw nodes of a content list; whitespace-only text between elements is formatting and is dropped. */
export function toNodes(kids: FxpNode[], src: string): XmlNode[] {
  const out: XmlNode[] = [];
  let hasElement = false;
  for (const node of kids) {
    const tag = tagOf(node);
    if (tag !== '#text' && tag !== '#comment') hasElement = true;
  }
  for (const node of kids) {
    const tag = tagOf(node);
    if (tag === '#text') {
      const t = decode(node['#text'] as string, src);
      if (!hasElement || t.trim() !== '') out.push({ text: t });
    } else if (tag === '#comment') out.push(commentOf(node));
    else out.push(toNode(tag, node[':@'] as Attrs, node[tag] as FxpNode[], src));
  }
  return out;
}

function toNode(name: string, attrs: Attrs, kids: FxpNode[], src: string): XmlNode {
  const node: XmlNode = { name };
  if (attrs) {
    const a: Record<string, string> = {};
    for (const k in attrs) a[k] = decodeAttr(attrs[k] as string, k, src);
    node.attrs = a;
  }
  if (kids.length > 0) node.children = toNodes(kids, src);
  return node;
}

function decodeAttr(rawValue: string, name: string, src: string): string {
  if (rawValue.indexOf('<') !== -1) {
    throw new XmlError(
      'MALFORMED',
      `attribute '${name}' contains '<', which XML does not allow in attribute values`,
      positionOf(src, Math.max(0, src.indexOf(`${name}=`))),
    );
  }
  return decode(rawValue, src);
}
