// The little command-line handling the examples share: virsh-style `-c URI`, `--flag`, `--key value`.
import { LibvirtError } from 'libvirt-ts';

export interface Args {
  /** Positional arguments, in order (a subcommand first, where the example has them). */
  positional: string[];
  /** `--name` → true, `--name value` → 'value' for the options listed as taking a value. */
  options: Map<string, string | true>;
  uri: string;
}

/**
 * Parses argv. The URI is `-c URI` / `--connect URI` (as virsh), or for examples without subcommands the first
 * positional argument; default `defaultUri`, test:///default (libvirt's in-process test driver) unless told.
 */
export function parseArgs(
  argv: string[],
  valued: readonly string[],
  uriFromPositional = false,
  defaultUri = 'test:///default',
): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  let uri: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--connect') {
      uri = argv[++i];
      if (uri === undefined) usage(`${arg} needs a URI`);
    } else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (valued.includes(name)) {
        const value = argv[++i];
        if (value === undefined) usage(`--${name} needs a value`);
        options.set(name, value);
      } else options.set(name, true);
    } else positional.push(arg);
  }
  if (uri === undefined && uriFromPositional && positional.length > 0) uri = positional.shift();
  return { positional, options, uri: uri ?? defaultUri };
}

export function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

/** Prints a failure the way virsh does (`error: …`) and exits non-zero. */
export function fail(err: unknown): never {
  const detail = err instanceof LibvirtError ? `${err.message} (${err.codeName})` : String(err);
  console.error(`error: ${detail}`);
  process.exit(1);
}

/** True for a LibvirtError with this code (`ErrorCode.NO_DOMAIN`, …). */
export function isError(err: unknown, code: number): boolean {
  return err instanceof LibvirtError && err.code === code;
}

/** A fixed-width table like virsh's: header, a rule, rows. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => ` ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('   ')}`;
  const rule = '-'.repeat(line(rows[0]!).length + 1);
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].map((text) => text.trimEnd()).join('\n');
}
