/** Raw XML kept as plain, JSON-safe data: unknown content, `<metadata>` and other free-form parts. */
export type XmlNode = XmlElementNode | XmlTextNode | XmlCommentNode;

/** An element kept as raw XML. */
export interface XmlElementNode {
  /** The element name as written, prefix included (`qemu:arg`). */
  name: string;
  /** Its attributes by name, values unescaped. */
  attrs?: Record<string, string>;
  /** Its child nodes, in document order. */
  children?: XmlNode[];
}

/** Text kept as raw XML (CDATA included). */
export interface XmlTextNode {
  /** The text, unescaped. */
  text: string;
}

/** A comment kept as raw XML. */
export interface XmlCommentNode {
  /** The comment's text, between `<!--` and `-->`. */
  comment: string;
}

/**
 * What the model keeps about one element besides its typed properties. Present only when needed.
 * Plain data: survives JSON, structuredClone and object spread.
 */
export interface XmlExtra {
  /** Attributes the description has no field for (also values a typed field could not read), and xmlns. */
  attrs?: Record<string, string>;
  /** Child nodes the description has no field for, in document order. */
  nodes?: XmlNode[];
  /**
   * The order the children were read in, when it differs from the description's order: element names, and
   * `#` for "the next entry of `nodes`". build() follows it; new items go after their same-named siblings.
   */
  order?: string[];
  /** Original spelling of values whose written form differs from the canonical one (`on` for a yes/no, `0x1f`). */
  spell?: Record<string, string>;
  /**
   * The content of values whose text comments split (`<name>a<!--x-->b</name>` reads as `name: 'ab'`), as
   * written: text and comment nodes, keyed like `spell` (`name`; `tags#0` for a list's first item; the text
   * field's property for the element's own text). build() writes it back while its text is the value's text;
   * once the value changed, it writes the comments, then the new text.
   */
  content?: Record<string, XmlNode[]>;
}

/** The part of every element of the typed model that keeps what the typed properties do not hold. */
export interface HasExtra {
  /** Content kept for a lossless round trip; see XmlExtra. Leave it alone unless you mean to edit raw XML. */
  $extra?: XmlExtra;
}
