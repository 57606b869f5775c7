// readIsoIdentity and detect() on ISO images built byte by byte here: the primary volume descriptor's fields
// as libosinfo reads them, El Torito and PowerPC bootability, and typed errors for what is no ISO.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IsoReadError, loadOsinfo, readIsoIdentity } from '../../src/osinfo/index.js';
import { glibListSort } from '../../src/osinfo/media-match.js';

const SECTOR = 2048;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osinfo-iso-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface IsoSpec {
  volume?: string;
  system?: string;
  publisher?: string;
  application?: string;
  boot?: 'eltorito' | 'ppc' | 'none';
  sectors?: number;
}

function put(buf: Buffer, at: number, len: number, s: string | undefined, pad = ' '): void {
  buf.fill(pad, at, at + len);
  if (s !== undefined) buf.write(s.slice(0, len), at, 'latin1');
}

function dirRecord(
  buf: Buffer,
  at: number,
  extent: number,
  size: number,
  flags: number,
  name: string,
): number {
  const len = 33 + name.length + (name.length % 2 === 0 ? 1 : 0);
  buf[at] = len;
  buf.writeUInt32LE(extent, at + 2);
  buf.writeUInt32BE(extent, at + 6);
  buf.writeUInt32LE(size, at + 10);
  buf.writeUInt32BE(size, at + 14);
  buf[at + 25] = flags;
  buf[at + 32] = name.length;
  buf.write(name, at + 33, 'latin1');
  return len;
}

/** A minimal ISO 9660 image: PVD at sector 16, then a boot record or not, a terminator, a root directory. */
function makeIso(name: string, spec: IsoSpec): string {
  const sectors = spec.sectors ?? 24;
  const img = Buffer.alloc(24 * SECTOR);
  const pvd = 16 * SECTOR;
  img[pvd] = 1;
  img.write('CD001', pvd + 1, 'latin1');
  img[pvd + 6] = 1;
  put(img, pvd + 8, 32, spec.system);
  put(img, pvd + 40, 32, spec.volume);
  img.writeUInt32LE(sectors, pvd + 80);
  img.writeUInt32BE(sectors, pvd + 84);
  img.writeUInt16LE(SECTOR, pvd + 128);
  img.writeUInt16BE(SECTOR, pvd + 130);
  dirRecord(img, pvd + 156, 20, SECTOR, 2, '\0');
  put(img, pvd + 318, 128, spec.publisher);
  put(img, pvd + 574, 128, spec.application);
  let next = 17;
  if (spec.boot === 'eltorito') {
    const br = 17 * SECTOR;
    img[br] = 0;
    img.write('CD001', br + 1, 'latin1');
    img[br + 6] = 1;
    img.write('EL TORITO SPECIFICATION', br + 7, 'latin1');
    next = 18;
  }
  img[next * SECTOR] = 255;
  img.write('CD001', next * SECTOR + 1, 'latin1');
  // Root directory (sector 20): '.', '..', then PPC/ (sector 21) holding BOOTINFO.TXT;1 for PowerPC media.
  let at = 20 * SECTOR;
  at += dirRecord(img, at, 20, SECTOR, 2, '\0');
  at += dirRecord(img, at, 20, SECTOR, 2, '\x01');
  at += dirRecord(img, at, 22, 0, 0, 'README.TXT;1');
  if (spec.boot === 'ppc') {
    dirRecord(img, at, 21, SECTOR, 2, 'PPC');
    let p = 21 * SECTOR;
    p += dirRecord(img, p, 21, SECTOR, 2, '\0');
    p += dirRecord(img, p, 20, SECTOR, 2, '\x01');
    dirRecord(img, p, 23, 10, 0, 'BOOTINFO.TXT;1');
  }
  const file = path.join(dir, `${name}.iso`);
  fs.writeFileSync(file, img);
  return file;
}

describe('readIsoIdentity', () => {
  it('reads the four ids cut at a NUL, trailing blanks stripped, and the volume size', async () => {
    const iso = makeIso('ids', {
      volume: 'Debian 11.5.0 amd64 n',
      system: 'LINUX\t ',
      publisher: 'Pub\0lisher ignored after NUL',
      application: '  leading kept',
      boot: 'eltorito',
      sectors: 1000,
    });
    expect(await readIsoIdentity(iso)).toEqual({
      volumeId: 'Debian 11.5.0 amd64 n',
      systemId: 'LINUX',
      publisherId: 'Pub',
      applicationId: '  leading kept',
      volumeSize: 1000 * SECTOR,
      bootable: true,
    });
  });

  it('leaves out blank ids; bootable by El Torito, by /ppc/bootinfo.txt, or not at all', async () => {
    const plain = await readIsoIdentity(makeIso('plain', { volume: 'X', boot: 'none' }));
    expect(plain).toEqual({ volumeId: 'X', volumeSize: 24 * SECTOR, bootable: false });
    expect((await readIsoIdentity(makeIso('ppc', { volume: 'X', boot: 'ppc' }))).bootable).toBe(true);
  });

  it('refuses, with a typed error, a file that is missing, too short, not ISO 9660 or has no volume id', async () => {
    await expect(readIsoIdentity(path.join(dir, 'missing.iso'))).rejects.toThrow(IsoReadError);
    const short = path.join(dir, 'short.iso');
    fs.writeFileSync(short, Buffer.alloc(100));
    await expect(readIsoIdentity(short)).rejects.toThrow(/too short/);
    const zeros = path.join(dir, 'zeros.iso');
    fs.writeFileSync(zeros, Buffer.alloc(20 * SECTOR));
    await expect(readIsoIdentity(zeros)).rejects.toThrow(/no ISO 9660 primary volume descriptor/);
    await expect(readIsoIdentity(makeIso('novol', { volume: '   ', boot: 'eltorito' }))).rejects.toThrow(
      /volume id is empty/,
    );
  });
});

describe('detect()', () => {
  const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'osinfo');
  const db = loadOsinfo({
    dirs: [path.join(fixture, 'base'), path.join(fixture, 'override')],
    cacheDir: false,
  });

  it('identifies bootable media; non-bootable media only when asked (as virt-install does)', async () => {
    const boot = await db.detect(
      makeIso('acme', { volume: 'ACME 1.2 x64', system: 'LINUX', boot: 'eltorito' }),
    );
    expect(boot.matches.map((m) => `${m.os.shortId}/${m.media.arch}`)).toEqual(['acme1/x86_64']);
    const iso = makeIso('acme-nb', { volume: 'ACME 1.2 x64', system: 'LINUX', boot: 'none' });
    expect((await db.detect(iso)).matches).toEqual([]);
    expect((await db.detect(iso, { requireBootable: false })).matches.map((m) => m.os.shortId)).toEqual([
      'acme1',
    ]);
  });
});

describe('glibListSort', () => {
  it("is GLib's merge sort: stable, first half of length floor(n/2), ties taken from the left", () => {
    const byLen = (a: string, b: string) => a.length - b.length;
    expect(glibListSort(['ccc', 'a', 'bb', 'd', 'ee'], byLen)).toEqual(['a', 'd', 'bb', 'ee', 'ccc']);
    // libosinfo's comparator is no order (a contains b → -1, else 1): only the same algorithm gives its result.
    // By hand: [A, AB] → [AB, A]; [B, ABC] → [ABC, B]; merging: ABC (AB ⊉ ABC), AB (AB ⊇ B), B (A ⊉ B), A.
    const contains = (a: string, b: string) => (a.includes(b) ? -1 : 1);
    expect(glibListSort(['A', 'AB', 'B', 'ABC'], contains)).toEqual(['ABC', 'AB', 'B', 'A']);
  });
});
