// Volume transfers on test:///default: the test driver has no virStorageVolUpload/Download, so both fail with
// libvirt's typed NO_SUPPORT error, release their stream and leave the connection usable; bad arguments are
// refused before anything reaches C.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { ErrorCode, LibvirtError } from '../../src/core/errors.js';
import { downloadVolume, uploadVolume } from '../../src/storage/volume-transfer.js';

describe('volume transfer on the test driver', () => {
  let conn: Handle;
  let vol: Handle;

  beforeAll(async () => {
    conn = await call('virConnectOpen', 'test:///default');
    const pool = await call('virStoragePoolLookupByName', conn, 'default-pool');
    vol = await call(
      'virStorageVolCreateXML',
      pool,
      `<volume><name>lvts-h14-xfer.img</name><capacity>1048576</capacity></volume>`,
      0,
    );
  });

  afterAll(async () => {
    await conn?.free();
  });

  it('upload rejects with NO_SUPPORT and the connection stays usable', async () => {
    const err = await uploadVolume(vol, Buffer.alloc(4096)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    expect(await call('virConnectIsAlive', conn)).toBe(1);
  });

  it('download destroys its Readable with NO_SUPPORT', async () => {
    const err = await (async () => {
      for await (const _ of downloadVolume(vol)) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SUPPORT);
    expect(await call('virStorageVolGetName', vol)).toBe('lvts-h14-xfer.img');
  });

  it('refuses bad arguments before C', async () => {
    await expect(uploadVolume(vol, 'text' as never)).rejects.toThrow(TypeError);
    await expect(uploadVolume(vol, Buffer.alloc(1), { offset: -1 })).rejects.toThrow(RangeError);
    await expect(uploadVolume(vol, Buffer.alloc(1), { length: 1.5 })).rejects.toThrow(RangeError);
    await expect(uploadVolume(vol, Buffer.alloc(1), { signal: {} as never })).rejects.toThrow(TypeError);
    await expect(uploadVolume(vol, [1, 2] as never)).rejects.toThrow(TypeError);
    expect(() => downloadVolume(vol, { offset: '1' as never })).toThrow(TypeError);
    expect(() => downloadVolume(vol, { onProgress: 1 as never })).toThrow(TypeError);
  });

  it('an already aborted signal rejects at once', async () => {
    await expect(uploadVolume(vol, Buffer.alloc(1), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
