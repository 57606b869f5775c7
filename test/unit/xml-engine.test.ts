import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  attr,
  child,
  defineDocument,
  type ElementDesc,
  element,
  flag,
  hex,
  int,
  leaf,
  leaves,
  list,
  listUnknown,
  oneOf,
  onOff,
  raw,
  type ShapeOf,
  sizeUnit,
  str,
  text,
  uint,
  XML_MAX_DEPTH,
  XmlError,
  type XmlType,
  XmlWrongKindError,
  yesNo,
} from '../../src/xml/index.js';

// A small description exercising every field type, independent of the libvirt kinds.
const size = element({ value: text(uint), unit: attr(sizeUnit) });
const address = element({ type: attr(oneOf('pci', 'drive')), bus: attr(hex(2)), slot: attr(hex(2)) });
const item = element({
  kind: attr(oneOf('a', 'b')),
  enabled: attr(yesNo),
  state: attr(onOff),
  note: leaf(str),
  address: child(address),
  readonly: flag(),
});
const box = element({
  id: attr(int),
  name: leaf(str),
  memory: child(size),
  items: list(item, 'item'),
  tags: leaves(str, 'tag'),
  metadata: raw(),
  extra: child(element({ arg: list(element({ value: attr(str) }), 'qemu:arg') }), 'qemu:commandline'),
});
type Box = XmlType<typeof box>;
const boxDoc = defineDocument('box', box, {
  namespaces: { qemu: 'http://libvirt.org/schemas/domain/qemu/1.0' },
});

/** A comparable form of a document: elements, attribute sets, trimmed text, children in order; no comments. */
const cmpParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  ignoreDeclaration: true,
});
function canonical(xml: string): unknown {
  const walk = (nodes: Record<string, unknown>[]): unknown[] =>
    nodes.map((n) => {
      const tag = Object.keys(n).find((k) => k !== ':@') as string;
      if (tag === '#text') return { text: n[tag] };
      const attrs = (n[':@'] ?? {}) as Record<string, string>;
      const sorted = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => a.localeCompare(b)));
      return { tag, attrs: sorted, kids: walk(n[tag] as Record<string, unknown>[]) };
    });
  return walk(cmpParser.parse(xml));
}

const SAMPLE = `<?xml version="1.0"?>
<box id="7" xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0" color="red">
  <!-- a comment -->
  <item kind="a" enabled="on" state="off"><note>first</note><readonly/></item>
  <name>one &amp; &lt;two&gt; &#233;</name>
  <memory unit="KiB">2097152</memory>
  <item kind="z" enabled="yes"><address type="pci" bus="0x00" slot="0x1f" mystery="1"/></item>
  <future version="2"><deeper x="y">t</deeper><deeper/></future>
  <tag>x</tag><tag>y</tag>
  <metadata><app:info xmlns:app="urn:app"><app:v>1</app:v></app:info></metadata>
  <qemu:commandline><qemu:arg value="-s"/></qemu:commandline>
</box>`;

describe('reading and writing with a description', () => {
  it('reads typed values and keeps everything else', () => {
    const b = boxDoc.parse(SAMPLE);
    expect(b.id).toBe(7);
    expect(b.name).toBe('one & <two> é');
    expect(b.memory).toMatchObject({ value: 2097152, unit: 'KiB' });
    expect(b.items?.[0]).toMatchObject({
      kind: 'a',
      enabled: true,
      state: false,
      note: 'first',
      readonly: true,
    });
    expect(b.items?.[1]?.address).toMatchObject({ type: 'pci', bus: 0, slot: 31 });
    expect(b.items?.[1]?.kind).toBeUndefined(); // 'z' is not a kind the description knows: kept as unknown
    expect(b.tags).toEqual(['x', 'y']);
    expect(b.metadata).toEqual([
      {
        name: 'app:info',
        attrs: { 'xmlns:app': 'urn:app' },
        children: [{ name: 'app:v', children: [{ text: '1' }] }],
      },
    ]);
    expect(b.extra?.arg).toEqual([{ value: '-s' }]);
  });

  it('round-trips semantically, in the original order', () => {
    const out = boxDoc.build(boxDoc.parse(SAMPLE));
    expect(canonical(out)).toEqual(canonical(SAMPLE));
    expect(out).toContain('<!-- a comment -->');
    expect(out.indexOf('<item kind="a"')).toBeLessThan(out.indexOf('<name>'));
  });

  it('lists unknown elements and attributes with 1-based sibling indexes', () => {
    expect(listUnknown(boxDoc.parse(SAMPLE))).toEqual([
      '/box/@color',
      '/box/item[2]/@kind',
      '/box/item[2]/address/@mystery',
      '/box/future[1]',
      '/box/future[1]/@version',
      '/box/future[1]/deeper[1]',
      '/box/future[1]/deeper[1]/@x',
      '/box/future[1]/deeper[2]',
    ]);
    expect(listUnknown(boxDoc.parse('<box><name>n</name></box>'))).toEqual([]);
  });

  it('needs the kind for objects it did not make, and says so', () => {
    const plain: Box = { name: 'n', $extra: { attrs: { odd: '1' } } };
    expect(() => listUnknown(plain)).toThrow(/pass its kind/);
    expect(listUnknown(plain, 'box')).toEqual(['/box/@odd']);
    expect(listUnknown(JSON.parse(JSON.stringify(boxDoc.parse(SAMPLE))), boxDoc)).toHaveLength(8);
  });
});

describe('values', () => {
  it('keeps the spelling of booleans and hex numbers while the value is unchanged', () => {
    const b = boxDoc.parse(
      '<box><item enabled="on" state="yes"><address bus="0x00" slot="0x1f"/></item></box>',
    );
    const out = boxDoc.build(b);
    expect(out).toContain('enabled="on"');
    expect(out).toContain('state="yes"');
    expect(out).toContain('slot="0x1f"');
    const first = b.items![0]!;
    first.enabled = false;
    first.state = true;
    first.address!.slot = 2;
    const edited = boxDoc.build(b);
    expect(edited).toContain('enabled="no"');
    expect(edited).toContain('state="yes"'); // true again: the kept spelling still applies
    expect(edited).toContain('slot="0x02"');
  });

  it('keeps sizes with their unit, never converting', () => {
    const b = boxDoc.parse('<box><memory unit="GiB">2</memory></box>');
    expect(b.memory).toEqual({ value: 2, unit: 'GiB' });
    expect(boxDoc.build(b)).toContain('<memory unit="GiB">2</memory>');
    expect(boxDoc.build({ memory: { value: 512 } })).toContain('<memory>512</memory>');
  });

  it('keeps integers a number cannot hold exactly as unknown text instead of rounding them', () => {
    const b = boxDoc.parse('<box><memory>18446744073709551615</memory></box>');
    expect(b.memory?.value).toBeUndefined();
    expect(listUnknown(b)).toEqual(['/box/memory/text()']);
    expect(boxDoc.build(b)).toContain('<memory>18446744073709551615</memory>');
  });

  it('rejects values that do not fit, naming the path', () => {
    const bad = { items: [{}, { kind: 'q' }] } as unknown as Box;
    expect(() => boxDoc.build(bad)).toThrow(XmlError);
    expect(() => boxDoc.build(bad)).toThrow("/box/item[2]/@kind: expected 'a' | 'b', got \"q\"");
    expect(() => boxDoc.build({ id: 1.5 })).toThrow(/\/box\/@id: expected an integer/);
    expect(() => boxDoc.build({ memory: { value: -1 } })).toThrow(/\/box\/memory\/text\(\)/);
    expect(() => boxDoc.build({ items: {} } as unknown as Box)).toThrow(/expected an array/);
    expect(() => boxDoc.build('x' as unknown as Box)).toThrow(/expected an object/);
  });

  it('reports a cycle in raw nodes instead of overflowing the stack', () => {
    const cyclic: { metadata: unknown[] } = { metadata: [] };
    const node: Record<string, unknown> = { name: 'n' };
    node.children = [node];
    cyclic.metadata.push(node);
    expect(() => boxDoc.build(cyclic as Box)).toThrow(
      expect.objectContaining({ code: 'TOO_DEEP', message: expect.stringMatching(/nested deeper than 256/) }),
    );
    expect(() => listUnknown({ $extra: { nodes: [node] } }, boxDoc)).toThrow(
      expect.objectContaining({ code: 'TOO_DEEP' }),
    );
  });

  it('rejects properties it does not know', () => {
    try {
      boxDoc.build({ name: 'x', nmae: 'y' } as unknown as Box);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError);
      expect((e as XmlError).code).toBe('UNKNOWN_PROPERTY');
      expect((e as XmlError).message).toContain("unknown property 'nmae'");
    }
  });
});

describe('comments inside values', () => {
  it('read a leaf split by a comment as its text and write the comment back where it was', () => {
    const xml = '<box>\n  <name>a<!--x-->b</name>\n</box>\n';
    const b = boxDoc.parse(xml);
    expect(b.name).toBe('ab');
    expect(b.$extra).toEqual({ content: { name: [{ text: 'a' }, { comment: 'x' }, { text: 'b' }] } });
    expect(listUnknown(b)).toEqual([]);
    expect(boxDoc.build(b)).toBe(xml);
    expect(boxDoc.build(JSON.parse(JSON.stringify(b)))).toBe(xml);
  });

  it('do the same for repeated leaves, text fields and flags', () => {
    const xml = [
      '<box>',
      '  <memory unit="KiB">20<!--c-->48</memory>',
      '  <item>',
      '    <readonly>\n  <!-- on -->\n</readonly>',
      '  </item>',
      '  <tag>1<!--one--></tag>',
      '  <tag><!--two-->2</tag>',
      '  <tag><!--none--></tag>',
      '</box>',
      '',
    ].join('\n');
    const b = boxDoc.parse(xml);
    expect(b.memory?.value).toBe(2048);
    expect(b.items?.[0]?.readonly).toBe(true);
    expect(b.tags).toEqual(['1', '2', '']);
    expect(listUnknown(b)).toEqual([]);
    expect(boxDoc.build(b)).toBe(xml);
  });

  it('keep the comments, first, when the value changes', () => {
    const b = boxDoc.parse('<box><name>a<!--x-->b</name><memory>1<!--y-->0</memory></box>');
    b.name = 'c & d';
    b.memory!.value = 20;
    expect(boxDoc.build(b)).toBe(
      '<box>\n  <name><!--x-->c &amp; d</name>\n  <memory><!--y-->20</memory>\n</box>\n',
    );
  });

  it('keep text a text field cannot read raw, in its place among the comments', () => {
    const xml = '<box>\n  <memory unit="KiB">2x<!--c-->48</memory>\n</box>\n';
    const b = boxDoc.parse(xml);
    expect(b.memory?.value).toBeUndefined();
    expect(boxDoc.build(b)).toBe(xml);
    expect(listUnknown(b)).toEqual(['/box/memory/text()']);
  });

  it('refuse content that is not text and comments', () => {
    const bad = (content: unknown) =>
      boxDoc.build({ name: 'x', $extra: { content: { name: content } } } as unknown as Box);
    expect(() => bad('text')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    expect(() => bad([{ name: 'el' }])).toThrow(/only text and comment nodes/);
    expect(() => bad([null])).toThrow(/only text and comment nodes/);
    expect(() => bad([{ comment: 'a--b' }])).toThrow(/comment cannot contain/);
    expect(() => bad([{ text: 'x' }, { comment: '\u0000' }])).toThrow(
      expect.objectContaining({ code: 'INVALID_CHAR' }),
    );
  });
});

describe('elements holding only comments', () => {
  it('are written without gaining whitespace, typed or raw, root included', () => {
    for (const xml of [
      '<box><!--only--></box>\n',
      '<box>\n  <memory unit="KiB"><!--c--></memory>\n  <item><!--a--><!--b--></item>\n</box>\n',
      '<box>\n  <future><!--c--></future>\n  <metadata>\n    <x><!--c--></x>\n  </metadata>\n</box>\n',
    ]) {
      const b = boxDoc.parse(xml);
      expect(boxDoc.build(b)).toBe(xml);
      expect(boxDoc.parse(boxDoc.build(b))).toEqual(b);
    }
  });

  it('drop the indentation around their comments once, then stay the same', () => {
    const b = boxDoc.parse('<box>\n  <item>\n    <!--c-->\n  </item>\n</box>');
    const out = boxDoc.build(b);
    expect(out).toBe('<box>\n  <item><!--c--></item>\n</box>\n');
    expect(boxDoc.build(boxDoc.parse(out))).toBe(out);
  });
});

describe('order', () => {
  it('writes a built object in the description order', () => {
    const out = boxDoc.build({ tags: ['t'], name: 'n', id: 1 });
    expect(out).toBe('<box id="1">\n  <name>n</name>\n  <tag>t</tag>\n</box>\n');
  });

  it('puts new items after their same-named siblings and new fields at their described place', () => {
    const b = boxDoc.parse('<box><tag>1</tag><item kind="a"/><name>n</name></box>');
    b.items!.push({ kind: 'b' });
    b.memory = { value: 1 };
    const names = [...boxDoc.build(b).matchAll(/<(\w+)[ />]/g)].map((m) => m[1]);
    expect(names).toEqual(['box', 'tag', 'item', 'item', 'name', 'memory']);
  });
});

describe('hostile values cannot change the structure', () => {
  const hostile = [
    `"><evil a="1`,
    `'/><x/>`,
    '</name><injected/>',
    '&amp; &lt; &#x3c;',
    ']]><![CDATA[',
    '<!-- c -->',
    'tab\tnewline\ncr\r',
    '<?pi x?>',
  ];
  for (const h of hostile) {
    it(`keeps ${JSON.stringify(h)} as a value`, () => {
      const def: Box = { name: h, items: [{ note: h }], tags: [h], $extra: { attrs: { custom: h } } };
      const out = boxDoc.build(def);
      const back = boxDoc.parse(out);
      expect(back.name).toBe(h);
      expect(back.items?.[0]?.note).toBe(h);
      expect(back.tags).toEqual([h]);
      expect(back.$extra?.attrs?.custom).toBe(h);
      expect(listUnknown(back)).toEqual(['/box/@custom']);
    });
  }

  it('refuses characters XML 1.0 cannot carry', () => {
    for (const bad of ['\u0000', 'a\u0001b', '\u001f', '\uffff', '\ud800']) {
      expect(() => boxDoc.build({ name: bad })).toThrow(expect.objectContaining({ code: 'INVALID_CHAR' }));
    }
  });

  it('builds exactly the names parse accepts: XML 1.0 names, colons and characters above U+FFFF included', () => {
    const names: [string, boolean][] = [
      ['a', true],
      [':a', true],
      ['a:b:c', true],
      ['xmlns:', true],
      ['a\u00b7', true],
      ['a\u0300', true],
      ['a\u203f', true],
      ['\u{1F600}', true],
      ['a\u{10000}', true],
      ['a\ufffd', true],
      ['a\u00b8', false], // U+00B8 is in no name range (accepted by build before: it wrote unparseable XML)
      ['\u00b7a', false],
      ['\u0300', false],
      ['\u{F0000}', false],
      ['a\uffff', false],
      ['a\ud800', false],
      ['\u00d7', false],
      ['a\u037e', false],
      ['1a', false],
      ['-a', false],
      ['a b', false],
    ];
    for (const [name, ok] of names) {
      const def = { metadata: [{ name, attrs: { [name]: 'v' } }] };
      if (ok) {
        const out = boxDoc.build(def);
        expect(boxDoc.parse(out).metadata).toEqual(def.metadata);
      } else {
        expect(() => boxDoc.build(def)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
        expect(() => boxDoc.parse(`<box><metadata><${name}/></metadata></box>`)).toThrow(XmlError);
      }
    }
  });

  it('refuses names that are not XML names in raw content', () => {
    expect(() => boxDoc.build({ metadata: [{ name: 'a><b' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_NAME' }),
    );
    expect(() => boxDoc.build({ $extra: { attrs: { 'x="1" y': '2' } } })).toThrow(/not a valid XML name/);
    expect(() => boxDoc.build({ metadata: [{ comment: 'a -- b' }] })).toThrow(/comment/);
    // CR cannot be escaped in a comment and would come back as LF: refused, not changed.
    expect(() => boxDoc.build({ metadata: [{ comment: 'a\r\nb' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringMatching(/carriage return/) }),
    );
  });
});

describe('bad documents', () => {
  const cases: [string, number, number][] = [
    ['<box>\n  <name>x</nam>\n</box>', 2, 10],
    ['<box>\n<item>\n</box>', 3, 1],
    ['<box a="1" a="2"/>', 1, 12],
    ['<box>\n\n  <name x=1/></box>', 3, 11],
  ];
  for (const [xml, line, column] of cases) {
    it(`reports line ${line} column ${column} for ${JSON.stringify(xml)}`, () => {
      try {
        boxDoc.parse(xml);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(XmlError);
        expect(e).toMatchObject({ code: 'MALFORMED', line, column });
      }
    });
  }

  it('rejects empty text, text outside the root and two roots', () => {
    expect(() => boxDoc.parse('')).toThrow(XmlError);
    expect(() => boxDoc.parse('just text')).toThrow(XmlError);
    expect(() => boxDoc.parse('<box/><box/>')).toThrow(/second root/);
    expect(() => boxDoc.parse('<box/><![CDATA[x]]>')).toThrow(/CDATA section after the root/);
    expect(() => boxDoc.parse(42 as unknown as string)).toThrow(/as a string/);
  });

  it('rejects DOCTYPEs and unknown entities (no entity expansion)', () => {
    const bomb = '<!DOCTYPE box [<!ENTITY a "aaaa">]>\n<box><name>&a;</name></box>';
    expect(() => boxDoc.parse(bomb)).toThrow(
      expect.objectContaining({ code: 'DOCTYPE', line: 1, column: 1 }),
    );
    expect(() => boxDoc.parse('<box>\n<name>&nbsp;</name></box>')).toThrow(
      expect.objectContaining({ code: 'ENTITY', line: 2 }),
    );
    expect(() => boxDoc.parse('<box><name>&#0;</name></box>')).toThrow(
      expect.objectContaining({ code: 'ENTITY' }),
    );
    expect(() => boxDoc.parse('<box><name>a & b</name></box>')).toThrow(XmlError);
  });

  it('keeps names that are also JavaScript property names, __proto__ included', () => {
    const xml = '<box toString="1" __proto__="2" constructor="3"><valueOf/><__proto__ a="b"/></box>';
    const b = boxDoc.parse(xml);
    expect(listUnknown(b)).toEqual([
      '/box/@toString',
      '/box/@__proto__',
      '/box/@constructor',
      '/box/valueOf[1]',
      '/box/__proto__[1]',
      '/box/__proto__[1]/@a',
    ]);
    expect(Object.getPrototypeOf(b.$extra?.attrs)).toBe(Object.prototype);
    const out = boxDoc.build(b);
    expect(out).toBe(
      '<box toString="1" __proto__="2" constructor="3">\n  <valueOf/>\n  <__proto__ a="b"/>\n</box>\n',
    );
    const revived = JSON.parse(JSON.stringify(b)).$extra.attrs;
    expect(Object.getOwnPropertyDescriptor(revived, '__proto__')?.value).toBe('2');
  });

  it('names both root elements when the kind is wrong', () => {
    try {
      boxDoc.parse('<pool type="dir"/>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlWrongKindError);
      expect(e).toBeInstanceOf(XmlError);
      expect(e).toMatchObject({ code: 'WRONG_KIND', expected: 'box', actual: 'pool' });
      expect((e as Error).message).toContain('<box>');
      expect((e as Error).message).toContain('<pool>');
    }
  });
});

describe('namespaces', () => {
  it('declares a namespace the typed fields use', () => {
    const out = boxDoc.build({ extra: { arg: [{ value: '-S' }] } });
    expect(out).toMatch(/^<box xmlns:qemu="http:\/\/libvirt.org\/schemas\/domain\/qemu\/1.0">/);
    expect(listUnknown(boxDoc.parse(out))).toEqual([]);
  });
});

describe('recursive descriptions', () => {
  const chainFields = { type: attr(str), file: leaf(str) } as const;
  interface Chain extends ShapeOf<typeof chainFields> {
    chain?: Chain;
  }
  const chain: ElementDesc<Chain> = element({
    ...chainFields,
    chain: child((): ElementDesc<Chain> => chain),
  });
  const chainDoc = defineDocument('chain', chain);

  it('reads and writes a nested chain of any depth', () => {
    const xml =
      '<chain type="a"><file>1</file><chain type="b"><chain type="c"><odd/></chain></chain></chain>';
    const c = chainDoc.parse(xml);
    expect(c.chain?.chain?.type).toBe('c');
    expect(listUnknown(c)).toEqual(['/chain/chain/chain/odd[1]']);
    expect(chainDoc.parse(chainDoc.build(c))).toEqual(c);
  });

  it('reports a cycle in typed elements instead of overflowing the stack', () => {
    const loop: Chain = { type: 'a' };
    loop.chain = loop;
    expect(() => chainDoc.build(loop)).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }));
    expect(() => listUnknown(loop, chainDoc)).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }));
  });

  it('parses, builds and lists exactly XML_MAX_DEPTH levels, typed or raw, and refuses one more the same way', () => {
    const typed = (levels: number) => `${'<chain>'.repeat(levels)}${'</chain>'.repeat(levels)}`;
    const mixed = (levels: number) =>
      `<chain><chain>${'<raw>'.repeat(levels - 2)}${'</raw>'.repeat(levels - 2)}</chain></chain>`;
    for (const xml of [typed, mixed].map((f) => f(XML_MAX_DEPTH))) {
      const c = chainDoc.parse(xml);
      const out = chainDoc.build(c);
      expect(chainDoc.parse(out)).toEqual(c);
      expect(listUnknown(c).length).toBe(xml.startsWith('<chain><chain><raw>') ? XML_MAX_DEPTH - 2 : 0);
      // One level more: parse refuses the text; build and listUnknown refuse the object.
      expect(() =>
        chainDoc.parse(xml.replace('<chain>', '<chain><chain>').replace('</chain>', '</chain></chain>')),
      ).toThrow(expect.objectContaining({ code: 'TOO_DEEP', line: 1 }));
      const deeper: Chain = { chain: c };
      expect(() => chainDoc.build(deeper)).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }));
      expect(() => listUnknown(deeper, chainDoc)).toThrow(expect.objectContaining({ code: 'TOO_DEEP' }));
    }
  });

  it('refuses 10,000 levels with an XmlError at the first element too deep, not a stack overflow', () => {
    const xml = `${'<chain>'.repeat(10_000)}${'</chain>'.repeat(10_000)}`;
    expect(() => chainDoc.parse(xml)).toThrow(
      expect.objectContaining({ name: 'XmlError', code: 'TOO_DEEP', line: 1, column: 7 * XML_MAX_DEPTH + 1 }),
    );
  });
});
