import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../native/executor/executor.js';
import type { Handle } from '../../native/handles.js';

// free() of an object other than a connection detaches the handle at once and resolves without a round trip;
// the release itself rides in front of the next quick batch, and never overtakes a call still using the object.

const opsModule = pathToFileURL(new URL('./fixtures/fake-ops.ts', import.meta.url).pathname).href;
// Workers inherit this environment: each appends the releases it runs to this file.
process.env.FAKE_OPS_FREES_FILE = join(mkdtempSync(join(tmpdir(), 'lvts-frees-')), 'frees');
const executor = createExecutor({
  opsModule,
  returns: (fn) => {
    if (fn === 'newObject') return { kind: 'domain', free: 'virDomainFree', borrowed: false };
    // An object whose release fails, as a reference freed twice would.
    if (fn === 'newBrokenObject') return { kind: 'domain', free: 'fail', borrowed: false };
    return undefined;
  },
});
afterAll(() => executor.close());

type Freed = { pointer: bigint; at: number }[];
const freesOf = async (pointer: bigint) =>
  ((await executor.call('frees')) as Freed).filter((f) => f.pointer === pointer);

describe('releasing handles', () => {
  it('detaches at once and runs the release ahead of the next call, in the same batch', async () => {
    const handle = (await executor.call('newObject', [0x4000])) as Handle;
    await expect(handle.free()).resolves.toBe(0);
    expect(handle.freed).toBe(true);
    // No turn of the event loop in between: the release can only have run as part of this call's batch.
    expect(await freesOf(0x4000n)).toHaveLength(1);
    await handle.free();
    expect(await freesOf(0x4000n)).toHaveLength(1);
  });

  it('waits for the calls still using the object before releasing it', async () => {
    const handle = (await executor.call('newObject', [0x5000])) as Handle;
    const holding = executor.call('holdFor', [handle, 200], { lane: 'slow' }) as Promise<number>;
    await handle.free();
    expect(handle.freed).toBe(true);
    await expect(executor.call('echo', [handle])).rejects.toThrow(/already freed/);
    expect(await freesOf(0x5000n)).toHaveLength(0);
    const heldUntil = await holding;
    let frees: Freed = [];
    for (let i = 0; i < 100 && frees.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      frees = await freesOf(0x5000n);
    }
    expect(frees).toHaveLength(1);
    expect(frees[0]!.at).toBeGreaterThanOrEqual(heldUntil);
  });

  it('reports a release that fails as a LibvirtReleaseWarning', async () => {
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    const broken = (await executor.call('newBrokenObject', [0x7000])) as Handle;
    await broken.free();
    const warning = await warned;
    expect(warning.name).toBe('LibvirtReleaseWarning');
    expect(warning.message).toBe(
      "libvirt-ts: fail failed while releasing a handle: Domain not found: no domain with matching name '28672'",
    );
  });
});
