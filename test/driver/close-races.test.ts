// hv.close() racing calls still in flight: what they return after the close began is already closed, and the
// connection closes with no reference left behind (issue 11: 20 handles leaked, and their Domains kept working).
import { expect, it } from 'vitest';
import { Domain, Hypervisor, LibvirtError } from '../../src/index.js';

it('a lookup resolving after hv.close() started returns a closed Domain, and nothing leaks', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    for (let round = 0; round < 5; round++) {
      const hv = await Hypervisor.connect('test:///default');
      const lookups = Array.from({ length: 40 }, () => hv.domains.get('test').catch((err: unknown) => err));
      const closing = hv.close();
      const results = await Promise.all(lookups);
      await closing;
      for (const result of results) {
        if (result instanceof Domain) {
          await expect(result.info()).rejects.toBeInstanceOf(LibvirtError);
        } else {
          expect(result).toBeInstanceOf(LibvirtError);
        }
      }
    }
    // Warnings are emitted on a later turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('warning', onWarning);
  }
  expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
});

it('vol.download() destroyed at once raises nothing later, even where the driver cannot download', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  const hv = await Hypervisor.connect('test:///default');
  try {
    const pool = await hv.pools.get('default-pool');
    const volume = await pool.volumes.create(
      "<volume><name>lvts-close-race.img</name><capacity unit='KiB'>64</capacity></volume>",
    );
    // The test driver refuses virStorageVolDownload: the open fails after destroy() was called.
    for (let i = 0; i < 10; i++) volume.download().destroy();
    const readable = volume.download();
    const closed = new Promise((resolve) => readable.once('close', resolve));
    readable.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await volume.delete();
  } finally {
    process.off('uncaughtException', onUncaught);
    await hv.close();
  }
  expect(uncaught).toEqual([]);
});
