/** The description engine: describe an element once; parsing, building, listUnknown and its type follow. */
export {
  type AnyField,
  attr,
  child,
  type ElementDesc,
  element,
  type Fields,
  flag,
  leaf,
  leaves,
  list,
  raw,
  type ShapeOf,
  text,
  type XmlType,
} from './describe.js';
export {
  type DocumentOptions,
  defineDocument,
  listUnknown,
  tagKind,
  type XmlDocumentKind,
} from './document.js';
export { XML_MAX_DEPTH, XmlError, type XmlErrorCode, XmlWrongKindError } from './errors.js';
export {
  hex,
  int,
  type Kind,
  num,
  oneOf,
  onOff,
  SIZE_UNITS,
  type SizeUnit,
  sizeUnit,
  str,
  uint,
  uintAny,
  uuid,
  yesNo,
  zeroOne,
} from './kinds.js';
export type { HasExtra, XmlCommentNode, XmlElementNode, XmlExtra, XmlNode, XmlTextNode } from './nodes.js';
