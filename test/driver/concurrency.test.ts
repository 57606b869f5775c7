// Errors are per thread in libvirt: with hundreds of lookups in flight each failure must still describe its own
// call. 200 missing names interleaved with 200 successful lookups, all through hv.domains.get.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Domain, Hypervisor } from '../../src/index.js';
import { expectOwnNotFound } from '../helpers/attribution.js';

let hv: Hypervisor;
beforeAll(async () => {
  hv = await Hypervisor.connect('test:///default');
});
afterAll(async () => {
  await hv.close();
});

it('rejects 200 concurrent missing names each with NO_DOMAIN naming itself, between 200 successes', async () => {
  const keys = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `lvts-missing-${i}` : 'test'));
  const results = await Promise.allSettled(keys.map((key) => hv.domains.get(key)));
  const found: Domain[] = [];
  results.forEach((result, i) => {
    if (i % 2 === 0) {
      expectOwnNotFound(result, keys[i]!);
    } else {
      expect(result.status).toBe('fulfilled');
      const domain = (result as PromiseFulfilledResult<Domain>).value;
      expect(domain).toBeInstanceOf(Domain);
      expect(domain.name).toBe('test');
      expect(domain.uuid).toBe('6695eb01-f6a4-8304-79aa-97f2502e193f');
      found.push(domain);
    }
  });
  expect(found).toHaveLength(200);
  await Promise.all(found.map((d) => d.free()));
});
