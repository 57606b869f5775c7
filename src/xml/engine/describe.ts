import type { Kind } from './kinds.js';
import type { HasExtra, XmlNode } from './nodes.js';

/**
 * Descriptions: one per element, declarative, one property per XML attribute or child element.
 * The same description drives the reader, the writer, listUnknown() and the TypeScript type (XmlType).
 * A property's XML name defaults to the property name; pass `xml` when they differ.
 */

/** `<el name="value">`: an attribute. */
export interface AttrField<T> {
  readonly field: 'attr';
  readonly kind: Kind<T>;
  readonly xml?: string;
}
/** The element's own text content. */
export interface TextField<T> {
  readonly field: 'text';
  readonly kind: Kind<T>;
}
/** One optional child element described by its own description. */
export interface ChildField<S> {
  readonly field: 'child';
  readonly el: ElementDesc<S> | (() => ElementDesc<S>);
  readonly xml?: string;
}
/** Repeated child elements: an array. */
export interface ListField<S> {
  readonly field: 'list';
  readonly el: ElementDesc<S> | (() => ElementDesc<S>);
  readonly xml?: string;
}
/** `<name>text</name>` without attributes: the text's value. */
export interface LeafField<T> {
  readonly field: 'leaf';
  readonly kind: Kind<T>;
  readonly xml?: string;
}
/** Repeated `<name>text</name>`: an array of values. */
export interface LeavesField<T> {
  readonly field: 'leaves';
  readonly kind: Kind<T>;
  readonly xml?: string;
}
/** `<name/>` whose presence means true. */
export interface FlagField {
  readonly field: 'flag';
  readonly xml?: string;
}
/** A child element whose content is kept as raw nodes (`<metadata>`). Never reported by listUnknown. */
export interface RawField {
  readonly field: 'raw';
  readonly xml?: string;
}

export type AnyField =
  | AttrField<any>
  | TextField<any>
  | ChildField<any>
  | ListField<any>
  | LeafField<any>
  | LeavesField<any>
  | FlagField
  | RawField;

export type Fields = Record<string, AnyField>;

/** A description of one element. `S` is the TypeScript shape it reads into (phantom; inferred). */
export interface ElementDesc<S> {
  /** The element's fields: one per attribute, child element or text. */
  readonly fields: Fields;
  /** Never set; carries the shape type. */
  readonly __shape?: S;
}

type FieldValue<F> =
  F extends AttrField<infer T>
    ? T
    : F extends TextField<infer T>
      ? T
      : F extends ChildField<infer S>
        ? S
        : F extends ListField<infer S>
          ? S[]
          : F extends LeafField<infer T>
            ? T
            : F extends LeavesField<infer T>
              ? T[]
              : F extends FlagField
                ? boolean
                : F extends RawField
                  ? XmlNode[]
                  : never;

/** The object type a set of fields reads into: every property optional, plus `$extra`. */
export type ShapeOf<F extends Fields> = { -readonly [K in keyof F]?: FieldValue<F[K]> } & HasExtra;

/** The TypeScript type of a description: `type Disk = XmlType<typeof disk>`. */
export type XmlType<D> = D extends ElementDesc<infer S> ? S : never;

/** Describe an element by its fields (attributes first or not: attributes are always written first). */
export function element<const F extends Fields>(fields: F): ElementDesc<ShapeOf<F>> {
  return { fields };
}

export function attr<T>(kind: Kind<T>, xml?: string): AttrField<T> {
  return xml === undefined ? { field: 'attr', kind } : { field: 'attr', kind, xml };
}
export function text<T>(kind: Kind<T>): TextField<T> {
  return { field: 'text', kind };
}
export function child<S>(el: ElementDesc<S> | (() => ElementDesc<S>), xml?: string): ChildField<S> {
  return xml === undefined ? { field: 'child', el } : { field: 'child', el, xml };
}
export function list<S>(el: ElementDesc<S> | (() => ElementDesc<S>), xml?: string): ListField<S> {
  return xml === undefined ? { field: 'list', el } : { field: 'list', el, xml };
}
export function leaf<T>(kind: Kind<T>, xml?: string): LeafField<T> {
  return xml === undefined ? { field: 'leaf', kind } : { field: 'leaf', kind, xml };
}
export function leaves<T>(kind: Kind<T>, xml?: string): LeavesField<T> {
  return xml === undefined ? { field: 'leaves', kind } : { field: 'leaves', kind, xml };
}
export function flag(xml?: string): FlagField {
  return xml === undefined ? { field: 'flag' } : { field: 'flag', xml };
}
export function raw(xml?: string): RawField {
  return xml === undefined ? { field: 'raw' } : { field: 'raw', xml };
}
