/**
 * Schema coverage (issue 10, deliverable 2): for each document kind the model covers, every element, attribute
 * and text path libvirt's RelaxNG grammar allows (test/helpers/rng-walk.ts), and whether the model types it.
 * Used by test/unit/xml-schema-coverage.test.ts and scripts/xml-schema-coverage.ts (which writes the table in
 * docs/xml-model.md), so the test and the docs measure the same way.
 *
 * A path is typed when the kind's compiled description has a field for it: an attribute field for `@x`, a
 * child/list/leaf/leaves/flag/raw field for an element, a text field (or a leaf) for `text()`. A wildcard
 * (`<anyName>` content such as `<metadata>`) is typed when the model keeps it as raw nodes (`raw()`: typed as
 * `XmlNode[]`). Below a raw field nothing else is typed. The root of an embedded grammar (the snapshot's
 * `<domain>`) is listed, not descended: the embedded kind's own row measures it.
 *
 * Value types: an attribute or text the grammar gives as yes/no or on/off typed with anything but a boolean
 * kind (`yesNo`, `onOff`), or a `<choice>` of `<value>`s or an integer `<data>` type typed with the plain string
 * kind, is listed as `loose` (typed, but looser than the grammar). A typed path whose kind cannot read one of the grammar's `<value>`s (an enum missing a member)
 * is listed as `unread`: such a value would be kept unknown.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Compiled } from '../../src/xml/engine/compile.js';
import { compile } from '../../src/xml/engine/compile.js';
import type { ElementDesc } from '../../src/xml/engine/describe.js';
import type { Kind } from '../../src/xml/engine/kinds.js';
import { onOff, str, yesNo } from '../../src/xml/engine/kinds.js';
import * as model from '../../src/xml/index.js';
import { classify, type GrammarPath, type ValueClass, walkSchema } from './rng-walk.js';

export interface CoverageKind {
  /** The row's name. */
  readonly kind: string;
  /** The rng file in /usr/share/libvirt/schemas whose `<start>` is the kind's root. */
  readonly rng: string;
  /** The model's description of the root element. */
  readonly desc: ElementDesc<unknown>;
}

/** One row per document kind the model covers. New kinds add a row. */
export const COVERAGE_KINDS: readonly CoverageKind[] = [
  { kind: 'domain', rng: 'domain.rng', desc: model.domainDocument.desc },
  { kind: 'domain capabilities', rng: 'domaincaps.rng', desc: model.domainCapabilitiesDocument.desc },
  { kind: 'capabilities', rng: 'capability.rng', desc: model.capabilitiesDocument.desc },
  { kind: 'domain snapshot', rng: 'domainsnapshot.rng', desc: model.domainSnapshotDocument.desc },
  { kind: 'domain checkpoint', rng: 'domaincheckpoint.rng', desc: model.domainCheckpointDocument.desc },
  { kind: 'network', rng: 'network.rng', desc: model.networkDocument.desc },
  { kind: 'network port', rng: 'networkport.rng', desc: model.networkPortDocument.desc },
  { kind: 'node device', rng: 'nodedev.rng', desc: model.nodeDeviceDocument.desc },
  { kind: 'secret', rng: 'secret.rng', desc: model.secretDocument.desc },
  { kind: 'storage pool', rng: 'storagepool.rng', desc: model.storagePoolDocument.desc },
  { kind: 'storage volume', rng: 'storagevol.rng', desc: model.storageVolumeDocument.desc },
  {
    kind: 'storage pool capabilities',
    rng: 'storagepoolcaps.rng',
    desc: model.storagePoolCapabilitiesDocument.desc,
  },
  { kind: 'host interface', rng: 'interface.rng', desc: model.hostInterfaceDocument.desc },
  { kind: 'network filter', rng: 'nwfilter.rng', desc: model.nwfilterDocument.desc },
  { kind: 'network filter binding', rng: 'nwfilterbinding.rng', desc: model.nwfilterBindingDocument.desc },
  { kind: 'domain backup', rng: 'domainbackup.rng', desc: model.domainBackupDocument.desc },
];

/**
 * Why a grammar path stays untyped (kept losslessly, listed by listUnknown). The coverage test fails on an
 * untyped path without a reason here, and the docs list them from this table.
 */
export const UNTYPED_REASONS: Record<string, string> = {
  '/domain/devices/disk/transient/@shareBacking':
    '`transient` is a presence flag in the model (`Disk.transient: boolean`); typing this attribute needs the field to become an object, a breaking change to `Disk` for one attribute, so it stays raw',
};

export type Status = 'typed' | 'raw' | 'untyped';

export interface PathCoverage {
  readonly grammar: GrammarPath;
  readonly status: Status;
  /** For typed attributes and text: the grammar asks for more than the model's plain string. */
  readonly loose?: ValueClass;
  /** For typed attributes and text: `<value>`s of the grammar the model's kind cannot read (kept unknown). */
  readonly unread?: string[];
}

export interface KindCoverage {
  readonly kind: string;
  readonly rng: string;
  readonly paths: PathCoverage[];
  readonly total: number;
  readonly typed: number;
  readonly percent: number;
  readonly untyped: PathCoverage[];
  readonly loose: PathCoverage[];
  /** Typed paths whose kind cannot read some of the grammar's `<value>`s. */
  readonly unread: PathCoverage[];
  readonly cuts: Map<string, string>;
}

type Where =
  | { mode: 'element'; c: Compiled }
  | { mode: 'leaf'; kind: Kind<unknown> }
  | { mode: 'flag' }
  | { mode: 'raw' }
  | { mode: 'none' };

/** Follows a grammar path through the compiled description: is it typed, and with which value kind? */
function lookup(root: Compiled, path: string): { status: Status; kind?: Kind<unknown> } {
  const steps = path.split('/').slice(2); // '', root, ...
  let at: Where = { mode: 'element', c: root };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as string;
    const last = i === steps.length - 1;
    if (step === '*' || step === '@*') return { status: at.mode === 'raw' && last ? 'raw' : 'untyped' };
    if (at.mode !== 'element') {
      if (last && step === 'text()' && at.mode === 'leaf') return { status: 'typed', kind: at.kind };
      return { status: 'untyped' };
    }
    const c: Compiled = at.c;
    if (step.startsWith('@')) {
      const a = c.attrs.get(step.slice(1));
      return a && last ? { status: 'typed', kind: a.kind } : { status: 'untyped' };
    }
    if (step === 'text()') return c.text ? { status: 'typed', kind: c.text.kind } : { status: 'untyped' };
    const ch = c.children.get(step);
    if (!ch) return { status: 'untyped' };
    if (ch.field === 'child' || ch.field === 'list') at = { mode: 'element', c: (ch.el as () => Compiled)() };
    else if (ch.field === 'leaf' || ch.field === 'leaves')
      at = { mode: 'leaf', kind: ch.kind as Kind<unknown> };
    else if (ch.field === 'flag') at = { mode: 'flag' };
    else if (ch.field === 'raw') at = { mode: 'raw' };
    else at = { mode: 'none' };
  }
  return { status: 'typed' };
}

const BOOLEAN_KINDS = new Set<Kind<unknown>>([yesNo, onOff]);

/** Is the model's kind looser than the grammar's value class? */
function looserThan(want: ValueClass, kind: Kind<unknown>): boolean {
  if (want === 'boolean') return !BOOLEAN_KINDS.has(kind);
  if (want === 'enum' || want === 'integer') return kind === str;
  return false;
}

/** Measures one kind: every grammar path, typed or not. */
export function measure(k: CoverageKind, schemaDir?: string): KindCoverage {
  const walked = walkSchema(k.rng, schemaDir);
  const root = compile(k.desc);
  const paths: PathCoverage[] = [];
  for (const g of walked.paths.values()) {
    const { status, kind } = lookup(root, g.path);
    const want = classify(g.value);
    const loose = status === 'typed' && kind && looserThan(want, kind) ? want : undefined;
    const unread =
      status === 'typed' && kind && g.value
        ? [...g.value.values].filter((v) => kind.parse(v) === undefined)
        : [];
    paths.push({
      grammar: g,
      status,
      ...(loose ? { loose } : {}),
      ...(unread.length > 0 ? { unread } : {}),
    });
  }
  const typed = paths.filter((p) => p.status !== 'untyped').length;
  return {
    kind: k.kind,
    rng: k.rng,
    paths,
    total: paths.length,
    typed,
    percent: paths.length === 0 ? 100 : (100 * typed) / paths.length,
    untyped: paths.filter((p) => p.status === 'untyped'),
    loose: paths.filter((p) => p.loose !== undefined),
    unread: paths.filter((p) => p.unread !== undefined),
    cuts: walked.cuts,
  };
}

/** `99.62` style: floors, so a row never shows 99.00 before it gets there. */
export const formatPercent = (p: number): string => (Math.floor(p * 100) / 100).toFixed(2);

/** The markdown table: kind, rng, grammar paths, typed, %; columns aligned as biome formats markdown. */
export function coverageTable(rows: readonly KindCoverage[]): string {
  const header = [
    'kind',
    'schema',
    'paths in the grammar',
    'typed',
    '%',
    'typed looser than the grammar',
    'enum values not read',
  ];
  const right = [false, false, true, true, true, true, true];
  const body = rows.map((r) => [
    r.kind,
    `\`${r.rng}\``,
    String(r.total),
    String(r.typed),
    formatPercent(r.percent),
    String(r.loose.length),
    String(r.unread.length),
  ]);
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

export const COVERAGE_DOC = fileURLToPath(new URL('../../docs/xml-model.md', import.meta.url));
const START = '<!-- schema-coverage:start (generated by scripts/xml-schema-coverage.ts --write) -->';
const END = '<!-- schema-coverage:end -->';

/** The installed libvirt0 package's version (Debian), or undefined. */
export function installedLibvirtVersion(): string | undefined {
  try {
    // `libvirt0:amd64\t9.0.0-4+deb12u2`
    const out = execFileSync('dpkg-query', ['-W', 'libvirt0'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\t')[1]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The docs section: the table, the untyped rest with reasons, wildcards kept raw, recursion cuts, embedded kinds. */
export function coverageSection(rows: readonly KindCoverage[], version: string | undefined): string {
  const lines: string[] = [
    `Measured against the schemas of libvirt0 ${version ?? '(version unknown)'} (\`/usr/share/libvirt/schemas\`):`,
    '',
    coverageTable(rows),
    '',
  ];
  const untyped = rows.flatMap((r) => r.untyped.map((p) => ({ kind: r.kind, path: p.grammar.path })));
  lines.push(
    untyped.length === 0 ? 'Untyped: none.' : 'Untyped (kept losslessly and listed by `listUnknown`):',
    '',
  );
  for (const u of untyped)
    lines.push(`- ${u.kind}: \`${u.path}\` — ${UNTYPED_REASONS[u.path] ?? 'no reason recorded'}`);
  const raw = rows.flatMap((r) => r.paths.filter((p) => p.status === 'raw').map((p) => p.grammar.path));
  if (raw.length > 0) {
    lines.push(
      '',
      `Wildcards (\`<anyName>\` content) counted as typed because the model keeps them as raw nodes (\`XmlNode[]\`): ${raw.map((p) => `\`${p}\``).join(', ')}.`,
    );
  }
  const cuts = rows.flatMap((r) => [...r.cuts].map(([path, define]) => `\`${path}\` (\`${define}\`)`));
  if (cuts.length > 0) {
    lines.push(
      '',
      `Recursion cut (the grammar re-enters a define there; the model recurses the same way): ${cuts.join(', ')}.`,
    );
  }
  const embedded = rows.flatMap((r) => r.paths.filter((p) => p.grammar.embedded).map((p) => p.grammar.path));
  if (embedded.length > 0) {
    lines.push(
      '',
      `Embedded documents (a nested grammar, measured by their own row): ${embedded.map((p) => `\`${p}\``).join(', ')}.`,
    );
  }
  return `${START}\n\n${lines.join('\n')}\n\n${END}`;
}

/** The docs text with its coverage section replaced by `section`. */
export function replaceCoverageSection(doc: string, section: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/xml-model.md has no ${START} … ${END} section`);
  return doc.slice(0, a) + section + doc.slice(b + END.length);
}

/** The libvirt0 version the docs section was generated with. */
export function documentedLibvirtVersion(doc: string): string | undefined {
  const a = doc.indexOf(START);
  return a < 0 ? undefined : /schemas of libvirt0 (\S+)/.exec(doc.slice(a))?.[1];
}
