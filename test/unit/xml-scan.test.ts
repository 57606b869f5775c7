import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../src/xml/engine/scan.js';
import { XML_MAX_DEPTH, XmlError } from '../../src/xml/index.js';

// The strict XML reader under the model: well-formedness errors with positions, and XML's normalisations.
describe('scanDocument reports the first well-formedness error with its position', () => {
  const cases: [string, string, number, number, RegExp][] = [
    [
      'mismatched end tag',
      '<a>\n  <b>x</c>\n</a>',
      2,
      7,
      /expected <\/b> \(opened at line 2, column 3\) but found <\/c>/,
    ],
    ['unclosed element', '<a>\n<b>', 2, 4, /<b> opened at line 2, column 1 is not closed/],
    ['repeated attribute', '<a x="1" x="2"/>', 1, 10, /attribute 'x' is repeated/],
    ['unquoted value', '<a x=1/>', 1, 6, /must be quoted/],
    ['unclosed value', '<a x=\'1"/>', 1, 6, /is not closed/],
    ['attributes without space', '<a x="1"y="2"/>', 1, 9, /expected whitespace/],
    ['< in a value', '<a x="a<b"/>', 1, 8, /contains '<'/],
    ['a second root', '<a/>\n<b/>', 2, 1, /a second root element/],
    ['text before the root', 'hi <a/>', 1, 1, /text before the root/],
    ['text after the root', '<a/> hi', 1, 6, /text after the root/],
    ['a stray end tag', '</a>', 1, 1, /without an open element/],
    ['a bad name', '<1a/>', 1, 2, /expected a name/],
    ['-- in a comment', '<a><!-- x -- y --></a>', 1, 4, /'--' is not allowed/],
    [']]> in text', '<a>x ]]> y</a>', 1, 6, /']]>' is not allowed/],
    ['a bare &', '<a>fish & chips</a>', 1, 9, /bare '&'/],
    ['a late XML declaration', '<a/><?xml version="1.0"?>', 1, 5, /must come first/],
    ['a control character', '<a>\u0007</a>', 1, 4, /U\+0007 is not allowed/],
    ['an unclosed comment', '<a><!-- x</a>', 1, 4, /comment is not closed/],
    ['CDATA before the root', '<![CDATA[x]]><a/>', 1, 1, /a CDATA section before the root element/],
    ['CDATA after the root', '<a/>\n<![CDATA[]]>', 2, 1, /a CDATA section after the root element/],
    ['an XML declaration without a version', '<?xml?><a/>', 1, 1, /not an XML declaration/],
    ['an XML declaration with a bad version', '<?xml version="2.0"?><a/>', 1, 1, /not an XML declaration/],
    ['an XML declaration in another case', '<?XML version="1.0"?><a/>', 1, 1, /not an XML declaration/],
    ['a late declaration in another case', '<a><?Xml version="1.0"?></a>', 1, 4, /must come first/],
    [
      'a PI target without whitespace',
      '<a/><?pi"x"?>',
      1,
      9,
      /after the processing instruction's target 'pi'/,
    ],
    ['markup that is none of XML', '<!ELEMENT a ANY><a/>', 1, 1, /unexpected markup/],
  ];
  for (const [what, xml, line, column, message] of cases) {
    it(what, () => {
      try {
        scanDocument(xml);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(XmlError);
        expect(e).toMatchObject({ code: 'MALFORMED', line, column });
        expect((e as Error).message).toMatch(message);
        expect((e as Error).message).toContain(`line ${line}, column ${column}`);
      }
    });
  }

  it('refuses a document that is not a string or has no root', () => {
    expect(() => scanDocument(Buffer.from('<a/>'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => scanDocument('  \n')).toThrow(/no root element/);
    expect(() => scanDocument('<!-- only a comment -->')).toThrow(/no root element/);
  });
});

describe('scanDocument reads XML as XML does', () => {
  it('normalises literal whitespace in attribute values, but not character references', () => {
    const el = scanDocument('<a x="one\ttwo\nthree" y="a&#10;b&#9;c"/>');
    expect(el.attrs).toEqual(['x', 'one two three', 'y', 'a\nb\tc']);
  });

  it('normalises CRLF line ends in text and merges CDATA into the text around it', () => {
    const el = scanDocument('<a>one\r\ntwo<![CDATA[ <&> ]]>three</a>');
    expect(el.kids).toEqual(['one\ntwo <&> three']);
  });

  it('reads an empty CDATA section as no text at all', () => {
    expect(scanDocument('<a><![CDATA[]]></a>').kids).toEqual([]);
    expect(scanDocument('<a><![CDATA[]]><!--c--><![CDATA[]]>x</a>').kids).toEqual([{ comment: 'c' }, 'x']);
  });

  it('decodes the five entities and character references', () => {
    expect(scanDocument('<a>&lt;&gt;&amp;&quot;&apos;&#233;&#x1F600;</a>').kids).toEqual(['<>&"\'é😀']);
  });

  it('skips a byte order mark, the XML declaration, processing instructions and comments outside the root', () => {
    const el = scanDocument(
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- before --><a><?pi x?><!-- in --></a><!-- after -->',
    );
    expect(el).toEqual({ name: 'a', attrs: [], kids: [{ comment: ' in ' }] });
    for (const decl of [
      "<?xml version='1.1'?>",
      '<?xml version = "1.0" standalone="yes" ?>',
      '<?xml version="1.0" encoding=\'utf-8\' standalone="no"?>',
    ])
      expect(scanDocument(`${decl}<!--c--><?pi?>\n<a/>\n<?pi2 x y ?>`).name).toBe('a');
  });

  it('keeps names that are JavaScript property names and namespace prefixes', () => {
    const el = scanDocument('<qemu:commandline __proto__="1" constructor="2"><toString/></qemu:commandline>');
    expect(el.name).toBe('qemu:commandline');
    expect(el.attrs).toEqual(['__proto__', '1', 'constructor', '2']);
    expect(el.kids).toEqual([{ name: 'toString', attrs: [], kids: [] }]);
  });

  it('reads 100,000 attributes in linear time and finds a repeat among them', () => {
    // Quadratic repeat detection took ~16 s here (22–34 s in issue 11); linear takes ~0.1 s. The test's
    // default 5 s timeout is the only clock: nothing here measures time.
    const n = 100_000;
    const names = Array.from({ length: n }, (_, i) => `a${i}="${i}"`);
    const el = scanDocument(`<a ${names.join(' ')}/>`);
    expect(el.attrs.length).toBe(2 * n);
    expect(el.attrs.slice(-2)).toEqual([`a${n - 1}`, `${n - 1}`]);
    const repeat = `<a ${names.join(' ')} a17="again"/>`;
    expect(() => scanDocument(repeat)).toThrow(/attribute 'a17' is repeated/);
    // A repeat found by the short list scan (the first few attributes) and by the Set (later ones).
    expect(() => scanDocument('<a x="1" y="2" x="3"/>')).toThrow(/'x' is repeated/);
    const twenty = Array.from({ length: 20 }, (_, i) => `b${i}="1"`).join(' ');
    expect(() => scanDocument(`<a ${twenty} b19="2"/>`)).toThrow(/'b19' is repeated/);
    expect(() => scanDocument(`<a ${twenty} b0="2"/>`)).toThrow(/'b0' is repeated/);
  });

  it('reads nesting up to XML_MAX_DEPTH and stops one level deeper with TOO_DEEP, without recursion', () => {
    const nest = (depth: number, inner = 'x') => `${'<a>'.repeat(depth)}${inner}${'</a>'.repeat(depth)}`;
    const el = scanDocument(nest(XML_MAX_DEPTH));
    let d = 1;
    let cur = el;
    while (typeof cur.kids[0] === 'object' && 'name' in cur.kids[0]) {
      cur = cur.kids[0];
      d++;
    }
    expect(d).toBe(XML_MAX_DEPTH);
    expect(scanDocument(nest(XML_MAX_DEPTH - 1, '<b/>'))).toBeDefined(); // an empty element counts as a level
    for (const xml of [nest(XML_MAX_DEPTH + 1), nest(XML_MAX_DEPTH, '<b/>'), nest(100_000)]) {
      try {
        scanDocument(xml);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(XmlError);
        expect(e).toMatchObject({ code: 'TOO_DEEP', line: 1, column: 3 * XML_MAX_DEPTH + 1 });
        expect((e as Error).message).toBe(
          `at line 1, column ${3 * XML_MAX_DEPTH + 1}: elements nested deeper than 256 levels (XML_MAX_DEPTH, the same for parse and build)`,
        );
      }
    }
  });
});
