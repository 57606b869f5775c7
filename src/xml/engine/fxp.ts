import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { positionOf, XmlError } from './errors.js';

/**
 * The XML text layer: fast-xml-parser in preserveOrder mode. It is lenient (it accepts unclosed and mismatched
 * tags without throwing, measured on 5.12.1), so XMLValidator runs first and its error gives line and column.
 * Entities are not expanded by the parser; decode() handles the five XML entities and character references.
 */

/** One node of fast-xml-parser's preserveOrder tree: `{ tag: children, ':@': attrs }` or `{ '#text': s }`. */
export type FxpNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Keep names like `hasOwnProperty` as written (the default renames them to `__hasOwnProperty`, losing them);
  // preserveOrder stores attributes in null-prototype objects and we never index plain objects by them.
  onDangerousProperty: (name: string) => name,
});

export interface ParsedRoot {
  name: string;
  attrs: Record<string, string> | undefined;
  kids: FxpNode[];
}

/** Parse a whole document and return its single root element. */
export function parseDocument(xml: unknown): ParsedRoot {
  if (typeof xml !== 'string') {
    throw new XmlError('BAD_INPUT', `expected the XML document as a string, got ${typeof xml}`);
  }
  const doctype = xml.indexOf('<!DOCTYPE');
  if (doctype !== -1) {
    throw new XmlError(
      'DOCTYPE',
      'DOCTYPE declarations are not accepted (entity expansion is off)',
      positionOf(xml, doctype),
    );
  }
  const verdict = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new XmlError('MALFORMED', `malformed XML at line ${line}, column ${col}: ${msg}`, {
      line,
      column: col,
    });
  }
  let top: FxpNode[];
  try {
    top = parser.parse(xml) as FxpNode[];
  } catch (e) {
    // Well-formed but refused by fast-xml-parser: `__proto__`/`constructor` names, nesting deeper than 100.
    throw new XmlError('UNSUPPORTED', `this document cannot be read: ${(e as Error).message}`);
  }
  let root: ParsedRoot | undefined;
  for (const node of top) {
    const name = tagOf(node);
    if (name === '#text') {
      if ((node['#text'] as string).trim() !== '') throw malformedAt(xml, 'text outside the root element');
      continue;
    }
    if (name === '#comment') continue;
    if (root) throw malformedAt(xml, `a second root element <${name}>`, `<${name}`);
    root = { name, attrs: node[':@'] as Record<string, string> | undefined, kids: node[name] as FxpNode[] };
  }
  if (!root) throw new XmlError('MALFORMED', 'the document has no root element', { line: 1, column: 1 });
  return root;
}

function malformedAt(xml: string, what: string, needle?: string): XmlError {
  const at = needle ? xml.lastIndexOf(needle) : xml.length;
  const pos = positionOf(xml, Math.max(0, at));
  return new XmlError('MALFORMED', `malformed XML at line ${pos.line}, column ${pos.column}: ${what}`, pos);
}

/** The tag of a preserveOrder node: its one key other than ':@' (`#text`, `#comment` or an element name). */
export function tagOf(node: FxpNode): string {
  for (const k in node) if (k !== ':@') return k;
  return '';
}

const REF = /&([^;&\s]*);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode entity and character references in raw text or attribute values; anything else is an XmlError. */
export function decode(raw: string, source: string): string {
  if (raw.indexOf('&') === -1) return raw;
  const out = raw.replace(REF, (whole, ref: string) => {
    const named = NAMED[ref];
    if (named !== undefined) return named;
    let code = Number.NaN;
    if (/^#x[0-9a-fA-F]+$/.test(ref)) code = Number.parseInt(ref.slice(2), 16);
    else if (/^#[0-9]+$/.test(ref)) code = Number.parseInt(ref.slice(1), 10);
    if (!isXmlChar(code)) {
      throw new XmlError(
        'ENTITY',
        Number.isNaN(code)
          ? `unknown entity ${whole} (only &lt; &gt; &amp; &quot; &apos; and character references are accepted)`
          : `character reference ${whole} is not a character XML 1.0 allows`,
        positionOf(source, Math.max(0, source.indexOf(whole))),
      );
    }
    return String.fromCodePoint(code);
  });
  const stray = out === raw ? raw.indexOf('&') : findStrayAmp(raw);
  if (stray !== -1) {
    const frag = raw.slice(stray, stray + 12);
    throw new XmlError(
      'MALFORMED',
      `a bare '&' must be written &amp; (near "${frag}")`,
      positionOf(source, Math.max(0, source.indexOf(frag))),
    );
  }
  return out;
}

/** Index of an '&' that does not start a complete reference, or -1. */
function findStrayAmp(raw: string): number {
  const masked = raw.replace(REF, (m) => ' '.repeat(m.length));
  return masked.indexOf('&');
}

function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}
