import { describe, expect, it } from 'vitest';
import {
  canonicalPath,
  decodeEntities,
  parseXmlTree,
  subtreesByPath,
  XmlSemanticInputError,
  xmlDifferences,
} from '../helpers/xml-semantic.js';

const base = `<?xml version="1.0"?>
<domain type="kvm">
  <name>vm</name>
  <devices>
    <disk type="file" device="disk"><source file="/a.img"/></disk>
    <disk type="file" device="cdrom"><source file="/b.iso"/></disk>
    <interface type="network"/>
  </devices>
</domain>`;

describe('xmlDifferences accepts what carries no meaning', () => {
  it('returns no differences for the same document', () => {
    expect(xmlDifferences(base, base)).toEqual([]);
  });

  it('accepts attribute reordering, quote style and whitespace between elements', () => {
    const reordered = `<domain type='kvm'><name>vm</name><devices>
      <disk device='disk' type='file'><source file='/a.img'></source></disk>
      <disk device="cdrom"   type="file"><source file="/b.iso"/></disk><interface type="network"/>
      </devices></domain>`;
    expect(xmlDifferences(base, reordered)).toEqual([]);
  });

  it('compares text trimmed and entities decoded, CDATA as text', () => {
    const a = '<a><t>x &lt; y &amp; &#34;z&#x22;</t><u a="&apos;q&apos;"/></a>';
    const b = '<a><t>\n   <![CDATA[x < y & "z"]]>  </t><u a="\'q\'"/></a>';
    expect(xmlDifferences(a, b)).toEqual([]);
  });

  it('ignores comments, processing instructions and order between differently named siblings', () => {
    const a = '<a><b/><c/><!-- note --></a>';
    const b = '<?xml version="1.0"?><?pi data?><a><c/><b/></a>';
    expect(xmlDifferences(a, b)).toEqual([]);
  });
});

describe('xmlDifferences reports each kind of difference with its path', () => {
  const cases: Array<[string, string, string, string]> = [
    [
      'a missing attribute',
      '<a><b x="1" y="2"/></a>',
      '<a><b x="1"/></a>',
      '/a/b/@y: attribute missing (expected "2")',
    ],
    ['an unexpected attribute', '<a><b/></a>', '<a><b z="3"/></a>', '/a/b/@z: unexpected attribute "3"'],
    ['a changed attribute', '<a><b x="1"/></a>', '<a><b x="2"/></a>', '/a/b/@x: expected "1", got "2"'],
    ['changed text', '<a><b>one</b></a>', '<a><b>two</b></a>', '/a/b: text expected "one", got "two"'],
    ['lost text', '<a><b>one</b></a>', '<a><b/></a>', '/a/b: text expected "one", got ""'],
    ['a missing element', '<a><b/><b/></a>', '<a><b/></a>', '/a/b[2]: element missing (expected 2, got 1)'],
    ['an unexpected element', '<a/>', '<a><extra/></a>', '/a/extra: unexpected element'],
    ['a missing subtree', '<a><m><n/></m></a>', '<a/>', '/a/m: element missing (expected 1, got 0)'],
    ['a different root', '<domain/>', '<pool/>', '/: root element expected <domain>, got <pool>'],
  ];
  for (const [what, expected, actual, difference] of cases) {
    it(`reports ${what}`, () => {
      expect(xmlDifferences(expected, actual)).toEqual([difference]);
    });
  }

  it('reports reordering among same-named siblings', () => {
    const swapped = base.replace('/a.img', '/TMP').replace('/b.iso', '/a.img').replace('/TMP', '/b.iso');
    expect(xmlDifferences(base, swapped)).toEqual([
      '/domain/devices/disk[1]/source/@file: expected "/a.img", got "/b.iso"',
      '/domain/devices/disk[2]/source/@file: expected "/b.iso", got "/a.img"',
    ]);
  });

  it('reports a namespace prefix change as a different element', () => {
    const a = '<d><metadata><x:info xmlns:x="urn:x"/></metadata></d>';
    const b = '<d><metadata><y:info xmlns:y="urn:x"/></metadata></d>';
    expect(xmlDifferences(a, b)).toEqual([
      '/d/metadata/x:info: element missing (expected 1, got 0)',
      '/d/metadata/y:info: unexpected element',
    ]);
  });

  it('reports malformed input as a difference instead of throwing', () => {
    expect(xmlDifferences('<a><b></a>', '<a/>')[0]).toMatch(
      /^expected document: not well-formed XML \(line 1/,
    );
    expect(xmlDifferences('<a/>', '<a>')[0]).toMatch(/^actual document: not well-formed XML/);
    expect(() => parseXmlTree('<a/><b/>')).toThrow(XmlSemanticInputError);
  });
});

describe('path helpers', () => {
  it('decodes only XML entities and character references', () => {
    expect(decodeEntities('&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&nbsp;')).toBe('<>&\'"AB&nbsp;');
  });

  it('maps every element and attribute to its subtree with indexed paths', () => {
    const paths = subtreesByPath(parseXmlTree(base));
    expect(paths.get('/domain[1]/devices[1]/disk[2]')).toEqual([
      '/domain[1]/devices[1]/disk[2]',
      '/domain[1]/devices[1]/disk[2]/@type',
      '/domain[1]/devices[1]/disk[2]/@device',
      '/domain[1]/devices[1]/disk[2]/source[1]',
      '/domain[1]/devices[1]/disk[2]/source[1]/@file',
    ]);
    expect(paths.get('/domain[1]/@type')).toEqual(['/domain[1]/@type']);
    // 1 domain + @type + name + devices + 2×(disk, @type, @device, source, @file) + interface + @type
    expect(paths.get('/domain[1]')).toHaveLength(16);
  });

  it('canonicalises listUnknown-style paths', () => {
    expect(canonicalPath('/domain/devices/disk[2]/driver/@foo')).toBe(
      '/domain[1]/devices[1]/disk[2]/driver[1]/@foo',
    );
  });
});
