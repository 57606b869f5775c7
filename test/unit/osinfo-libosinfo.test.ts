// libvirt-ts/osinfo against libosinfo itself, on the installed osinfo-db: every OS's entry against libosinfo's
// (through GObject introspection), and detect() against osinfo-detect on ISO images made with xorriso whose
// ids are those of real media of the database. Needs libosinfo-bin, xorriso, python3-gi and
// gir1.2-libosinfo-1.0 (scripts/setup-libvirtd.sh installs them); skips locally without them, fails under CI.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadOsinfo, type OsinfoDb, type OsinfoMedia, type OsinfoResources } from '../../src/osinfo/index.js';
import { describeWithLibosinfo, requireLibosinfoTools } from '../helpers/libosinfo-tools.js';
import { sampleMatching } from '../helpers/regex-sample.js';

const run = promisify(execFile);
const SYSTEM_DIR = '/usr/share/osinfo';
const here = path.dirname(new URL(import.meta.url).pathname);

describeWithLibosinfo('osinfo against libosinfo (installed osinfo-db)', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let db: OsinfoDb;

  beforeAll(() => {
    requireLibosinfoTools();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'osinfo-vs-libosinfo-'));
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    // Both sides read the system database only: no local or user folder.
    env = {
      ...process.env,
      LC_ALL: 'C',
      OSINFO_SYSTEM_DIR: SYSTEM_DIR,
      OSINFO_LOCAL_DIR: empty,
      OSINFO_USER_DIR: empty,
    };
    db = loadOsinfo({ dirs: SYSTEM_DIR, cacheDir: false });
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('get() gives what libosinfo gives, for every OS of the database', () => {
    const dump = execFileSync('/usr/bin/python3', [path.join(here, '..', 'helpers', 'libosinfo-dump.py')], {
      env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ref = JSON.parse(dump) as Record<string, unknown>[];
    const ours = db.list({ includeEol: true });
    expect(ours.map((s) => s.id).sort()).toEqual(ref.map((r) => r.id).sort());

    // libosinfo reports -1 for a value it lacks, and an entry of all -1 where it inherited nothing.
    const known = (rows: unknown[][]) => rows.filter((r) => r.slice(1).some((v) => v !== -1)).sort();
    const ourRows = (l: OsinfoResources[]) =>
      known(l.map((r) => [r.arch, r.cpus ?? -1, r.cpuHz ?? -1, r.ramBytes ?? -1, r.storageBytes ?? -1]));
    const mismatches: string[] = [];
    for (const r of ref) {
      const e = db.get(r.id as string);
      if (!e) {
        mismatches.push(`${r.id}: get() found nothing`);
        continue;
      }
      const mine: Record<string, unknown> = {
        shortIds: e.shortIds,
        name: e.name,
        vendor: e.vendor ?? null,
        family: e.family ?? null,
        distro: e.distro ?? null,
        version: e.version ?? null,
        codename: e.codename ?? null,
        releaseDate: e.releaseDate ?? null,
        eolDate: e.eolDate ?? null,
        releaseStatus: e.releaseStatus,
        devices: e.devices.map((d) => d.id).sort(),
        firmware: e.firmware.map((f) => [f.arch, f.type, f.supported]).sort(),
        minimum: ourRows(e.resources.minimum),
        recommended: ourRows(e.resources.recommended),
        maximum: ourRows(e.resources.maximum),
        media: e.media.length,
      };
      const theirs: Record<string, unknown> = {
        ...r,
        // libosinfo repeats a short id once per file that names it (win-10.xml and win-10.d/*.xml).
        shortIds: [...new Set(r.shortIds as string[])],
        releaseStatus: r.releaseStatus ?? 'released',
        minimum: known(r.minimum as unknown[][]),
        recommended: known(r.recommended as unknown[][]),
        maximum: known(r.maximum as unknown[][]),
      };
      for (const k of Object.keys(mine)) {
        if (JSON.stringify(mine[k]) !== JSON.stringify(theirs[k])) {
          mismatches.push(
            `${r.id} ${k}: ours ${JSON.stringify(mine[k])}, libosinfo ${JSON.stringify(theirs[k])}`,
          );
        }
      }
    }
    console.log(
      `[osinfo] get() vs libosinfo: ${ref.length - new Set(mismatches.map((m) => m.split(' ')[0])).size}/${ref.length} OSes agree`,
    );
    expect(mismatches).toEqual([]);
    expect(ref.length).toBeGreaterThan(100);
  }, 120_000);

  interface Case {
    label: string;
    /** The OS whose media rule gave the ids; undefined for the images meant to match nothing. */
    from?: string;
    volume: string;
    system?: string;
    publisher?: string;
    application?: string;
    /** Patched into the primary volume descriptor (sectors of 2048 bytes). */
    volumeSize?: number;
    bootable: boolean;
  }

  /** Ids for one media rule, or undefined when a regex is beyond the sampler or the size is no whole sector. */
  function idsFor(m: OsinfoMedia): Omit<Case, 'label' | 'bootable'> | undefined {
    if (m.volumeId === undefined) return undefined;
    const c: Omit<Case, 'label' | 'bootable'> = { volume: '' };
    for (const [field, key] of [
      ['volumeId', 'volume'],
      ['systemId', 'system'],
      ['publisherId', 'publisher'],
      ['applicationId', 'application'],
    ] as const) {
      const pattern = m[field];
      if (pattern === undefined) continue;
      const s = sampleMatching(pattern);
      if (s === undefined || s.trim() !== s || s === '') return undefined;
      c[key] = s;
    }
    if (c.volume.length > 32 || (c.system?.length ?? 0) > 32) return undefined;
    if (m.volumeSize !== undefined) {
      if (m.volumeSize % 2048 !== 0) return undefined;
      c.volumeSize = m.volumeSize;
    }
    return c;
  }

  /**
   * The newest OS of each distribution that has a media rule the sampler can satisfy, plus named Windows and
   * BSD releases, plus images that must match nothing.
   */
  function cases(): Case[] {
    const all = db.list({ includeEol: true });
    const byDistro = new Map<string, typeof all>();
    for (const s of all) {
      const key = s.distro ?? s.shortId;
      byDistro.set(key, [...(byDistro.get(key) ?? []), s]);
    }
    const picked: string[] = [];
    for (const list of byDistro.values()) {
      const newest = [...list].sort((a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? ''));
      const first = newest.find((s) => db.get(s.id)?.media.some((m) => idsFor(m)));
      if (first) picked.push(first.shortId);
    }
    for (const extra of [
      'win11',
      'win10',
      'win2k22',
      'win2k19',
      'win7',
      'winxp',
      'freebsd13.1',
      'openbsd7.2',
      'netbsd9.3',
    ]) {
      if (!picked.includes(extra) && db.get(extra)?.media.some((m) => idsFor(m))) picked.push(extra);
    }
    const out: Case[] = [];
    for (const shortId of picked) {
      const e = db.get(shortId);
      const m = e?.media.find((x) => idsFor(x));
      const ids = m && idsFor(m);
      if (e && m && ids) out.push({ label: `${shortId} (${m.arch})`, from: e.name, ...ids, bootable: true });
    }
    const deb = out.find((c) => c.label.startsWith('debian'));
    out.push({ label: 'no such OS', volume: 'NOT AN OPERATING SYSTEM 1.0', bootable: true });
    out.push({ label: 'blank ids but the volume', volume: 'DATA', system: 'NONE', bootable: true });
    if (deb) {
      out.push({ label: 'Debian ids in lower case', volume: deb.volume.toLowerCase(), bootable: true });
      out.push({ ...deb, label: 'Debian ids, not bootable', from: undefined, bootable: false });
    }
    const sized = out.find((c) => c.volumeSize !== undefined);
    if (sized) {
      const label = `${sized.label} with another size`;
      out.push({ ...sized, label, from: undefined, volumeSize: (sized.volumeSize ?? 0) + 2048 });
    }
    return out;
  }

  async function makeIso(c: Case, i: number): Promise<string> {
    const root = path.join(tmp, `root-${i}`);
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'boot.img'), Buffer.alloc(2048));
    const file = path.join(tmp, `case-${i}.iso`);
    const args = ['-as', 'mkisofs', '-quiet', '-V', 'PLACEHOLDER'];
    if (c.bootable) args.push('-b', 'boot.img', '-no-emul-boot');
    args.push('-o', file, root);
    await run('xorriso', args, { env });
    // xorriso upper-cases the system, publisher and application ids (ISO 9660's d-characters); real media
    // keep their case, so the primary volume descriptor gets the ids byte for byte, blank-padded.
    const fd = fs.openSync(file, 'r+');
    const pvd = Buffer.alloc(2048);
    fs.readSync(fd, pvd, 0, 2048, 0x8000);
    const put = (at: number, len: number, s: string | undefined) => {
      pvd.fill(' ', at, at + len);
      if (s !== undefined) pvd.write(s, at, len, 'latin1');
    };
    put(8, 32, c.system);
    put(40, 32, c.volume);
    put(318, 128, c.publisher);
    put(574, 128, c.application);
    if (c.volumeSize !== undefined) {
      // The size osinfo reads is the volume space size × block size: claim the rule's.
      pvd.writeUInt32LE(c.volumeSize / 2048, 80);
      pvd.writeUInt32BE(c.volumeSize / 2048, 84);
    }
    fs.writeSync(fd, pvd, 0, 2048, 0x8000);
    fs.closeSync(fd);
    return file;
  }

  /** osinfo-detect --all: "[#N: ]Media is an installer|live media for OS 'NAME (ARCH)'" per match. */
  async function osinfoDetect(file: string): Promise<string[]> {
    const { stdout } = await run('osinfo-detect', ['--all', file], { env });
    const seen = new Map<string, string>();
    for (const line of stdout.split('\n')) {
      const m = /^(?:#(\d+): )?Media is .* for OS '(.*)'$/.exec(line);
      if (m) seen.set(m[1] ?? '1', m[2] as string);
    }
    return [...seen.values()];
  }

  it('detect() matches what osinfo-detect matches, on ISO images of 40+ systems and ones matching nothing', async () => {
    const list = cases();
    const rows: { c: Case; lib: string[]; ours: string[] }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const i = next++;
        const c = list[i] as Case;
        const file = await makeIso(c, i);
        const [lib, det] = await Promise.all([osinfoDetect(file), db.detect(file)]);
        rows.push({ c, lib, ours: det.matches.map((m) => m.label) });
      }
    };
    await Promise.all([worker(), worker()]);
    rows.sort((a, b) => list.indexOf(a.c) - list.indexOf(b.c));

    const agree = (r: (typeof rows)[number]) => {
      if (JSON.stringify([...r.lib].sort()) !== JSON.stringify([...r.ours].sort())) return false;
      // The first match must be the same OS when osinfo-detect's matches are all one OS; among several,
      // libosinfo's order is that of GLib hash tables (docs/osinfo.md), so any of them is right.
      const osOf = (s: string) => s.replace(/ \([^)]*\)$/, '');
      const oses = new Set(r.lib.map(osOf));
      return oses.size > 1 || r.lib.length === 0 || osOf(r.lib[0] as string) === osOf(r.ours[0] as string);
    };
    const table = rows.map(
      (r) =>
        `${agree(r) ? 'ok ' : 'BAD'} ${r.c.label.padEnd(34)} osinfo-detect: ${r.lib[0] ?? '-'}${r.lib.length > 1 ? ` (+${r.lib.length - 1})` : ''} | ours: ${r.ours[0] ?? '-'}${r.ours.length > 1 ? ` (+${r.ours.length - 1})` : ''}`,
    );
    const systems = rows.filter((r) => r.c.from !== undefined);
    const families = new Set(
      systems.map((r) => db.get(r.c.label.split(' ')[0] as string)?.family ?? '(none)'),
    );
    console.log(
      `[osinfo] detect() vs osinfo-detect: ${rows.filter(agree).length}/${rows.length} ISO images agree ` +
        `(${systems.length} systems, families ${[...families].sort().join(', ')})\n${table.join('\n')}`,
    );
    expect(rows.filter((r) => !agree(r)).map((r) => r.c.label)).toEqual([]);
    expect(systems.length).toBeGreaterThanOrEqual(40);
    expect([...families]).toEqual(expect.arrayContaining(['linux', 'winnt', 'freebsd', 'openbsd', 'netbsd']));
    // Every system's image is recognised as some system (its own or one sharing the rule), and the others not.
    expect(systems.filter((r) => r.lib.length === 0).map((r) => r.c.label)).toEqual([]);
    expect(rows.filter((r) => r.c.from === undefined).every((r) => r.lib.length === 0)).toBe(true);
  }, 240_000);
});
