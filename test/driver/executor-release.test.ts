import { describe, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import type { Handle } from '../../native/handles.js';

// Releases of objects other than connections are deferred (free() resolves at once); a connection's close
// must still come after them, or virConnectClose reports references left behind.

describe('deferred releases on test:///default', () => {
  it('closes a connection after the release of a child freed while a call still used it', async () => {
    const conn = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
    const dom = (await executor.call('virDomainLookupByName', [conn, 'test'])) as Handle;
    // On the slow lane, so it runs on another worker than the quick lane's releases.
    const xml = executor.call('virDomainGetXMLDesc', [dom, 0], { lane: 'slow' });
    await dom.free();
    expect(await conn.free()).toBe(0);
    expect(await xml).toContain('<name>test</name>');
  });

  it('closes with no reference left after many lookups freed one by one', async () => {
    const conn = (await executor.call('virConnectOpen', ['test:///default'])) as Handle;
    for (let i = 0; i < 200; i++) {
      const dom = (await executor.call('virDomainLookupByName', [conn, 'test'])) as Handle;
      await executor.call('virDomainGetInfo', [dom]);
      await dom.free();
    }
    expect(await conn.free()).toBe(0);
  });
});
