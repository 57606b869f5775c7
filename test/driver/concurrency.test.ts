// Errors are per thread in libvirt: with hundreds of lookups in flight each failure must still describe its own
// call. 200 missing names interleaved with 200 successful lookups, all through hv.domains.get.
import { afterAll, beforeAll, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { expectConcurrentLookupsAttributed } from '../helpers/attribution.js';

let hv: Hypervisor;
beforeAll(async () => {
  hv = await Hypervisor.connect('test:///default');
});
afterAll(async () => {
  await hv.close();
});

it('rejects 200 concurrent missing names each with NO_DOMAIN naming itself, between 200 successes', async () => {
  await expectConcurrentLookupsAttributed(hv, { name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' });
});
