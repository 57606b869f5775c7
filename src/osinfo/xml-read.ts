/** Small readers over the strict XML scanner's tree, for osinfo-db's documents. */
import type { ScanElement } from '../xml/engine/scan.js';

export function attrOf(el: ScanElement, name: string): string | undefined {
  const a = el.attrs;
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

export function* childElements(el: ScanElement, name?: string): Generator<ScanElement> {
  for (const k of el.kids) {
    if (typeof k === 'object' && 'name' in k && (name === undefined || k.name === name)) yield k;
  }
}

export function firstChild(el: ScanElement, name: string): ScanElement | undefined {
  for (const k of childElements(el, name)) return k;
  return undefined;
}

/** The element's text content, children's included (XPath string()). */
export function textOf(el: ScanElement): string {
  let out = '';
  for (const k of el.kids) {
    if (typeof k === 'string') out += k;
    else if ('name' in k) out += textOf(k);
  }
  return out;
}

/** An element without xml:lang: the untranslated one, which libosinfo uses in the C locale. */
export function untranslated(el: ScanElement): boolean {
  return attrOf(el, 'xml:lang') === undefined;
}

/** The text of the first untranslated `name` child, trimmed; undefined when absent or empty. */
export function leafText(el: ScanElement, name: string): string | undefined {
  for (const k of childElements(el, name)) {
    if (!untranslated(k)) continue;
    const t = textOf(k).trim();
    return t === '' ? undefined : t;
  }
  return undefined;
}

/** osinfo-db booleans: 'true'/'false' (libosinfo also takes 'yes'/'no' and '1'/'0'). */
export function boolAttr(el: ScanElement, name: string, dflt: boolean): boolean {
  const v = attrOf(el, name);
  if (v === undefined) return dflt;
  const l = v.trim().toLowerCase();
  if (l === 'true' || l === 'yes' || l === '1') return true;
  if (l === 'false' || l === 'no' || l === '0') return false;
  return dflt;
}
