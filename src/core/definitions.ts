/** Definitions are accepted as the typed model from `libvirt-ts/xml` or as an XML string. */

export type DefOrXml<D> = D | string;

/** The XML to hand libvirt: a string as it is, a typed definition built with the model's builder. */
export function definitionXml<D>(def: DefOrXml<D>, build: (def: D) => string, what: string): string {
  if (typeof def === 'string') {
    if (def.trim() === '') throw new TypeError(`${what}: the XML is empty`);
    return def;
  }
  if (def === null || typeof def !== 'object' || Array.isArray(def)) {
    throw new TypeError(
      `${what}: expected a typed definition or an XML string, got ${def === null ? 'null' : typeof def}`,
    );
  }
  return build(def);
}
