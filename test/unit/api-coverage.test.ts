// docs/api-coverage.md is generated from the source: it must match what the generator derives now.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../native/generated/functions.js';
import { exposures, reachByMethod } from '../../scripts/api-coverage/reach.js';
import { renderCoverage } from '../../scripts/api-coverage/table.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('API coverage table', () => {
  let byMethod: ReturnType<typeof reachByMethod>;
  let exposed: ReturnType<typeof exposures>;
  let coverage: ReturnType<typeof renderCoverage>;
  // One TypeScript program over src/ and native/: several seconds on a busy machine.
  beforeAll(() => {
    byMethod = reachByMethod(ROOT);
    exposed = exposures(byMethod);
    coverage = renderCoverage(exposed);
  }, 180_000);

  it('is current: npm run coverage-table regenerates docs/api-coverage.md', () => {
    const committed = readFileSync(new URL('../../docs/api-coverage.md', import.meta.url), 'utf8');
    expect(committed).toBe(coverage.markdown);
  });

  it('lists every function of the API XML exactly once', () => {
    const rows = [...coverage.markdown.matchAll(/^\| `(vir\w+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });

  it('derives the mapping from the code: methods reach what they call, objects their free function', () => {
    expect(byMethod.get('Hypervisor.hostname')).toEqual(new Set(['virConnectGetHostname']));
    expect(byMethod.get('Hypervisor.capabilities')).toEqual(new Set(['virConnectGetCapabilities']));
    // A lookup spec's describers are reached through the spec the method passes along.
    expect(byMethod.get('DomainCollection.get')).toContain('virDomainGetUUIDString');
    // Hypervisor.connect opens through the authentication worker too, found by following spawnWorker('auth').
    expect(byMethod.get('Hypervisor.connect')).toContain('virConnectOpenAuth');
    expect(exposed.get('virDomainFree' as FunctionName)?.some((e) => e.how === 'release')).toBe(true);
    expect(exposed.has('virConnectRef')).toBe(false);
  });
});
