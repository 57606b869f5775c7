import type { Compiled, CompiledChild } from './compile.js';
import { tooDeep, XML_MAX_DEPTH, XmlError } from './errors.js';
import { checkName, escapeAttr, escapeComment, escapeText } from './escape.js';
import type { Kind } from './kinds.js';
import type { XmlCommentNode, XmlExtra, XmlNode, XmlTextNode } from './nodes.js';
import { visitChildren } from './order.js';

type Obj = Record<string, unknown>;

/** Past XML_MAX_DEPTH (also reached by a cycle in the object handed to build()). */
const tooDeepToBuild = () => tooDeep('', '; does the definition contain a cycle?');

/** Indentation for pretty output; `undefined` writes content inline (mixed content must not gain whitespace). */
type Indent = string | undefined;

/** Write one element and its content. `indent` undefined = inline; `level` 1 is the root element. */
export function writeElement(name: string, obj: unknown, c: Compiled, indent: Indent, level = 1): string {
  if (level > XML_MAX_DEPTH) throw tooDeepToBuild();
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new XmlError('INVALID_VALUE', `expected an object for <${name}>, got ${describe(obj)}`);
  }
  const o = obj as Obj;
  const extra = o.$extra as XmlExtra | undefined;
  for (const k in o) {
    if (!c.props.has(k) && o[k] !== undefined) {
      throw new XmlError('UNKNOWN_PROPERTY', `unknown property '${k}' on <${name}>`);
    }
  }
  let s = `${indent ?? ''}<${name}`;
  for (const a of c.attrList) {
    const v = o[a.prop];
    if (v !== undefined) s += ` ${a.xml}="${escapeAttr(valueText(a.kind, v, extra, a.prop, `@${a.xml}`))}"`;
  }
  const extraAttrs = extra?.attrs;
  if (extraAttrs) {
    for (const k in extraAttrs) {
      const known = c.attrs.get(k);
      if (known && o[known.prop] !== undefined) continue; // the typed value wins over a kept one
      s += ` ${checkName(k)}="${escapeAttr(String(extraAttrs[k]))}"`;
    }
  }
  let textPart = '';
  if (c.text) {
    const v = o[c.text.prop];
    if (v !== undefined)
      textPart = withContent(valueText(c.text.kind, v, extra, c.text.prop, 'text()'), extra, c.text.prop);
  }
  // Unknown text among the children means mixed content: write it all inline.
  let inline = indent === undefined || textPart !== '' || hasTextNode(extra);
  let inner: Indent = inline ? undefined : `${indent}  `;
  let body = '';
  let elements = false;
  // Inline arrows, not named ones: this runs per element and named closures cost more under some transpilers.
  for (;;) {
    visitChildren(
      o,
      c,
      extra,
      (ch, item, index) => {
        elements = true;
        try {
          body += writeKnown(ch, item, index, extra, inner, level + 1);
        } catch (e) {
          throw prefixPath(e, index > 0 ? `${ch.xml}[${index}]` : ch.xml);
        }
      },
      (node) => {
        if (node !== null && typeof node === 'object' && 'name' in node) elements = true;
        body += writeNode(node, inner, level + 1);
      },
    );
    if (inline || elements || body === '') break;
    // Only comments: indenting them would add text to an element that had none; write them inline.
    inline = true;
    inner = undefined;
    body = '';
  }
  const nl = indent === undefined ? '' : '\n';
  if (body === '' && textPart === '') return `${s}/>${nl}`;
  if (body === '' || inline) return `${s}>${textPart}${body}</${name}>${nl}`;
  return `${s}>\n${body}${indent}</${name}>${nl}`;
}

function writeKnown(
  ch: CompiledChild,
  item: unknown,
  index: number,
  extra: XmlExtra | undefined,
  indent: Indent,
  level: number,
) {
  if (level > XML_MAX_DEPTH) throw tooDeepToBuild();
  const nl = indent === undefined ? '' : '\n';
  switch (ch.field) {
    case 'child':
    case 'list':
      return writeElement(ch.xml, item, ch.el!(), indent, level);
    case 'leaf':
    case 'leaves': {
      const key = ch.field === 'leaf' ? ch.prop : `${ch.prop}#${index - 1}`;
      const t = withContent(valueText(ch.kind!, item, extra, key, 'text()'), extra, key);
      return t === ''
        ? `${indent ?? ''}<${ch.xml}/>${nl}`
        : `${indent ?? ''}<${ch.xml}>${t}</${ch.xml}>${nl}`;
    }
    case 'flag': {
      const t = extra?.content?.[ch.prop] === undefined ? '' : withContent('', extra, ch.prop, true);
      return t === ''
        ? `${indent ?? ''}<${ch.xml}/>${nl}`
        : `${indent ?? ''}<${ch.xml}>${t}</${ch.xml}>${nl}`;
    }
    case 'raw': {
      if (!Array.isArray(item))
        throw new XmlError('INVALID_VALUE', `expected an array of XML nodes, got ${describe(item)}`);
      return writeNode({ name: ch.xml, children: item as XmlNode[] }, indent, level);
    }
    default:
      return '';
  }
}

/** Write a raw node at `level` (1 = the root). Elements whose children include text are written inline. */
export function writeNode(node: XmlNode, indent: Indent, level: number): string {
  const nl = indent === undefined ? '' : '\n';
  if (node === null || typeof node !== 'object') {
    throw new XmlError('INVALID_VALUE', `expected an XML node object, got ${describe(node)}`);
  }
  if ('text' in node)
    return indent === undefined
      ? escapeText(String(node.text))
      : `${indent}${escapeText(String(node.text))}\n`;
  if ('comment' in node) return `${indent ?? ''}<!--${escapeComment(String(node.comment))}-->${nl}`;
  if (level > XML_MAX_DEPTH) throw tooDeepToBuild();
  const name = checkName(node.name);
  let s = `${indent ?? ''}<${name}`;
  if (node.attrs) for (const k in node.attrs) s += ` ${checkName(k)}="${escapeAttr(String(node.attrs[k]))}"`;
  const kids = node.children;
  if (!kids || kids.length === 0) return `${s}/>${nl}`;
  if (!Array.isArray(kids)) throw new XmlError('INVALID_VALUE', `children of <${name}> must be an array`);
  // Text among the children, or no element to indent (only comments): inline, adding no whitespace.
  const inline =
    indent === undefined ||
    kids.some((k) => k !== null && typeof k === 'object' && 'text' in k) ||
    !kids.some((k) => k !== null && typeof k === 'object' && 'name' in k);
  let body = '';
  try {
    for (const k of kids) body += writeNode(k, inline ? undefined : `${indent}  `, level + 1);
  } catch (e) {
    throw prefixPath(e, name);
  }
  return inline ? `${s}>${body}</${name}>${nl}` : `${s}>\n${body}${indent}</${name}>${nl}`;
}

/** A value's text: its original spelling when kept and still meaning the same value, else the kind's format. */
function valueText(
  kind: Kind<unknown>,
  v: unknown,
  extra: XmlExtra | undefined,
  key: string,
  step: string,
): string {
  const spelled = extra?.spell?.[key];
  if (spelled !== undefined && kind.parse(spelled) === v) return spelled;
  try {
    return kind.format(v);
  } catch (e) {
    throw new XmlError('INVALID_VALUE', (e as Error).message, { path: `/${step}` });
  }
}

/**
 * A value's text as element content: escaped, with the comments `$extra.content[key]` kept where they were while
 * its text is still `text` (or always, for a flag, whose content is only whitespace); else comments, then text.
 */
function withContent(text: string, extra: XmlExtra | undefined, key: string, flagContent = false): string {
  const nodes = extra?.content?.[key];
  if (nodes === undefined) return escapeText(text);
  if (!Array.isArray(nodes)) throw new XmlError('INVALID_VALUE', `$extra.content.${key} must be an array`);
  let joined = '';
  for (const n of nodes) {
    if (n !== null && typeof n === 'object' && 'text' in n) joined += String(n.text);
    else if (n === null || typeof n !== 'object' || !('comment' in n))
      throw new XmlError('INVALID_VALUE', `$extra.content.${key} holds only text and comment nodes`);
  }
  const same = flagContent ? joined.trim() === '' : joined === text;
  let out = '';
  for (const n of nodes as (XmlTextNode | XmlCommentNode)[]) {
    if ('comment' in n) out += `<!--${escapeComment(String(n.comment))}-->`;
    else if (same) out += escapeText(String(n.text));
  }
  return same ? out : out + escapeText(text);
}

function hasTextNode(extra: XmlExtra | undefined): boolean {
  return extra?.nodes?.some((n) => n !== null && typeof n === 'object' && 'text' in n) ?? false;
}

/** Add a path step in front of an error's path while the error unwinds. */
export function prefixPath(e: unknown, step: string): unknown {
  if (e instanceof XmlError) e.path = `/${step}${e.path}`;
  return e;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? JSON.stringify(v) : typeof v;
}
