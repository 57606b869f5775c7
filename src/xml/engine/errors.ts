import { brandOf, isBranded, markBrand } from './brand.js';

const XML_ERROR_BRAND = brandOf('XmlError');

/** What kind of failure an XmlError is (its `code`). */
export type XmlErrorCode =
  | 'MALFORMED' // the text is not well-formed XML
  | 'DOCTYPE' // a DOCTYPE was present (entity expansion is off, so DOCTYPEs are refused)
  | 'ENTITY' // an entity reference other than the five XML ones or a character reference
  | 'WRONG_KIND' // the root element is not the one the parser expects
  | 'INVALID_VALUE' // a value handed to build() does not fit its field
  | 'UNKNOWN_PROPERTY' // a property build() does not know
  | 'INVALID_CHAR' // a character XML 1.0 cannot carry
  | 'INVALID_NAME' // an element or attribute name that is not an XML name
  | 'TOO_DEEP' // elements nested deeper than XML_MAX_DEPTH (parse, build and listUnknown alike)
  | 'BAD_INPUT'; // anything else handed in that is not what the API takes

/** Every failure of the XML model is an XmlError; `code` says which kind, `line`/`column` (1-based) say where. */
export class XmlError extends Error {
  /** True for an XmlError from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is XmlError {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, XmlError, XML_ERROR_BRAND, value);
  }

  /** `'XmlError'` (a subclass sets its own). */
  override name = 'XmlError';
  /** What kind of failure this is. */
  readonly code: XmlErrorCode;
  /** 1-based line of the problem in the parsed text (0 when the error is not about parsed text). */
  readonly line: number;
  /** 1-based column of the problem in the parsed text (0 when the error is not about parsed text). */
  readonly column: number;
  /** Where in the document the problem is, like `/domain/devices/disk[1]/target` (build errors). */
  path: string;

  constructor(
    code: XmlErrorCode,
    message: string,
    where: { line?: number; column?: number; path?: string } = {},
  ) {
    super(message);
    this.code = code;
    this.line = where.line ?? 0;
    this.column = where.column ?? 0;
    this.path = where.path ?? '';
  }
}
markBrand(XmlError, XML_ERROR_BRAND);

/**
 * The deepest element nesting parse, build and listUnknown accept: the root element is level 1, so a document
 * may nest 256 elements. libxml2, which libvirt reads XML with, refuses more than 257 by default (its
 * `xmlParserMaxDepth` of 256 counts ancestors). Deeper is an `XmlError` `TOO_DEEP`, never a stack overflow.
 */
export const XML_MAX_DEPTH = 256;

/** The TOO_DEEP error, with `before`/`after` the message's context and `where` its position or path. */
export function tooDeep(
  before: string,
  after: string,
  where: { line?: number; column?: number; path?: string } = {},
): XmlError {
  const what = `elements nested deeper than ${XML_MAX_DEPTH} levels (XML_MAX_DEPTH, the same for parse and build)`;
  return new XmlError('TOO_DEEP', `${before}${what}${after}`, where);
}

const XML_WRONG_KIND_ERROR_BRAND = brandOf('XmlWrongKindError');

/** A document whose root element is not the one asked for (a `<pool>` handed to parseDomainXml). */
export class XmlWrongKindError extends XmlError {
  /** True for an XmlWrongKindError from any copy of this package in the process (its ESM and CJS builds alike). */
  static override [Symbol.hasInstance](value: unknown): value is XmlWrongKindError {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass
    return isBranded(this, XmlWrongKindError, XML_WRONG_KIND_ERROR_BRAND, value);
  }

  /** Always `'XmlWrongKindError'`. */
  override name = 'XmlWrongKindError';
  /** The root element the parser expects (`domain`). */
  readonly expected: string;
  /** The root element the document has (`pool`). */
  readonly actual: string;

  constructor(expected: string, actual: string, where: { line?: number; column?: number } = {}) {
    super('WRONG_KIND', `expected a <${expected}> document but the root element is <${actual}>`, where);
    this.expected = expected;
    this.actual = actual;
  }
}
markBrand(XmlWrongKindError, XML_WRONG_KIND_ERROR_BRAND);

/** Line and column (1-based) of a character offset in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
