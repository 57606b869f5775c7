// Volume upload/download on qemu:///system: 256 MiB byte-identical both ways (checked against the file on the host
// with sha256sum, independently of the SDK), progress reported, sparse holes kept, and an abort half-way
// leaves the connection and the SDK usable.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { downloadVolume, type TransferProgress, uploadVolume } from '../../src/storage/volume-transfer.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const MiB = 1024 * 1024;
const POOL = `lvts-h14-xfer-${process.pid}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;
const SIZE = 256 * MiB;

/** 1 MiB random chunks, hashed as they are produced. */
function randomSource(mib: number, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  return (async function* () {
    for (let i = 0; i < mib; i++) {
      const chunk = randomBytes(MiB);
      hash.update(chunk);
      yield chunk;
    }
  })();
}

function sha256File(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;
}

async function sha256Of(readable: AsyncIterable<Buffer>): Promise<[string, number]> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of readable) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return [hash.digest('hex'), bytes];
}

describeDaemon('storage volume upload and download', () => {
  let conn: Handle;
  let pool: Handle;
  const volumes = new Map<string, Handle>();

  async function createVolume(name: string, bytes: number): Promise<Handle> {
    const xml = `<volume><name>${name}</name><capacity unit='bytes'>${bytes}</capacity><target><format type='raw'/></target></volume>`;
    const vol = await call('virStorageVolCreateXML', pool, xml, 0);
    volumes.set(name, vol);
    return vol;
  }

  beforeAll(async () => {
    requireDaemon();
    mkdirSync(DIR, { recursive: true });
    conn = await call('virConnectOpen', DAEMON_URI);
    const xml = `<pool type='dir'><name>${POOL}</name><target><path>${DIR}</path></target></pool>`;
    pool = await call('virStoragePoolCreateXML', conn, xml, 0);
  });

  afterAll(async () => {
    for (const vol of volumes.values()) await call('virStorageVolDelete', vol, 0).catch(() => {});
    await call('virStoragePoolDestroy', pool).catch(() => {});
    await conn?.free();
    try {
      virsh('pool-destroy', POOL);
    } catch {
      // Already gone through the SDK.
    }
    rmSync(DIR, { recursive: true, force: true });
  });

  it('uploads and downloads 256 MiB byte-identical, with progress', async () => {
    const vol = await createVolume('big.raw', SIZE);
    const sourceHash = createHash('sha256');
    const progress: TransferProgress[] = [];
    await uploadVolume(vol, randomSource(SIZE / MiB, sourceHash), {
      length: SIZE,
      onProgress: (p) => progress.push(p),
    });
    const expected = sourceHash.digest('hex');
    expect(sha256File(`${DIR}/big.raw`)).toBe(expected);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ transferred: SIZE, total: SIZE });
    expect(progress.every((p, i) => i === 0 || p.transferred > progress[i - 1]!.transferred)).toBe(true);

    const seen: TransferProgress[] = [];
    const [downloaded, bytes] = await sha256Of(downloadVolume(vol, { onProgress: (p) => seen.push(p) }));
    expect(bytes).toBe(SIZE);
    expect(downloaded).toBe(expected);
    expect(seen.at(-1)).toEqual({ transferred: SIZE, total: SIZE });
  });

  it('aborting an upload half-way rejects with the reason and leaves the SDK usable', async () => {
    const vol = await createVolume('abort-up.raw', 64 * MiB);
    const controller = new AbortController();
    const upload = uploadVolume(vol, randomSource(64, createHash('sha256')), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.transferred >= 32 * MiB) controller.abort();
      },
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    // Next calls on the same connection work, and the volume takes a fresh upload.
    expect(await call('virConnectIsAlive', conn)).toBe(1);
    const small = randomBytes(MiB);
    await uploadVolume(vol, small);
    const [hash] = await sha256Of(downloadVolume(vol, { length: MiB }));
    expect(hash).toBe(createHash('sha256').update(small).digest('hex'));
    expect(virsh('vol-info', '--pool', POOL, 'abort-up.raw')).toMatch(/Capacity:\s+64\.00 MiB/);
  });

  it('aborting a download half-way destroys the Readable and leaves the SDK usable', async () => {
    const vol = await createVolume('abort-down.raw', 64 * MiB);
    const controller = new AbortController();
    const readable = downloadVolume(vol, { signal: controller.signal });
    let bytes = 0;
    await expect(
      (async () => {
        for await (const chunk of readable) {
          bytes += chunk.length;
          if (bytes >= 32 * MiB) controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(bytes).toBeLessThan(64 * MiB);
    expect(await call('virConnectIsAlive', conn)).toBe(1);
    const [, again] = await sha256Of(downloadVolume(vol));
    expect(again).toBe(64 * MiB);
  });

  it('keeps holes on a sparse upload and restores the bytes on a sparse download', async () => {
    const vol = await createVolume('sparse.raw', 16 * MiB);
    const data = randomBytes(4 * MiB);
    const content = Buffer.concat([Buffer.alloc(12 * MiB), data]);
    await uploadVolume(vol, content, { sparse: true });
    const allocatedKiB = Number(
      execFileSync('du', ['-k', `${DIR}/sparse.raw`], { encoding: 'utf8' }).split('\t')[0],
    );
    // Only the 4 MiB of data is allocated on the host, not the 12 MiB of zeros before it.
    expect(allocatedKiB).toBeLessThan(8 * 1024);
    const [hash, bytes] = await sha256Of(downloadVolume(vol, { sparse: true }));
    expect(bytes).toBe(16 * MiB);
    expect(hash).toBe(createHash('sha256').update(content).digest('hex'));
  });
});
