// libvirt-ts/osinfo on a small hand-written database (test/fixtures/osinfo): merging, overrides, inheritance,
// filters, the cache, errors. The comparison with libosinfo itself on the installed osinfo-db is in
// osinfo-libosinfo.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultOsinfoDirs,
  loadOsinfo,
  OsinfoDbNotFoundError,
  OsinfoParseError,
} from '../../src/osinfo/index.js';

const FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'osinfo');
const BASE = path.join(FIXTURE, 'base');
const OVERRIDE = path.join(FIXTURE, 'override');
const NOW = Date.parse('2026-12-03T00:00:00Z');
const temps: string[] = [];

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'osinfo-unit-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const open = (cacheDir: string | false = false) => loadOsinfo({ dirs: [BASE, OVERRIDE], cacheDir, now: NOW });

describe('loadOsinfo: entries', () => {
  it('resolves every short id and the URL to the same OS; unknown keys give undefined', () => {
    const db = open();
    expect(db.get('acme1')?.id).toBe('http://example.org/acme/1');
    expect(db.get('acmeanvil')?.id).toBe('http://example.org/acme/1');
    expect(db.get('http://example.org/acme/1')?.shortIds).toEqual(['acme1', 'acmeanvil']);
    expect(db.get('acme3')).toBeUndefined();
    expect(() => db.get(3 as unknown as string)).toThrow(TypeError);
  });

  it('reads the untranslated names and the fields, and merges a NAME.d/ file into its OS', () => {
    const a = open().get('acme1');
    expect(a).toMatchObject({
      name: 'Acme OS 1',
      vendor: 'Acme Corp',
      family: 'linux',
      distro: 'acme',
      version: '1',
      codename: 'anvil',
      releaseStatus: 'released',
      releaseDate: '2010-01-01',
      eolDate: '2015-01-01',
      eol: true,
    });
    expect(a?.media.map((m) => [m.arch, m.live, m.volumeId])).toEqual([
      ['x86_64', false, 'ACME 1\\.\\d+ x64'],
      ['all', true, '^ACME'],
    ]);
    expect(a?.resources.minimum).toEqual([{ arch: 'all', cpus: 1, ramBytes: 536870912 }]);
  });

  it('a later folder replaces the file of the same path; devices, firmware and marked resources are inherited', () => {
    const b = open().get('acme2');
    expect(b?.name).toBe('Acme OS 2');
    expect(b?.derivesFrom).toEqual(['http://example.org/acme/1']);
    expect(b?.upgrades).toEqual(['http://example.org/acme/1']);
    // Own virtio-net, virtio-block inherited, e1000 inherited but marked unsupported here.
    expect(b?.devices.map((d) => d.name).sort()).toEqual(['virtio1.0-block', 'virtio1.0-net']);
    expect(b?.devices.find((d) => d.name === 'virtio1.0-net')).toEqual({
      id: 'http://pcisig.com/pci/1af4/1041',
      name: 'virtio1.0-net',
      class: 'net',
      busType: 'pci',
      vendorId: '1af4',
      productId: '1041',
    });
    expect(b?.firmware).toEqual([
      { arch: 'x86_64', type: 'bios', supported: false },
      { arch: 'x86_64', type: 'efi', supported: true },
    ]);
    expect(b?.support).toMatchObject({
      virtioNet: true,
      virtioBlock: true,
      virtio1: true,
      efi: true,
      requiresEfi: true,
    });
    // <resources arch="all" inherit="true"/>: acme1's 'all' entries.
    expect(b?.resources.recommended).toEqual([
      { arch: 'all', ramBytes: 1073741824, storageBytes: 10737418240 },
    ]);
    // Only the base folder: acme2 is the base file's, which inherits nothing.
    const baseOnly = loadOsinfo({ dirs: BASE, cacheDir: false, now: NOW }).get('acme2');
    expect(baseOnly?.name).toBe('Acme OS 2 (from base, replaced by override/)');
    expect(baseOnly?.devices).toEqual([]);
  });

  it('list() filters by family, vendor and distro and leaves out end-of-life systems unless asked', () => {
    const db = open();
    expect(db.list().map((s) => s.shortId)).toEqual(['acme2', 'beastie13']);
    expect(db.list({ includeEol: true }).map((s) => s.shortId)).toEqual(['acme1', 'acme2', 'beastie13']);
    expect(db.list({ family: 'freebsd' }).map((s) => s.shortId)).toEqual(['beastie13']);
    expect(db.list({ vendor: 'Acme Corp', includeEol: true }).map((s) => s.shortId)).toEqual([
      'acme1',
      'acme2',
    ]);
    expect(db.list({ distro: 'nope' })).toEqual([]);
    // Rolling: never end of life, though released 25 years before NOW.
    expect(db.get('beastie13')).toMatchObject({ releaseStatus: 'rolling', eol: false });
  });
});

describe('loadOsinfo: media rules (libosinfo semantics)', () => {
  const db = open();
  const match = (id: Parameters<typeof db.matchIdentity>[0]) =>
    db.matchIdentity(id).map((m) => `${m.os.shortId}/${m.media.arch}`);

  it("matches regexes unanchored and case-sensitively; an 'all' rule counts only when no other matched", () => {
    expect(match({ volumeId: 'ACME 1.4 x64', systemId: 'LINUX', volumeSize: 1 })).toEqual(['acme1/x86_64']);
    expect(match({ volumeId: 'ACME 9', volumeSize: 1 })).toEqual(['acme1/all']);
    expect(match({ volumeId: 'acme 1.4 x64', systemId: 'LINUX', volumeSize: 1 })).toEqual([]);
    // The x86_64 rule wants a system id the ISO lacks.
    expect(match({ volumeId: 'ACME 1.4 x64', volumeSize: 1 })).toEqual(['acme1/all']);
  });

  it('a rule with a volume size matches only that size', () => {
    expect(match({ volumeId: 'ACME 2', volumeSize: 4194304 })).toEqual(['acme2/x86_64']);
    expect(match({ volumeId: 'ACME 2', volumeSize: 2048 })).toEqual(['acme1/all']);
  });
});

describe('loadOsinfo: folders, errors and the cache', () => {
  it('names the package to install when no folder holds a database', () => {
    const empty = tmp();
    expect(() => loadOsinfo({ dirs: empty, cacheDir: false })).toThrow(OsinfoDbNotFoundError);
    expect(() => loadOsinfo({ dirs: empty, cacheDir: false })).toThrow(/apt-get install osinfo-db/);
    expect(() => loadOsinfo({ dirs: [], cacheDir: false })).toThrow(TypeError);
  });

  it("reads libosinfo's folders and OSINFO_DB_PATH", () => {
    expect(defaultOsinfoDirs({ HOME: '/h', XDG_CONFIG_HOME: '/c' })).toEqual([
      '/usr/share/osinfo',
      '/etc/osinfo',
      '/c/osinfo',
    ]);
    expect(
      defaultOsinfoDirs({ OSINFO_SYSTEM_DIR: '/s', OSINFO_LOCAL_DIR: '/l', OSINFO_USER_DIR: '/u' }),
    ).toEqual(['/s', '/l', '/u']);
    expect(defaultOsinfoDirs({ OSINFO_DB_PATH: '/a:/b', OSINFO_SYSTEM_DIR: '/s' })).toEqual(['/a', '/b']);
  });

  it('get() reads only the files of the OS it returns; list() parses all and names a broken file', () => {
    const dir = tmp();
    fs.cpSync(BASE, dir, { recursive: true });
    const broken = path.join(dir, 'os', 'example.org', 'broken-1.xml');
    fs.writeFileSync(
      broken,
      '<libosinfo><os id="http://example.org/broken/1"><short-id>broken1</short-id><name>x</os></libosinfo>',
    );
    const db = loadOsinfo({ dirs: dir, cacheDir: false, now: NOW });
    expect(db.get('acme1')?.name).toBe('Acme OS 1');
    expect(() => db.get('broken1')).toThrow(OsinfoParseError);
    expect(() => db.list()).toThrow(broken);
  });

  it('caches the index, reuses it, and rebuilds it when a folder of the database changes', () => {
    const dir = tmp();
    const cache = tmp();
    fs.cpSync(BASE, dir, { recursive: true });
    const first = loadOsinfo({ dirs: dir, cacheDir: cache, now: NOW });
    const listed = first.list({ includeEol: true });
    const files = fs.readdirSync(cache).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^osinfo-catalog-[0-9a-f]{16}\.json$/);
    expect(files[1]).toMatch(/^osinfo-ids-[0-9a-f]{16}\.json$/);

    const again = loadOsinfo({ dirs: dir, cacheDir: cache, now: NOW });
    expect(again.list({ includeEol: true })).toEqual(listed);
    expect(again.get('acme1')).toEqual(loadOsinfo({ dirs: dir, cacheDir: false, now: NOW }).get('acme1'));

    // A new OS file changes its folder's mtime: the cache is stale and rebuilt.
    const later = Date.now() / 1000 + 5;
    fs.writeFileSync(
      path.join(dir, 'os', 'example.org', 'acme-3.xml'),
      '<libosinfo><os id="http://example.org/acme/3"><short-id>acme3</short-id><name>Acme OS 3</name></os></libosinfo>',
    );
    fs.utimesSync(path.join(dir, 'os', 'example.org'), later, later);
    const fresh = loadOsinfo({ dirs: dir, cacheDir: cache, now: NOW });
    expect(fresh.get('acme3')?.name).toBe('Acme OS 3');
    expect(fresh.list({ includeEol: true }).map((s) => s.shortId)).toContain('acme3');
  });

  it('an unwritable cache folder only costs time', () => {
    const file = path.join(tmp(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const db = loadOsinfo({ dirs: [BASE, OVERRIDE], cacheDir: file, now: NOW });
    expect(db.list().map((s) => s.shortId)).toEqual(['acme2', 'beastie13']);
  });
});
