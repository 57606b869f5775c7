/**
 * The ISO 9660 identifiers osinfo-detect reads, read the way libosinfo reads them (osinfo_media.c): the primary
 * volume descriptor at 0x8000 (system, volume, publisher and application ids, each cut at a NUL and stripped
 * of trailing whitespace; the volume size as volume space size × logical block size), and bootability: the
 * next descriptor is an El Torito boot record, or (PowerPC media) the image holds /ppc/bootinfo.txt.
 */
import fs from 'node:fs/promises';
import { IsoReadError } from './errors.js';

/**
 * What identifies an ISO image: the text fields of its ISO 9660 primary volume descriptor, its size and whether
 * it boots.
 */
export interface IsoIdentity {
  /** The volume identifier, trimmed. */
  volumeId?: string;
  /** The system identifier, trimmed. */
  systemId?: string;
  /** The publisher identifier, trimmed. */
  publisherId?: string;
  /** The application identifier, trimmed. */
  applicationId?: string;
  /** Bytes: volume space size × logical block size. */
  volumeSize: number;
  /** El Torito boot record right after the primary volume descriptor, or /ppc/bootinfo.txt present. */
  bootable: boolean;
}

const SECTOR = 2048;
const PVD_OFFSET = 0x8000;

/** g_strndup + g_strchomp: up to the first NUL, trailing ASCII whitespace removed; all-blank → undefined. */
function field(buf: Buffer, at: number, len: number): string | undefined {
  let end = at;
  while (end < at + len && buf[end] !== 0) end++;
  let s = buf.toString('latin1', at, end);
  s = s.replace(/[ \t\n\v\f\r]+$/, '');
  return s === '' ? undefined : s;
}

async function readAt(fh: fs.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === len ? buf : buf.subarray(0, got);
}

/** libosinfo's walk to /ppc/bootinfo.txt: case-insensitive name prefixes, directory flag checked per level. */
async function hasPpcBootinfo(fh: fs.FileHandle, pvd: Buffer): Promise<boolean> {
  const blockSize = pvd.readUInt16LE(128);
  let extent = pvd.readUInt32LE(156 + 2);
  let length = pvd.readUInt32LE(156 + 10);
  const parts = ['ppc', 'bootinfo.txt'];
  for (let level = 0; level < parts.length; level++) {
    if (length === 0 || length > 16 * 1024 * 1024) return false;
    const data = await readAt(fh, extent * blockSize, length);
    if (data.length < length) return false;
    const wantDir = level < parts.length - 1;
    const want = parts[level] as string;
    let found = false;
    let off = 0;
    while (off < length) {
      const recLen = data[off] as number;
      if (recLen === 0) {
        off++;
        continue;
      }
      if (off + 33 > length) break;
      const flags = data[off + 25] as number;
      const nameLen = data[off + 32] as number;
      const name = data.toString('latin1', off + 33, Math.min(off + 33 + nameLen, length));
      const isDir = (flags & 2) !== 0;
      if (isDir === wantDir && name.slice(0, want.length).toLowerCase() === want) {
        extent = data.readUInt32LE(off + 2);
        length = data.readUInt32LE(off + 10);
        found = true;
        break;
      }
      off += recLen;
    }
    if (!found) return false;
  }
  return true;
}

/** Reads an ISO image's identity; an IsoReadError when the file is no ISO 9660 image or has no volume id. */
export async function readIsoIdentity(isoPath: string): Promise<IsoIdentity> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(isoPath, 'r');
  } catch (err) {
    throw new IsoReadError(isoPath, (err as Error).message);
  }
  try {
    const both = await readAt(fh, PVD_OFFSET, 2 * SECTOR);
    if (both.length < SECTOR + 39) throw new IsoReadError(isoPath, 'too short for an ISO 9660 image');
    const pvd = both.subarray(0, SECTOR);
    if (pvd.toString('latin1', 1, 6) !== 'CD001' || pvd[0] !== 1) {
      throw new IsoReadError(isoPath, 'no ISO 9660 primary volume descriptor at 0x8000');
    }
    const id: IsoIdentity = {
      volumeSize: pvd.readUInt32LE(80) * pvd.readUInt16LE(128),
      bootable: false,
    };
    const volume = field(pvd, 40, 32);
    const system = field(pvd, 8, 32);
    const publisher = field(pvd, 318, 128);
    const application = field(pvd, 574, 128);
    if (volume === undefined)
      throw new IsoReadError(isoPath, 'the volume id is empty (insufficient metadata)');
    id.volumeId = volume;
    if (system !== undefined) id.systemId = system;
    if (publisher !== undefined) id.publisherId = publisher;
    if (application !== undefined) id.applicationId = application;
    // libosinfo: the boot system id of the next descriptor, NUL at 31, trailing blanks stripped.
    const bootSystem = field(both, SECTOR + 7, 31);
    id.bootable = bootSystem === 'EL TORITO SPECIFICATION' || (await hasPpcBootinfo(fh, pvd));
    return id;
  } finally {
    await fh.close();
  }
}
