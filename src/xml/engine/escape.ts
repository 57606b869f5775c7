import { XmlError } from './errors.js';

// Characters XML 1.0 cannot carry at all: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates.
/** Characters XML 1.0 does not allow anywhere (shared by the reader and the writer). */
export const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML forbids is the point
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/g;
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const swap = (ch: string): string => ENTITY[ch] as string;

function checkChars(value: string): void {
  const m = FORBIDDEN.exec(value);
  if (m) {
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new XmlError('INVALID_CHAR', `U+${code} at offset ${m.index} cannot be written in XML 1.0`);
  }
}

/** Escape element text. `\r` becomes a reference so parsers do not fold it into `\n`. */
export function escapeText(value: string): string {
  checkChars(value);
  return value.replace(TEXT_SPECIAL, swap);
}

/** Escape a double-quoted attribute value; tab/LF/CR become references so attribute normalisation keeps them. */
export function escapeAttr(value: string): string {
  checkChars(value);
  return value.replace(ATTR_SPECIAL, swap);
}

// An XML 1.0 (fifth edition) Name: exactly the names the reader (scan.ts) accepts, so what parses builds.
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');

/** Element and attribute names from raw nodes and `$extra` must be XML names, so they cannot inject markup. */
export function checkName(name: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new XmlError('INVALID_NAME', `${JSON.stringify(name)} is not a valid XML name`);
  }
  return name;
}

/**
 * A comment body: `--` and a trailing `-` are not allowed, and neither is CR, which a comment cannot escape and
 * every XML reader turns into LF (the comment would come back changed).
 */
export function escapeComment(value: string): string {
  checkChars(value);
  if (value.includes('--') || value.endsWith('-')) {
    throw new XmlError(
      'INVALID_VALUE',
      `a comment cannot contain "--" or end with "-": ${JSON.stringify(value)}`,
    );
  }
  if (value.includes('\r')) {
    throw new XmlError(
      'INVALID_VALUE',
      `a comment cannot carry a carriage return (XML reads it as a line feed): ${JSON.stringify(value)}`,
    );
  }
  return value;
}
