import type { Compiled, CompiledChild } from './compile.js';
import { XmlError } from './errors.js';
import type { XmlExtra, XmlNode } from './nodes.js';

/** Called for each child item to write: the field, the item, and its 1-based index in a list (0 if single). */
export type KnownVisitor = (ch: CompiledChild, item: unknown, index: number) => void;
export type RawVisitor = (node: XmlNode) => void;

/**
 * Visit an element's children in writing order: the order they were read in (`$extra.order`) when recorded,
 * else the description's order, then unknown nodes. Items added since reading follow their same-named
 * siblings; fields the record never saw are placed by the description's order. Shared by the writer and
 * listUnknown so both see the same document.
 */
export function visitChildren(
  obj: Record<string, unknown>,
  c: Compiled,
  extra: XmlExtra | undefined,
  known: KnownVisitor,
  rawNode: RawVisitor,
): void {
  const order = extra?.order;
  const nodes = extra?.nodes;
  if (nodes !== undefined && !Array.isArray(nodes))
    throw new XmlError('INVALID_VALUE', '$extra.nodes must be an array');
  if (!order) {
    for (const ch of c.childList) visitField(ch, obj[ch.prop], 0, known);
    if (nodes) for (const n of nodes) rawNode(n);
    return;
  }
  if (!Array.isArray(order)) throw new XmlError('INVALID_VALUE', '$extra.order must be an array');
  const lastAt = new Map<string, number>();
  for (let i = 0; i < order.length; i++) if (order[i] !== '#') lastAt.set(order[i] as string, i);
  // Fields the record never saw go right after the last recorded field that precedes them in the description
  // (or first, when none does), so an added <currentMemory> lands after <memory> as libvirt writes it.
  const atStart: CompiledChild[] = [];
  const after = new Map<number, CompiledChild[]>();
  for (let k = 0; k < c.childList.length; k++) {
    const ch = c.childList[k] as CompiledChild;
    if (lastAt.has(ch.xml) || obj[ch.prop] === undefined) continue;
    let anchor = -1;
    for (let j = k - 1; j >= 0 && anchor === -1; j--)
      anchor = lastAt.get((c.childList[j] as CompiledChild).xml) ?? -1;
    if (anchor === -1) atStart.push(ch);
    else {
      const group = after.get(anchor);
      if (group) group.push(ch);
      else after.set(anchor, [ch]);
    }
  }
  for (const ch of atStart) visitField(ch, obj[ch.prop], 0, known);
  const used = new Map<string, number>();
  let ni = 0;
  for (let i = 0; i < order.length; i++) {
    const entry = order[i] as string;
    if (entry === '#') {
      if (nodes && ni < nodes.length) rawNode(nodes[ni++] as XmlNode);
      continue;
    }
    const ch = c.children.get(entry);
    if (!ch) continue;
    const from = used.get(ch.prop) ?? 0;
    // The last recorded occurrence of a name also writes any items added after reading.
    const count = visitField(ch, obj[ch.prop], from, known, lastAt.get(entry) === i ? Infinity : 1);
    used.set(ch.prop, from + count);
    const group = after.get(i);
    if (group) for (const g of group) visitField(g, obj[g.prop], 0, known);
  }
  while (nodes && ni < nodes.length) rawNode(nodes[ni++] as XmlNode);
}

/** Visit up to `max` items of one field starting at item `from`; returns how many were visited. */
function visitField(
  ch: CompiledChild,
  value: unknown,
  from: number,
  known: KnownVisitor,
  max = Infinity,
): number {
  if (value === undefined || value === null) return 0;
  if (ch.field === 'list' || ch.field === 'leaves') {
    if (!Array.isArray(value)) {
      throw new XmlError('INVALID_VALUE', `expected an array, got ${typeof value}`, { path: `/${ch.xml}` });
    }
    const end = Math.min(value.length, from + max);
    for (let i = from; i < end; i++) known(ch, value[i], i + 1);
    return Math.max(0, end - from);
  }
  if (from > 0 || max < 1) return 0;
  if (ch.field === 'flag') {
    if (typeof value !== 'boolean') {
      throw new XmlError('INVALID_VALUE', `expected a boolean, got ${typeof value}`, { path: `/${ch.xml}` });
    }
    if (!value) return 0;
  }
  known(ch, value, 0);
  return 1;
}
