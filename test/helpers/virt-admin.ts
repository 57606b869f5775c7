// virt-admin, the authority the admin tests compare libvirt-ts/admin with, and parsers of its tables.
import { execFileSync } from 'node:child_process';

/** The system daemon's admin URI (monolithic libvirtd here; `virtqemud:///system` on modular daemons). */
export const ADMIN_URI = process.env.LIBVIRT_TS_ADMIN_URI ?? 'libvirtd:///system';

/** Runs virt-admin against `uri` and returns stdout; throws (with stderr) when it fails. */
export function virtAdmin(uri: string, ...args: string[]): string {
  return execFileSync('virt-admin', ['-c', uri, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** virt-admin's error text for a command that fails (its stderr), or throws when it succeeds. */
export function virtAdminError(uri: string, ...args: string[]): string {
  try {
    virtAdmin(uri, ...args);
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
  throw new Error(`virt-admin ${args.join(' ')} succeeded`);
}

/** The rows of a virt-admin table (a header, a dashed line, then rows), each split on spaces. */
function tableRows(out: string): string[][] {
  const lines = out.split('\n');
  const dashes = lines.findIndex((l) => /^-+$/.test(l.trim()));
  if (dashes < 0) throw new Error(`not a virt-admin table:\n${out}`);
  return lines
    .slice(dashes + 1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

/** `server-list`: the server names, in order. */
export function serverNames(out: string): string[] {
  return tableRows(out).map((row) => row[1]!);
}

export interface ListedClient {
  id: number;
  transport: string;
  /** Seconds since the epoch. */
  connectedSince: number;
}

/** `2026-12-03 21:07:48+0000` → seconds since the epoch. */
function seconds(text: string): number {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`unreadable virt-admin time '${text}'`);
  return ms / 1000;
}

/** `client-list <server>`: id, transport and connection time of each client. */
export function listedClients(out: string): ListedClient[] {
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4})\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: Number(m[1]), transport: m[2]!, connectedSince: seconds(m[3]!) }));
}

/** `name : value` lines (server-threadpool-info, server-clients-info, client-info). */
export function keyValues(out: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*(\w+)\s*:(.*)$/.exec(line);
    if (m) fields[m[1]!] = m[2]!.trim();
  }
  return fields;
}

/** `daemon-log-outputs` / `daemon-log-filters`: the space-separated list after the label. */
export function logList(out: string): string[] {
  const m = /Logging (?:outputs|filters):(.*)$/m.exec(out);
  if (!m) throw new Error(`not a virt-admin logging answer:\n${out}`);
  return m[1]!.split(/\s+/).filter((w) => w !== '');
}
