import type { Compiled } from './compile.js';
import { tooDeep, XML_MAX_DEPTH, XmlError } from './errors.js';
import type { XmlExtra, XmlNode } from './nodes.js';
import { visitChildren } from './order.js';

/**
 * Paths of everything kept in `$extra` rather than in typed fields, in document order, descendants included.
 * Steps of repeatable (list) fields and of unknown elements carry a 1-based index among same-named siblings:
 * `/domain/devices/disk[1]/driver/@foo`, `/domain/newthing[1]/child[2]`. Text a known element cannot
 * hold is `.../text()`.
 * xmlns declarations and comments are not reported.
 */
export function collectUnknown(
  obj: Record<string, unknown>,
  c: Compiled,
  path: string,
  out: string[],
  level = 1,
): void {
  if (level > XML_MAX_DEPTH) throw tooDeep(`${path}: `, '; does it contain a cycle?', { path });
  if (obj === null || typeof obj !== 'object') {
    throw new XmlError(
      'INVALID_VALUE',
      `${path}: expected an object, got ${obj === null ? 'null' : typeof obj}`,
    );
  }
  const extra = obj.$extra as XmlExtra | undefined;
  if (extra?.attrs) for (const k in extra.attrs) if (!isNamespaceDecl(k)) out.push(`${path}/@${k}`);
  const seen = new Map<string, number>();
  const next = (name: string) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n;
  };
  let textListed = false;
  visitChildren(
    obj,
    c,
    extra,
    (ch, item) => {
      const n = next(ch.xml);
      if (ch.field === 'child' || ch.field === 'list') {
        const step = ch.field === 'list' ? `${ch.xml}[${n}]` : ch.xml;
        collectUnknown(item as Record<string, unknown>, ch.el!(), `${path}/${step}`, out, level + 1);
      }
    },
    (node) => {
      // Stray text is one `text()` path per element, however many pieces comments split it into.
      if (node !== null && typeof node === 'object' && 'text' in node) {
        if (textListed) return;
        textListed = true;
      }
      collectNode(node, path, next, out, false, level + 1);
    },
  );
}

function collectNode(
  node: XmlNode,
  path: string,
  next: (name: string) => number,
  out: string[],
  insideUnknown: boolean,
  level: number,
): void {
  if (node === null || typeof node !== 'object') {
    throw new XmlError(
      'INVALID_VALUE',
      `${path}: expected an XML node object, got ${node === null ? 'null' : typeof node}`,
    );
  }
  if ('comment' in node) return;
  if ('text' in node) {
    // Text of an unknown element is part of that element; only stray text in a known element is reported.
    if (!insideUnknown) out.push(`${path}/text()`);
    return;
  }
  const here = `${path}/${node.name}[${next(node.name)}]`;
  if (level > XML_MAX_DEPTH) throw tooDeep(`${here}: `, '; does it contain a cycle?', { path: here });
  out.push(here);
  if (node.attrs) for (const k in node.attrs) if (!isNamespaceDecl(k)) out.push(`${here}/@${k}`);
  if (node.children) {
    if (!Array.isArray(node.children))
      throw new XmlError('INVALID_VALUE', `${here}: children must be an array`);
    const seen = new Map<string, number>();
    const inner = (name: string) => {
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      return n;
    };
    for (const k of node.children) collectNode(k, here, inner, out, true, level + 1);
  }
}

function isNamespaceDecl(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}
