import { positionOf, tooDeep, XML_MAX_DEPTH, XmlError } from './errors.js';
import { FORBIDDEN } from './escape.js';

/**
 * The XML text layer: a strict, single-pass XML 1.0 reader. It replaced fast-xml-parser here because
 * fast-xml-parser 5.12.1's parser accepts mismatched and unclosed tags without an error (measured), so it
 * needed its validator as a second pass over every document; that pair cost about 9/10 of a parse. This reader
 * checks well-formedness while it builds the tree and reports the first error with line and column.
 *
 * Entities: only the five XML ones and character references; DOCTYPEs are refused (no entity expansion).
 * Attribute values are normalised as XML requires (literal tab/LF/CR read as spaces), line ends as LF.
 * Outside the root only the XML declaration (first), comments, PIs and whitespace are allowed (XML 1.0).
 * Dropped: the XML declaration, processing instructions, comments outside the root element.
 */

/** An element: name as written (prefix included), attributes as a flat [name, value, ...] list, children. */
export interface ScanElement {
  readonly name: string;
  readonly attrs: string[];
  readonly kids: ScanNode[];
}
/** A child: an element, a text run (adjacent text and CDATA merged), or a comment. */
export type ScanNode = ScanElement | string | ScanComment;
export interface ScanComment {
  readonly comment: string;
}

const GT = 62; // >
const SLASH = 47;
const EQ = 61;
const QUOT = 34;
const APOS = 39;
const BANG = 33;
const QMARK = 63;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
// XML 1.0 (fifth edition) names, per UTF-16 code unit: the writer's checkName accepts exactly the same names.
// Characters above U+FFFF are surrogate pairs: a high surrogate of U+10000–U+EFFFF starts or continues a name
// and its low surrogate continues it (the reader has already refused unpaired surrogates).
function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return isNameStartAbove7f(c);
}
function isNameChar(c: number): boolean {
  if (c < 0x80)
    return (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 58 ||
      c === 45 ||
      c === 46
    );
  return (
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    c === 0x203f ||
    c === 0x2040 ||
    (c >= 0xdc00 && c <= 0xdfff) ||
    isNameStartAbove7f(c)
  );
}
function isNameStartAbove7f(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xd800 && c <= 0xdb7f) || // high surrogates of U+10000–U+EFFFF
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/** XML 1.0's XMLDecl production, matched where the declaration starts. */
const XML_DECL =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][\w.-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;

/** Up to this many attributes, a repeat is found by scanning the list (cheaper than a Set for the usual few). */
const SEEN_AFTER = 16;

function repeated(attrs: string[], name: string): boolean {
  for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return true;
  return false;
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(message: string, at = this.i): never {
    const pos = positionOf(this.s, Math.min(at, this.s.length));
    throw new XmlError(
      'MALFORMED',
      `malformed XML at line ${pos.line}, column ${pos.column}: ${message}`,
      pos,
    );
  }

  name(): string {
    const { s } = this;
    const start = this.i;
    if (!isNameStart(s.charCodeAt(start))) this.fail(`expected a name, found ${this.shown(start)}`);
    let j = start + 1;
    while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
    this.i = j;
    return s.slice(start, j);
  }

  spaces(): boolean {
    const { s } = this;
    const start = this.i;
    while (this.i < s.length && isSpace(s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  shown(at: number): string {
    return at >= this.s.length ? 'the end of the document' : JSON.stringify(this.s[at]);
  }

  /** After '<' + name: attributes up to '>' or '/>'; returns true when the element is empty ('/>'). */
  attributes(into: string[]): boolean {
    const { s } = this;
    // Repeats are found by scanning the few names so far; past SEEN_AFTER attributes, by a Set (linear time).
    let seen: Set<string> | undefined;
    for (;;) {
      const hadSpace = this.spaces();
      const c = s.charCodeAt(this.i);
      if (c === GT) {
        this.i++;
        return false;
      }
      if (c === SLASH) {
        if (s.charCodeAt(this.i + 1) !== GT) this.fail("expected '>' after '/'", this.i + 1);
        this.i += 2;
        return true;
      }
      if (this.i >= s.length) this.fail('the document ends inside a start tag');
      if (!hadSpace) this.fail(`expected whitespace, '>' or '/>' before ${this.shown(this.i)}`);
      const nameAt = this.i;
      const name = this.name();
      this.spaces();
      if (s.charCodeAt(this.i) !== EQ) this.fail(`attribute '${name}' has no value`);
      this.i++;
      this.spaces();
      const q = s.charCodeAt(this.i);
      if (q !== QUOT && q !== APOS) this.fail(`the value of attribute '${name}' must be quoted`);
      const end = s.indexOf(q === QUOT ? '"' : "'", this.i + 1);
      if (end === -1) this.fail(`the value of attribute '${name}' is not closed`);
      let raw = s.slice(this.i + 1, end);
      if (raw.indexOf('<') !== -1)
        this.fail(`attribute '${name}' contains '<'`, this.i + 1 + raw.indexOf('<'));
      if (seen === undefined && into.length >= 2 * SEEN_AFTER) {
        seen = new Set();
        for (let k = 0; k < into.length; k += 2) seen.add(into[k] as string);
      }
      if (seen ? seen.has(name) : repeated(into, name)) this.fail(`attribute '${name}' is repeated`, nameAt);
      seen?.add(name);
      // XML attribute-value normalisation: literal whitespace characters read as spaces.
      if (/[\t\n\r]/.test(raw)) raw = raw.replace(/\r\n|[\t\n\r]/g, ' ');
      into.push(name, raw.indexOf('&') === -1 ? raw : this.decode(raw, this.i + 1));
      this.i = end + 1;
    }
  }

  /** Decode the five XML entities and character references in raw text starting at offset `at`. */
  decode(raw: string, at: number): string {
    let out = '';
    let from = 0;
    for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
      const semi = raw.indexOf(';', amp);
      const ref = semi === -1 ? '' : raw.slice(amp + 1, semi);
      let ch: string | undefined;
      if (ref === 'lt') ch = '<';
      else if (ref === 'gt') ch = '>';
      else if (ref === 'amp') ch = '&';
      else if (ref === 'quot') ch = '"';
      else if (ref === 'apos') ch = "'";
      else if (/^#[0-9]{1,7}$/.test(ref) || /^#x[0-9a-fA-F]{1,6}$/.test(ref)) {
        const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
        if (!isXmlChar(code)) {
          const pos = positionOf(this.s, at + amp);
          throw new XmlError('ENTITY', `character reference &${ref}; is not a character XML 1.0 allows`, pos);
        }
        ch = String.fromCodePoint(code);
      } else if (/^[A-Za-z_][\w.-]*$/.test(ref)) {
        const pos = positionOf(this.s, at + amp);
        throw new XmlError(
          'ENTITY',
          `unknown entity &${ref}; at line ${pos.line}, column ${pos.column} (only &lt; &gt; &amp; &quot; &apos; and character references are accepted)`,
          pos,
        );
      } else this.fail("a bare '&' must be written &amp;", at + amp);
      out += raw.slice(from, amp) + ch;
      from = semi + 1;
    }
    return out + raw.slice(from);
  }

  /** Text from `start` to `end`: line ends normalised, references decoded; ']]>' is not allowed in text. */
  text(start: number, end: number): string {
    let raw = this.s.slice(start, end);
    if (raw.indexOf(']]>') !== -1) this.fail("']]>' is not allowed in text", start + raw.indexOf(']]>'));
    if (raw.indexOf('\r') !== -1) raw = raw.replace(/\r\n?/g, '\n');
    return raw.indexOf('&') === -1 ? raw : this.decode(raw, start);
  }

  /** At '<!' or '<?' outside elements or inside: comment, CDATA, PI or DOCTYPE. Returns the node to keep. */
  special(): ScanComment | string | undefined {
    const { s } = this;
    const at = this.i;
    if (s.startsWith('<!--', at)) {
      const end = s.indexOf('-->', at + 4);
      if (end === -1) this.fail('the comment is not closed', at);
      const body = s.slice(at + 4, end);
      if (body.indexOf('--') !== -1 || body.endsWith('-'))
        this.fail("'--' is not allowed inside a comment", at);
      this.i = end + 3;
      return { comment: body.indexOf('\r') === -1 ? body : body.replace(/\r\n?/g, '\n') };
    }
    if (s.startsWith('<![CDATA[', at)) {
      const end = s.indexOf(']]>', at + 9);
      if (end === -1) this.fail('the CDATA section is not closed', at);
      this.i = end + 3;
      const body = s.slice(at + 9, end);
      return body.indexOf('\r') === -1 ? body : body.replace(/\r\n?/g, '\n');
    }
    if (s.startsWith('<!DOCTYPE', at)) {
      throw new XmlError(
        'DOCTYPE',
        'DOCTYPE declarations are not accepted (entity expansion is off)',
        positionOf(s, at),
      );
    }
    if (s.charCodeAt(at + 1) === QMARK) {
      const end = s.indexOf('?>', at + 2);
      if (end === -1) this.fail('the processing instruction is not closed', at);
      this.i = at + 2;
      const target = this.name();
      if (target.toLowerCase() === 'xml') {
        // Only the XML declaration may use the name, exactly as the grammar writes it, and only first.
        if (at !== (s.charCodeAt(0) === 0xfeff ? 1 : 0)) this.fail('the XML declaration must come first', at);
        XML_DECL.lastIndex = at;
        if (!XML_DECL.test(s))
          this.fail(`not an XML declaration (<?xml version="1.0" encoding="..." standalone="..."?>)`, at);
      } else if (this.i < end && !isSpace(s.charCodeAt(this.i))) {
        this.fail(`expected whitespace or '?>' after the processing instruction's target '${target}'`);
      }
      this.i = end + 2;
      return undefined;
    }
    return this.fail(`unexpected markup ${JSON.stringify(s.slice(at, at + 9))}`, at);
  }
}

/** Parse a whole document; returns its single root element. Malformed input is an XmlError with position. */
export function scanDocument(xml: unknown): ScanElement {
  if (typeof xml !== 'string') {
    throw new XmlError(
      'BAD_INPUT',
      `expected the XML document as a string, got ${xml === null ? 'null' : typeof xml}`,
    );
  }
  const bad = FORBIDDEN.exec(xml);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const pos = positionOf(xml, bad.index);
    throw new XmlError(
      'MALFORMED',
      `malformed XML at line ${pos.line}, column ${pos.column}: U+${code} is not allowed`,
      pos,
    );
  }
  const sc = new Scanner(xml);
  const s = xml;
  if (s.charCodeAt(0) === 0xfeff) sc.i = 1;
  let root: ScanElement | undefined;
  const stack: ScanElement[] = [];
  const starts: number[] = [];
  while (sc.i < s.length) {
    const top = stack[stack.length - 1];
    const lt = s.indexOf('<', sc.i);
    const textEnd = lt === -1 ? s.length : lt;
    if (textEnd > sc.i) {
      if (top) {
        const t = sc.text(sc.i, textEnd);
        const last = top.kids[top.kids.length - 1];
        if (typeof last === 'string') top.kids[top.kids.length - 1] = last + t;
        else top.kids.push(t);
      } else {
        for (let k = sc.i; k < textEnd; k++) {
          if (!isSpace(s.charCodeAt(k)))
            sc.fail(root ? 'text after the root element' : 'text before the root element', k);
        }
      }
      sc.i = textEnd;
      if (lt === -1) break;
    }
    const c = s.charCodeAt(lt + 1);
    if (c === BANG || c === QMARK) {
      const node = sc.special();
      // Outside the root XML allows only comments, PIs, whitespace (and a DOCTYPE, refused above): no CDATA.
      if (typeof node === 'string' && !top)
        sc.fail(`a CDATA section ${root ? 'after' : 'before'} the root element`, lt);
      if (node === undefined || !top) continue; // PIs, and comments outside the root, are not kept
      if (node === '') continue; // an empty CDATA section holds no text
      if (typeof node === 'string') {
        const last = top.kids[top.kids.length - 1];
        if (typeof last === 'string') top.kids[top.kids.length - 1] = last + node;
        else top.kids.push(node);
      } else top.kids.push(node);
      continue;
    }
    if (c === SLASH) {
      sc.i = lt + 2;
      const name = sc.name();
      sc.spaces();
      if (s.charCodeAt(sc.i) !== GT) sc.fail(`expected '>' to end </${name}`);
      if (!top) return sc.fail(`closing tag </${name}> without an open element`, lt);
      if (name !== top.name) {
        const open = positionOf(s, starts[starts.length - 1] as number);
        sc.fail(
          `expected </${top.name}> (opened at line ${open.line}, column ${open.column}) but found </${name}>`,
          lt,
        );
      }
      sc.i++;
      stack.pop();
      starts.pop();
      continue;
    }
    sc.i = lt + 1;
    if (root && stack.length === 0) sc.fail('a second root element', lt);
    if (stack.length >= XML_MAX_DEPTH) {
      const pos = positionOf(s, lt);
      throw tooDeep(`at line ${pos.line}, column ${pos.column}: `, '', pos);
    }
    const el: ScanElement = { name: sc.name(), attrs: [], kids: [] };
    const empty = sc.attributes(el.attrs as string[]);
    if (top) top.kids.push(el);
    else root = el;
    if (!empty) {
      stack.push(el);
      starts.push(lt);
    }
  }
  if (stack.length > 0) {
    const open = positionOf(s, starts[starts.length - 1] as number);
    sc.fail(
      `<${stack[stack.length - 1]?.name}> opened at line ${open.line}, column ${open.column} is not closed`,
      s.length,
    );
  }
  if (!root) throw new XmlError('MALFORMED', 'the document has no root element', { line: 1, column: 1 });
  return root;
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
