// The guides in docs/guide/ as programs: every ```ts block of a page, in order, is one module (the driver
// tier runs it on test:///default); every ```ts daemon block of a page, in order, is another (the daemon tier
// runs it on qemu:///system). Both are type-checked with the repository's tsconfig (so `import … from
// 'libvirt-ts'` is the source) and run with tsx in a fresh process each, as a reader would run them.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const GUIDE_DIR = join(ROOT, 'docs/guide');

export type Tier = 'driver' | 'daemon';

export interface CodeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  tier: Tier;
  code: string;
}

export interface GuidePage {
  /** File name in docs/guide/, e.g. 'walk-through.md'. */
  file: string;
  blocks: CodeBlock[];
}

/** Every ```ts block of a markdown page; ```ts daemon marks the blocks that need qemu:///system. */
export function extractBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    if (i >= lines.length) throw new Error(`line ${start + 1}: code block never closed`);
    const lang = open[1];
    if (lang !== 'ts' && lang !== 'typescript') continue;
    const info = (open[2] ?? '').trim();
    if (info !== '' && info !== 'daemon')
      throw new Error(`line ${start + 1}: unknown block marker '${info}'`);
    blocks.push({ line: start + 1, tier: info === 'daemon' ? 'daemon' : 'driver', code: body.join('\n') });
  }
  return blocks;
}

/** The guides, sorted by file name. */
export function loadGuides(): GuidePage[] {
  return readdirSync(GUIDE_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => ({ file, blocks: extractBlocks(readFileSync(join(GUIDE_DIR, file), 'utf8')) }));
}

/** A page's blocks of one tier as one module; each block keeps a comment naming its place in the page. */
export function pageModule(page: GuidePage, tier: Tier): string | undefined {
  const blocks = page.blocks.filter((b) => b.tier === tier);
  if (blocks.length === 0) return undefined;
  return `${blocks.map((b) => `// docs/guide/${page.file}:${b.line}\n${b.code}`).join('\n\n')}\nexport {};\n`;
}

/** Where a module is named for the type checker: beside the guides, so tsconfig's paths resolve. */
export function virtualPath(page: GuidePage, tier: Tier): string {
  return join(GUIDE_DIR, `${page.file.replace(/\.md$/, '')}.${tier}.guide.mts`);
}

/**
 * Type-checks the given modules (path → source; paths need not exist) with the repository's compiler options,
 * and returns the diagnostics as text, one per line (empty: all good).
 */
export function typeCheck(modules: Map<string, string>): string[] {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, noUnusedLocals: false };
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => modules.has(f) || fileExists.call(host, f);
  host.readFile = (f) => modules.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, language, onError, shouldCreate) => {
    const text = modules.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, language, true);
    return getSourceFile.call(host, f, language, onError, shouldCreate);
  };
  const program = ts.createProgram([...modules.keys()], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const where =
      d.file && d.start !== undefined
        ? (() => {
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
            return `${d.file.fileName}:${line + 1}:${character + 1}`;
          })()
        : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a module with tsx in a fresh process (a temporary .mts file, the repository's tsconfig for its paths). */
export async function runModule(name: string, source: string, timeoutMs: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lvts-guides-'));
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, source);
  try {
    return await new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', file],
        {
          cwd: ROOT,
          timeout: timeoutMs,
          env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, stdout, stderr) => {
          const code = err ? ((err as { code?: number }).code ?? -1) : 0;
          resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
