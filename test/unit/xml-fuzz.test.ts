/**
 * Fuzz tests of the XML model (issue 11, deliverable 5): seeded, bounded, in the unit tier.
 *
 * - parse: any text — random, XML-like token soup, mutated real documents, generated well-formed documents and
 *   hostile constructs (entity bombs, DOCTYPEs, deep nesting, huge attribute lists) — returns a value or throws
 *   XmlError, never anything else; a document that parses builds, and builds back to the same object.
 * - build: strings with markup, quotes, `]]>`, control characters, NUL and lone surrogates, in every place a
 *   string goes (typed text and attributes, kept attributes and names, raw text and comments, the builders'
 *   arguments), either come back exactly or fail with an XmlError saying why — never dropped or changed.
 *
 * Every run prints its seed and the inputs tried per target. Replay a failure with its seed:
 *   FUZZ_SEED=<seed> npx vitest run --project unit test/unit/xml-fuzz.test.ts
 * FUZZ_RUNS=<factor> scales the number of inputs (default 1).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as xml from '../../src/xml/index.js';
import { DomainBuilder, XML_MAX_DEPTH, XmlError } from '../../src/xml/index.js';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
if (!Number.isSafeInteger(SEED))
  throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);
const FACTOR = Number(process.env.FUZZ_RUNS ?? 1);
const REPLAY = `FUZZ_SEED=${SEED} npx vitest run --project unit test/unit/xml-fuzz.test.ts`;
const TIMEOUT = 120_000 * Math.max(1, FACTOR);

/** Per target: inputs tried, and how the calls under test ended (a value, or XmlError by code). */
interface Tally {
  inputs: number;
  values: number;
  errors: Map<string, number>;
}
const tallies: [string, Tally][] = [];
let tally: Tally = { inputs: 0, values: 0, errors: new Map() };
const refused = (e: XmlError) => tally.errors.set(e.code, (tally.errors.get(e.code) ?? 0) + 1);
afterAll(() => {
  const lines = tallies.map(([name, t]) => {
    const codes = [...t.errors].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`);
    return `  ${String(t.inputs).padStart(5)}  ${name}: ${t.values} values, XmlError ${codes.join(', ') || 'none'}`;
  });
  console.log(`XML fuzz, seed ${SEED} (replay: ${REPLAY}), inputs tried:\n${lines.join('\n')}`);
});

/** Run one target: `check` throws on a broken property. The failure message carries the seed to replay. */
function fuzz<T>(name: string, arb: fc.Arbitrary<T>, runs: number, check: (input: T) => void): void {
  it(
    name,
    () => {
      tally = { inputs: 0, values: 0, errors: new Map() };
      tallies.push([name, tally]);
      const details = fc.check(
        fc.property(arb, (input) => {
          tally.inputs++;
          check(input);
        }),
        { seed: SEED, numRuns: Math.max(1, Math.round(runs * FACTOR)) },
      );
      if (details.failed) {
        const cause = details.errorInstance;
        const why = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
        const report = fc.defaultReportMessage(details);
        throw new Error(`${name}: failed; replay with ${REPLAY}\n${report}\n${why}`, { cause });
      }
    },
    TIMEOUT,
  );
}

// ---- the document kinds ----

interface DocKind {
  root: string;
  parse: (text: string) => unknown;
  build: (def: unknown) => string;
}
const api = xml as unknown as Record<string, (arg: unknown) => unknown>;
const KINDS: Record<string, DocKind> = {};
for (const [folder, kind, root] of [
  ['domain', 'Domain', 'domain'],
  ['pool', 'StoragePool', 'pool'],
  ['volume', 'StorageVolume', 'volume'],
  ['network', 'Network', 'network'],
  ['snapshot', 'DomainSnapshot', 'domainsnapshot'],
  ['checkpoint', 'DomainCheckpoint', 'domaincheckpoint'],
  ['capabilities', 'Capabilities', 'capabilities'],
  ['domaincapabilities', 'DomainCapabilities', 'domainCapabilities'],
  ['nodedev', 'NodeDevice', 'device'],
  ['secret', 'Secret', 'secret'],
  ['networkport', 'NetworkPort', 'networkport'],
] as const) {
  const parse = api[`parse${kind}Xml`];
  const build = api[`build${kind}Xml`];
  if (!parse || !build) throw new Error(`no parse/build for ${kind}`);
  KINDS[folder] = { root, parse: parse as DocKind['parse'], build: build as DocKind['build'] };
}
const KIND_NAMES = Object.keys(KINDS);
const kindArb = fc.constantFrom(...KIND_NAMES);

const FIXTURES = fileURLToPath(new URL('../fixtures/xml/', import.meta.url));
const fixtures: [string, string][] = [];
for (const folder of KIND_NAMES) {
  for (const file of readdirSync(join(FIXTURES, folder)).sort()) {
    if (file.endsWith('.xml')) fixtures.push([folder, readFileSync(join(FIXTURES, folder, file), 'utf8')]);
  }
}

/** Parse; the only error allowed is an XmlError. Returns the value, or undefined when refused. */
function parseOrXmlError(kind: DocKind, text: string): unknown {
  try {
    const def = kind.parse(text);
    tally.values++;
    return def;
  } catch (e) {
    if (e instanceof XmlError) {
      refused(e);
      return undefined;
    }
    throw new Error(`parse threw ${(e as Error)?.name ?? typeof e}, not an XmlError: ${String(e)}`);
  }
}

/**
 * What parsed is lossless: it builds, the output parses to the same object, and building again is stable.
 * The one documented change: build declares a namespace prefix of the kind (`qemu:`) that the document used
 * without declaring it.
 */
function roundTrips(kind: DocKind, def: unknown): void {
  const out = kind.build(def);
  const again = kind.parse(out) as { $extra?: { attrs?: Record<string, string> } };
  const before = (def as typeof again).$extra?.attrs ?? {};
  const attrs = again.$extra?.attrs;
  if (attrs) {
    for (const k of Object.keys(attrs)) if (k.startsWith('xmlns:') && !(k in before)) delete attrs[k];
    if (Object.keys(attrs).length === 0) delete again.$extra?.attrs;
    if (Object.keys(again.$extra ?? { x: 1 }).length === 0) delete again.$extra;
  }
  expect(again).toEqual(def);
  expect(kind.build(kind.parse(out))).toBe(out);
}

/** Parse any text: a value (that round-trips) or an XmlError. */
function parseCheck(kind: DocKind, text: string): void {
  const def = parseOrXmlError(kind, text);
  if (def !== undefined) roundTrips(kind, def);
}

// ---- strings ----

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const HOSTILE_PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '<![CDATA[',
  '-->',
  '<!--',
  '--',
  '-',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x1F600;',
  '&bogus;',
  '</name>',
  '"/><evil x="',
  '\u0000',
  '\u0001',
  '\u001f',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '😀',
  'é',
  '__proto__',
  'x',
];
/** Any text: ASCII with controls, any code point, lone surrogates and hostile pieces, mixed. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  ),
  maxLength: 40,
});

/** Mostly text XML can carry (so all five builder arguments often are), sometimes any text. */
const mostlyText = fc.oneof(
  { weight: 6, arbitrary: anyText.filter((s) => !FORBIDDEN.test(s)) },
  { weight: 1, arbitrary: anyText },
);

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Run `build`; when `s` has a character XML cannot carry it must fail with INVALID_CHAR, else succeed. */
function buildCarrying(
  s: string,
  build: () => string,
  otherwise?: (e: XmlError) => boolean,
): string | undefined {
  try {
    const out = build();
    if (FORBIDDEN.test(s)) throw new Error(`build wrote ${JSON.stringify(s)}, which XML 1.0 cannot carry`);
    tally.values++;
    return out;
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    if ((FORBIDDEN.test(s) && e.code === 'INVALID_CHAR') || otherwise?.(e)) {
      refused(e);
      return undefined;
    }
    throw e;
  }
}

// ---- parse targets ----

describe('fuzz: parse returns a value or throws XmlError, and what parses round-trips', () => {
  fuzz('parse: any text', fc.tuple(kindArb, anyText), 3000, ([k, text]) => {
    parseCheck(KINDS[k] as DocKind, text);
    parseCheck(KINDS[k] as DocKind, `<${(KINDS[k] as DocKind).root}>${text}</${(KINDS[k] as DocKind).root}>`);
  });

  const TOKENS = [
    '<',
    '>',
    '</',
    '/>',
    '<a',
    '<x:y',
    '</a>',
    '=',
    '"',
    "'",
    ' ',
    '\n',
    '&',
    '&amp;',
    '&lt;',
    '&#',
    '&#x',
    ';',
    '60',
    'zz',
    '<!--',
    '-->',
    '--',
    '<![CDATA[',
    ']]>',
    '<?xml version="1.0"?>',
    '<?',
    '?>',
    '<!DOCTYPE',
    '<!ENTITY',
    '<!ELEMENT',
    '[',
    ']',
    'SYSTEM "file:///etc/passwd"',
    '%',
    '\u0000',
    '\ufeff',
    '\uffff',
    '\ud800',
    'name',
    'memory',
    'unit="KiB"',
    'type=',
    'yes',
    '1024',
    '0x1f',
  ];
  const soup = (root: string) =>
    fc
      .array(fc.constantFrom(...TOKENS, `<${root}>`, `</${root}>`, `<${root} `), { maxLength: 30 })
      .map((t) => t.join(''));
  fuzz(
    'parse: XML-like token soup',
    kindArb.chain((k) => fc.tuple(fc.constant(k), soup((KINDS[k] as DocKind).root))),
    3000,
    ([k, text]) => {
      const kind = KINDS[k] as DocKind;
      parseCheck(kind, text);
      parseCheck(kind, `<${kind.root}>${text}</${kind.root}>`); // the same soup inside the root
    },
  );

  const mutation = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(...TOKENS, ...HOSTILE_PIECES),
    }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ op: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  );
  fuzz(
    'parse: mutated real documents',
    fc.tuple(fc.nat({ max: fixtures.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })),
    400,
    ([index, mutations]) => {
      const [folder, original] = fixtures[index] as [string, string];
      let text = original;
      for (const m of mutations) {
        const at = m.at % (text.length + 1);
        if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + m.len);
        else if (m.op === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
        else if (m.op === 'duplicate') text = text.slice(0, at + m.len) + text.slice(at);
        else {
          const to = m.to % (text.length + 1);
          text = text.slice(0, at) + text.slice(to, to + 1) + text.slice(at + 1);
        }
      }
      parseCheck(KINDS[folder] as DocKind, text);
    },
  );

  it('parse: every real document round-trips to the same object (not random: all of them)', () => {
    tally = { inputs: 0, values: 0, errors: new Map() };
    tallies.push(['parse: every real document (all, in order)', tally]);
    for (const [folder, text] of fixtures) {
      tally.inputs++;
      const def = (KINDS[folder] as DocKind).parse(text);
      tally.values++;
      roundTrips(KINDS[folder] as DocKind, def);
    }
  });

  // Well-formed documents from element trees, with names the kinds know and names they do not.
  const NAMES = [
    'name',
    'uuid',
    'memory',
    'currentMemory',
    'vcpu',
    'os',
    'type',
    'boot',
    'devices',
    'disk',
    'source',
    'target',
    'driver',
    'address',
    'interface',
    'mac',
    'features',
    'acpi',
    'apic',
    'clock',
    'timer',
    'metadata',
    'description',
    'title',
    'cpu',
    'model',
    'feature',
    'on_poweroff',
    'seclabel',
    'label',
    'capacity',
    'allocation',
    'path',
    'permissions',
    'usage',
    'forward',
    'ip',
    'dhcp',
    'range',
    'host',
    'bridge',
    'qemu:commandline',
    'qemu:arg',
    'x',
    'y:z',
    'é',
    '__proto__',
    'constructor',
  ];
  const ATTR_NAMES = [
    'type',
    'unit',
    'dev',
    'bus',
    'file',
    'name',
    'value',
    'placement',
    'mode',
    'slot',
    'domain',
    'function',
    'offset',
    'present',
    'model',
    'port',
    'xmlns:qemu',
    'foo',
    '__proto__',
  ];
  const VALUES = [
    '0',
    '1',
    'yes',
    'no',
    'on',
    'off',
    'KiB',
    'GiB',
    '0x1f',
    'virtio',
    '-5',
    ' 7 ',
    '9007199254740993',
    '',
  ];
  const value = fc.oneof(
    fc.constantFrom(...VALUES),
    anyText.filter((s) => !FORBIDDEN.test(s)),
  );
  type Tree = {
    tag: string;
    attrs: [string, string][];
    kids: (Tree | { t: string } | { c: string } | { d: string })[];
  };
  const { tree } = fc.letrec<{ tree: Tree; node: Tree | { t: string } | { c: string } | { d: string } }>(
    (tie) => ({
      tree: fc.record({
        tag: fc.constantFrom(...NAMES),
        attrs: fc.uniqueArray(fc.tuple(fc.constantFrom(...ATTR_NAMES), value), {
          maxLength: 3,
          selector: (a) => a[0],
        }),
        kids: fc.array(tie('node'), { maxLength: 4 }),
      }),
      node: fc.oneof(
        { maxDepth: 5, depthSize: 'small', withCrossShrink: true },
        fc.record({ t: value }),
        tie('tree'),
        fc.record({ c: fc.constantFrom(' c ', 'x', '', 'a-b', '<tag>') }),
        fc.record({ d: fc.constantFrom('', ' <&> ', 'x]]', 'CDATA') }),
      ),
    }),
  );
  // Three spellings: named entities and "; character references and '; minimal escaping with literal
  // tab/CR/LF (which XML normalises: CRLF to LF in text, whitespace to spaces in attribute values).
  const attrText = (v: string, quote: string, style: number) => {
    const escaped = v
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;');
    return style === 2 ? escaped : escaped.replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
  };
  const textOf = (v: string, style: number) =>
    style === 0
      ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
      : style === 1
        ? v.replace(/[&<>\r]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`)
        : v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const write = (t: Tree, style: number): string => {
    const q = style === 1 ? "'" : '"';
    const attrs = t.attrs.map(([n, v]) => ` ${n}=${q}${attrText(v, q, style)}${q}`).join('');
    const kids = t.kids
      .map((k) =>
        'tag' in k
          ? write(k, style)
          : 't' in k
            ? textOf(k.t, style)
            : 'c' in k
              ? `<!--${k.c.replace(/--/g, '- -').replace(/-$/, '- ')}-->`
              : `<![CDATA[${k.d}]]>`,
      )
      .join(['', '\n  ', '\r\n\t'][style]);
    return kids === '' && style === 1 ? `<${t.tag}${attrs}/>` : `<${t.tag}${attrs}>${kids}</${t.tag}>`;
  };
  fuzz(
    'parse: generated well-formed documents',
    fc.tuple(kindArb, tree, fc.nat({ max: 2 }), fc.boolean()),
    1500,
    ([k, t, style, declared]) => {
      const kind = KINDS[k] as DocKind;
      const text = `${declared ? '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n' : ''}${write({ ...t, tag: kind.root }, style)}\n`;
      const def = kind.parse(text); // well-formed: must parse
      tally.values++;
      roundTrips(kind, def);
    },
  );

  // Not well-formed, or refused by policy (DOCTYPEs: no entity expansion): each must be an XmlError.
  const REFUSED = [
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><R>&b;</R>',
    '<!DOCTYPE R SYSTEM "file:///etc/passwd"><R/>',
    '<!DOCTYPE R [<!ENTITY x SYSTEM "file:///etc/passwd">]><R>&x;</R>',
    '<!DOCTYPE R [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]><R/>',
    '<R>&lol9;</R>',
    '<R a="&lol;"/>',
    '<R>&#xD800;</R>',
    '<R>&#1114112;</R>',
    '<R>&#99999999999999999999;</R>',
    '<R a=unquoted/>',
    '<R a="1" a="1"/>',
    '<R><a></b></R>',
    '<R><a>',
    '<R>]]></R>',
    '<R/><R/>',
    '<R/>trailing',
    '<![CDATA[x]]><R/>',
    '<?xml version="1.0"?><?xml version="1.0"?><R/>',
    '<?xml?><R/>',
    '<R\u0000/>',
    '\ufeff\ufeff<R/>',
    '<R>\ud800</R>',
    '<R attr="a<b"/>',
    '<R><!-- a -- b --></R>',
    '<R><?pi unterminated</R>',
    '<R><a\u00b8/></R>',
  ];
  const hostile = fc.oneof(
    fc.constantFrom(...REFUSED),
    // XML 1.0 names that break the namespace rules: well-formed, so they may parse (and then round-trip).
    fc.constantFrom('<R xmlns:="x"/>', '<R><R:/></R>', '<R><:R/></R>', '<R><a:b:c/></R>'),
    // Nesting around the limit and far beyond it.
    fc
      .integer({ min: XML_MAX_DEPTH - 3, max: XML_MAX_DEPTH + 3 })
      .map((d) => `${'<R>'.repeat(d)}${'</R>'.repeat(d)}`),
    fc.integer({ min: 1000, max: 30_000 }).map((d) => `${'<R><x>'.repeat(d)}`),
    fc.integer({ min: 1000, max: 30_000 }).map((d) => `<R>${'<x>'.repeat(d)}${'</x>'.repeat(d)}</R>`),
    // Many attributes, many entities, long text, many comments.
    fc
      .integer({ min: 100, max: 20_000 })
      .map((n) => `<R ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}/>`),
    fc
      .integer({ min: 100, max: 20_000 })
      .map((n) => `<R ${Array.from({ length: n }, () => 'a="1"').join(' ')}/>`),
    fc.integer({ min: 100, max: 50_000 }).map((n) => `<R><name>${'&amp;&#60;&#x3e;'.repeat(n)}</name></R>`),
    fc.integer({ min: 100, max: 50_000 }).map((n) => `<R>${'<!--c-->x'.repeat(n)}</R>`),
    fc.integer({ min: 100, max: 50_000 }).map((n) => `<R>${'<![CDATA[<]]>'.repeat(n)}</R>`),
    fc.integer({ min: 1000, max: 200_000 }).map((n) => `<R><name>${'a'.repeat(n)}</name></R>`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `<R a="${'&'.repeat(n)}"/>`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `<R>${'<'.repeat(n)}</R>`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `<R>${'&a'.repeat(n)};</R>`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `${'<!--'.repeat(n)}<R/>`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `<R>${'<?p '.repeat(n)}</R>`),
  );
  fuzz(
    'parse: hostile documents (entities, DOCTYPEs, depth, size)',
    fc.tuple(kindArb, hostile),
    300,
    ([k, text]) => {
      const kind = KINDS[k] as DocKind;
      const doc = text.replace(/\bR\b/g, kind.root);
      if (REFUSED.includes(text) && parseOrXmlError(kind, doc) !== undefined)
        throw new Error(`parse accepted ${JSON.stringify(doc)}, which is not well-formed XML (or a DOCTYPE)`);
      parseCheck(kind, doc);
    },
  );
});

// ---- build targets ----

describe('fuzz: build carries any string exactly or refuses it with an XmlError', () => {
  const { parseSecretXml, buildSecretXml, parseDomainXml, buildDomainXml } = xml;

  fuzz(
    'build: strings in typed text, typed and kept attributes, raw text and comments',
    anyText,
    3000,
    (s) => {
      // Typed leaf text, a list of leaves (domain has none at the top; the secret's usage fields are leaves).
      const secretOut = buildCarrying(s, () =>
        buildSecretXml({
          description: s,
          usage: { type: 'volume', volume: s },
          $extra: { attrs: { kept: s } },
        }),
      );
      if (secretOut !== undefined) {
        const back = parseSecretXml(secretOut);
        expect(back.description).toBe(s);
        expect(back.usage?.volume).toBe(s);
        expect(back.$extra?.attrs?.kept).toBe(s);
      }
      // A typed string attribute (the disk's source file), raw text and a raw attribute in <metadata>.
      const domainOut = buildCarrying(s, () =>
        buildDomainXml({
          name: s,
          devices: { disks: [{ type: 'file', source: { file: s } }] },
          metadata: [{ name: 'app:x', attrs: { 'xmlns:app': 'urn:x', v: s }, children: [{ text: s }] }],
        }),
      );
      if (domainOut !== undefined) {
        const back = parseDomainXml(domainOut);
        expect(back.name).toBe(s);
        expect(back.devices?.disks?.[0]?.source?.file).toBe(s);
        const app = back.metadata?.[0] as xml.XmlElementNode;
        expect(app.attrs?.v).toBe(s);
        expect(app.children ?? []).toEqual(s === '' ? [] : [{ text: s }]);
      }
      // A comment: also refused when a comment cannot carry the text ('--', a final '-', CR which reads as LF).
      const commentBad = s.includes('--') || s.endsWith('-') || s.includes('\r');
      const commentOut = buildCarrying(
        s,
        () => buildDomainXml({ metadata: [{ comment: s }] }),
        (e) => commentBad && e.code === 'INVALID_VALUE',
      );
      if (commentOut !== undefined) {
        expect(commentBad).toBe(false);
        expect(parseDomainXml(commentOut).metadata).toEqual([{ comment: s }]);
      }
    },
  );

  const nameLike = fc.oneof(
    anyText,
    fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '_',
        ':',
        '-',
        '.',
        '0',
        '9',
        'é',
        '\u00b7',
        '\u00b8',
        '\u0300',
        '\u037e',
        '\u2070',
        '\ufffd',
        '\ud83d\ude00',
        ' ',
        '=',
        '"',
      ),
      minLength: 1,
      maxLength: 6,
    }),
  );
  fuzz('build: element and attribute names in raw content', nameLike, 3000, (n) => {
    // A name either comes back exactly (as an element and as an attribute), or is refused as INVALID_NAME.
    const accept = (e: XmlError) => e.code === 'INVALID_NAME';
    const out = buildCarrying(
      n,
      () => buildDomainXml({ metadata: [{ name: n, attrs: { [n]: 'v' } }] }),
      accept,
    );
    if (out !== undefined) {
      const back = parseOrXmlError(KINDS.domain as DocKind, out) as xml.DomainDef | undefined;
      if (back === undefined) throw new Error(`build wrote a name the parser refuses: ${JSON.stringify(n)}`);
      expect(back.metadata).toEqual([{ name: n, attrs: { [n]: 'v' } }]);
    }
    const kept = buildCarrying(n, () => buildSecretXml({ $extra: { attrs: { [n]: 'v' } } }), accept);
    if (kept !== undefined) expect(parseSecretXml(kept).$extra?.attrs).toEqual({ [n]: 'v' });
  });

  fuzz(
    'build: strings through DomainBuilder',
    fc.record({
      name: mostlyText,
      path: mostlyText,
      net: mostlyText,
      password: mostlyText,
      model: mostlyText,
    }),
    1500,
    ({ name, path, net, password, model }) => {
      let def: xml.DomainDef;
      try {
        def = new DomainBuilder(name, { type: 'qemu' })
          .memory('1 GiB')
          .disk({ source: { file: `/${path}` } })
          .network(net)
          .graphics('vnc', { password })
          .cpu({ model })
          .build();
      } catch (e) {
        if (!(e instanceof XmlError)) throw e;
        refused(e); // refused at the call, saying which argument
        return;
      }
      const all = name + path + net + password + model;
      const out = buildCarrying(all, () => buildDomainXml(def));
      if (out === undefined) return;
      const back = parseDomainXml(out);
      expect(back.name).toBe(name);
      expect(back.devices?.disks?.[0]?.source?.file).toBe(`/${path}`);
      expect(back.devices?.interfaces?.[0]?.source?.network).toBe(net);
      expect(back.devices?.graphics?.[0]?.passwd).toBe(password);
      expect(back.cpu?.model?.value).toBe(model);
    },
  );

  fuzz(
    'build: any value where a typed value goes',
    fc.tuple(
      fc.constantFrom('name', 'memory', 'vcpu', 'devices', 'metadata', '$extra', 'os', 'features', 'type'),
      fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
      }),
    ),
    2000,
    ([prop, v]) => {
      for (const def of [
        { [prop]: v },
        { devices: { disks: [{ [prop === 'name' ? 'source' : 'target']: v }] } },
      ]) {
        try {
          buildDomainXml(def as xml.DomainDef);
          tally.values++;
        } catch (e) {
          if (!(e instanceof XmlError))
            throw new Error(`build threw ${(e as Error)?.name}, not an XmlError: ${e}`);
          refused(e);
        }
      }
    },
  );
});
