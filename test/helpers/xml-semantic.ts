/**
 * Semantic comparison of two XML documents, independent of the libvirt-ts XML engine (it has to judge that
 * engine's output). Two documents are equal when they have the same elements, the same attributes (as sets, values
 * compared after entity decoding), the same trimmed text (whitespace-only text between elements ignored) and the
 * same order among same-named siblings. Order between differently named siblings, comments, processing
 * instructions and the XML declaration are not compared: libvirt gives them no meaning.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element of a parsed document, reduced to what the comparison looks at. */
export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  /** Trimmed, non-empty text runs in document order (text and CDATA next to each other form one run). */
  text: string[];
  children: XmlElement[];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const ATTRIBUTES = ':@';
const TEXT = '#text';
const CDATA = '#cdata';

// Entities stay undecoded in the parser so that CDATA (kept apart) is never decoded; decodeEntities does it.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: CDATA,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Decodes the five XML entities and numeric character references; anything else is left as written. */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** Thrown for a document that is not well-formed XML or has no single root element. */
export class XmlSemanticInputError extends Error {
  override name = 'XmlSemanticInputError';
}

/** Parses a document into its root element. */
export function parseXmlTree(xml: string): XmlElement {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    throw new XmlSemanticInputError(
      `not well-formed XML (line ${check.err.line}, col ${check.err.col}): ${check.err.msg}`,
    );
  }
  const roots = (parser.parse(xml) as OrderedNode[])
    .map(toElement)
    .filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new XmlSemanticInputError(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

function toElement(node: OrderedNode): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT && key !== CDATA);
  if (name === undefined) return null;
  // fast-xml-parser reports comments only when asked, declarations/PIs are ignored above; skip anything else odd.
  if (name.startsWith('?') || name.startsWith('!')) return null;
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(node[ATTRIBUTES] ?? {}))
    attributes.set(key, decodeEntities(String(value)));
  const text: string[] = [];
  const children: XmlElement[] = [];
  let run = '';
  const endRun = () => {
    const trimmed = run.trim();
    if (trimmed !== '') text.push(trimmed);
    run = '';
  };
  for (const child of node[name] as OrderedNode[]) {
    if (TEXT in child) run += decodeEntities(String(child[TEXT]));
    else if (CDATA in child)
      run += (child[CDATA] as OrderedNode[]).map((c) => String(c[TEXT] ?? '')).join('');
    else {
      endRun();
      const element = toElement(child);
      if (element) children.push(element);
    }
  }
  endRun();
  return { name, attributes, text, children };
}

/** Groups children by name, keeping document order within each name. */
function byName(children: XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const child of children) {
    const group = groups.get(child.name);
    if (group) group.push(child);
    else groups.set(child.name, [child]);
  }
  return groups;
}

const show = (value: string): string =>
  JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);

function compareElements(expected: XmlElement, actual: XmlElement, path: string, out: string[]): void {
  for (const [name, value] of expected.attributes) {
    const other = actual.attributes.get(name);
    if (other === undefined) out.push(`${path}/@${name}: attribute missing (expected ${show(value)})`);
    else if (other !== value) out.push(`${path}/@${name}: expected ${show(value)}, got ${show(other)}`);
  }
  for (const [name, value] of actual.attributes) {
    if (!expected.attributes.has(name)) out.push(`${path}/@${name}: unexpected attribute ${show(value)}`);
  }
  const expectedText = expected.text.join(' ');
  const actualText = actual.text.join(' ');
  if (expected.text.length !== actual.text.length || expected.text.some((t, i) => t !== actual.text[i])) {
    out.push(`${path}: text expected ${show(expectedText)}, got ${show(actualText)}`);
  }
  const expectedGroups = byName(expected.children);
  const actualGroups = byName(actual.children);
  for (const [name, expectedList] of expectedGroups) {
    const actualList = actualGroups.get(name) ?? [];
    const indexed = expectedList.length > 1 || actualList.length > 1;
    for (let i = 0; i < Math.max(expectedList.length, actualList.length); i++) {
      const childPath = `${path}/${name}${indexed ? `[${i + 1}]` : ''}`;
      const e = expectedList[i];
      const a = actualList[i];
      if (e && a) compareElements(e, a, childPath, out);
      else if (e)
        out.push(`${childPath}: element missing (expected ${expectedList.length}, got ${actualList.length})`);
      else
        out.push(
          `${childPath}: unexpected element (expected ${expectedList.length}, got ${actualList.length})`,
        );
    }
  }
  for (const [name, actualList] of actualGroups) {
    if (expectedGroups.has(name)) continue;
    actualList.forEach((_, i) => {
      out.push(`${path}/${name}${actualList.length > 1 ? `[${i + 1}]` : ''}: unexpected element`);
    });
  }
}

/**
 * Differences between two documents, each a path and what differs there; an empty list means semantically equal.
 * A document that is not well-formed is reported as a difference, never thrown.
 */
export function xmlDifferences(expected: string, actual: string): string[] {
  let expectedRoot: XmlElement;
  let actualRoot: XmlElement;
  try {
    expectedRoot = parseXmlTree(expected);
  } catch (error) {
    return [`expected document: ${(error as Error).message}`];
  }
  try {
    actualRoot = parseXmlTree(actual);
  } catch (error) {
    return [`actual document: ${(error as Error).message}`];
  }
  if (expectedRoot.name !== actualRoot.name) {
    return [`/: root element expected <${expectedRoot.name}>, got <${actualRoot.name}>`];
  }
  const out: string[] = [];
  compareElements(expectedRoot, actualRoot, `/${expectedRoot.name}`, out);
  return out;
}

/**
 * Every element and attribute of a tree as a canonical path, each step carrying its 1-based index among
 * same-named siblings (`/domain[1]/devices[1]/disk[2]/@type`), mapped to the paths of its whole subtree
 * (itself included). Used to count what an engine reports as unknown.
 */
export function subtreesByPath(root: XmlElement): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const walk = (element: XmlElement, path: string): string[] => {
    const subtree = [path];
    for (const name of element.attributes.keys()) {
      result.set(`${path}/@${name}`, [`${path}/@${name}`]);
      subtree.push(`${path}/@${name}`);
    }
    const seen = new Map<string, number>();
    for (const child of element.children) {
      const index = (seen.get(child.name) ?? 0) + 1;
      seen.set(child.name, index);
      subtree.push(...walk(child, `${path}/${child.name}[${index}]`));
    }
    result.set(path, subtree);
    return subtree;
  };
  walk(root, `/${root.name}[1]`);
  return result;
}

/** Rewrites a path like `/domain/devices/disk[2]/driver/@foo` to the canonical form (every step indexed). */
export function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((step) => (step === '' || step.startsWith('@') || step.endsWith(']') ? step : `${step}[1]`))
    .join('/');
}
