import { afterAll, beforeAll, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import type { Handle } from '../../native/handles.js';
import { expectExecutorLookupsAttributed } from '../helpers/attribution.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';

describeDaemon('executor on a real libvirtd', () => {
  let conn: Handle;
  let existing: string;
  beforeAll(async () => {
    requireDaemon();
    conn = (await executor.call('virConnectOpen', [DAEMON_URI])) as Handle;
    const name = `executor-probe-${process.pid}`;
    const xml = `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>`;
    await (executor.call('virDomainDefineXML', [conn, xml]) as Promise<Handle>).then((d) => d.free());
    existing = name;
  });
  afterAll(async () => {
    const dom = (await executor.call('virDomainLookupByName', [conn, existing])) as Handle;
    await executor.call('virDomainUndefine', [dom]);
    await dom.free();
    expect(await conn.free()).toBe(0);
  });

  it('attributes 200 concurrent NO_DOMAIN errors to their own names, interleaved with successes', async () => {
    await expectExecutorLookupsAttributed(conn, existing);
  });
});
