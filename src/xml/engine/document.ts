import { type Compiled, compile } from './compile.js';
import type { ElementDesc } from './describe.js';
import { positionOf, XmlError, XmlWrongKindError } from './errors.js';
import { readElement } from './read.js';
import { scanDocument } from './scan.js';
import { collectUnknown } from './unknown.js';
import { prefixPath, writeElement } from './write.js';

/** Marks a parsed or built object with its document kind, so listUnknown(def) needs no second argument. */
const KIND = Symbol.for('libvirt-ts.xml.kind');

/** Options of `defineDocument()`. */
export interface DocumentOptions {
  /** Namespace prefixes the description uses in element names (`qemu:commandline`), with their URIs. */
  namespaces?: Record<string, string>;
}

/** A document kind: the root element name, its description, and parse/build/listUnknown. */
export interface XmlDocumentKind<S> {
  /** The root element's name (`domain`). */
  readonly root: string;
  /** The root element's description. */
  readonly desc: ElementDesc<S>;
  /**
   * Parses a document of this kind; what the description does not type is kept. Throws an XmlError
   * (`XmlWrongKindError` for another root element).
   */
  parse(xml: string): S;
  /** Writes a definition as XML, with what parsing kept; throws an XmlError naming the path of a bad value. */
  build(def: S): string;
  /** The paths of the XML parsing kept untyped (`/domain/devices/foo`): what the model does not know yet. */
  listUnknown(def: S): string[];
}

const kinds = new Map<string, XmlDocumentKind<unknown>>();

/** Define a document kind from its root element's description. */
export function defineDocument<S>(
  root: string,
  desc: ElementDesc<S>,
  options: DocumentOptions = {},
): XmlDocumentKind<S> {
  let compiled: Compiled | undefined;
  const c = () => {
    compiled ??= compile(desc);
    return compiled;
  };
  const namespaces = Object.entries(options.namespaces ?? {});
  const kind: XmlDocumentKind<S> = {
    root,
    desc,
    parse(xml: string): S {
      const top = scanDocument(xml);
      if (top.name !== root) {
        throw new XmlWrongKindError(
          root,
          top.name,
          positionOf(xml, Math.max(0, xml.indexOf(`<${top.name}`))),
        );
      }
      const obj = readElement(top, c());
      Object.defineProperty(obj, KIND, { value: kind, enumerable: false });
      return obj as S;
    },
    build(def: S): string {
      let out: string;
      try {
        out = writeElement(root, def, c(), '');
      } catch (e) {
        if (e instanceof XmlError) {
          prefixPath(e, root);
          e.message = `${e.path}: ${e.message}`;
        }
        throw e;
      }
      // Declare a namespace the typed fields used when the definition does not declare it already.
      for (const [prefix, uri] of namespaces) {
        // A declaration anywhere counts (kept documents often declare it on the element itself).
        const decl = `xmlns:${prefix}=`;
        if (out.includes(`<${prefix}:`) && !out.includes(decl)) {
          out = `<${root} ${decl}"${uri}"${out.slice(root.length + 1)}`;
        }
      }
      return out;
    },
    listUnknown(def: S): string[] {
      const out: string[] = [];
      collectUnknown(def as Record<string, unknown>, c(), `/${root}`, out);
      return out;
    },
  };
  if (kinds.has(root)) throw new Error(`document kind <${root}> defined twice`);
  kinds.set(root, kind as XmlDocumentKind<unknown>);
  return kind;
}

/** Tag an object (e.g. a builder's output) with its kind for listUnknown(). */
export function tagKind<S>(def: S, kind: XmlDocumentKind<S>): S {
  Object.defineProperty(def, KIND, { value: kind, enumerable: false, configurable: true });
  return def;
}

/**
 * Paths of every element and attribute the model kept without a typed field (see collectUnknown).
 * `kind` is the root element name (`'domain'`) or the kind object; it may be left out for objects that
 * parseXxxXml or a builder returned.
 */
export function listUnknown(def: object, kind?: string | XmlDocumentKind<any>): string[] {
  if (def === null || typeof def !== 'object') {
    throw new XmlError(
      'BAD_INPUT',
      `listUnknown expects a parsed definition object, got ${def === null ? 'null' : typeof def}`,
    );
  }
  const k =
    typeof kind === 'string'
      ? kinds.get(kind)
      : (kind ?? ((def as Record<symbol, unknown>)[KIND] as XmlDocumentKind<unknown> | undefined));
  if (!k) {
    throw new XmlError(
      'BAD_INPUT',
      typeof kind === 'string'
        ? `unknown document kind '${kind}' (known: ${[...kinds.keys()].join(', ')})`
        : 'this object was not made by a parser or builder of this library; pass its kind: listUnknown(def, "domain")',
    );
  }
  return k.listUnknown(def);
}
