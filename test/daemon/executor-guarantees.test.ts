// The guarantees the per-connection executor keeps while calls on one daemon connection run side by side:
// each call reads its own error (200 failing and succeeding calls spread over 3 connections), a call made
// after another's promise resolved sees its effect, and a frozen daemon (a private libvirtd, SIGSTOPped)
// parks only the calls aimed at it: calls to qemu:///system go on meanwhile, and so do its events.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { expectOwnNotFound } from '../helpers/attribution.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const NAME = `lvts-test-guarantees-${process.pid}`;
const XML = (name: string) =>
  `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`;

describeDaemon('the executor on a real libvirtd', () => {
  const connections: Hypervisor[] = [];

  beforeAll(async () => {
    requireDaemon();
    for (let i = 0; i < 3; i++) connections.push(await Hypervisor.connect(DAEMON_URI, { concurrency: 8 }));
    await connections[0]!.domains.define(XML(NAME));
  });

  afterAll(async () => {
    const dom = await connections[0]?.domains.find(NAME);
    await dom?.undefine();
    await Promise.all(connections.map((hv) => hv.close()));
  });

  it('attributes each of 200 concurrent failures across 3 connections to its own call', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 400 }, (_, i) => {
        const hv = connections[i % 3]!;
        return i % 2 === 0 ? hv.domains.get(`lvts-missing-${i}`) : hv.domains.get(NAME).then((d) => d.name);
      }),
    );
    results.forEach((result, i) => {
      if (i % 2 === 0) {
        expectOwnNotFound(result, `lvts-missing-${i}`);
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: NAME });
      }
    });
  });

  it('lets a call made after another resolved see its effect, with calls running side by side', async () => {
    const [a, b] = connections as [Hypervisor, Hypervisor];
    const dom = await a.domains.get(NAME);
    // Other calls keep every worker of the connection busy meanwhile.
    let busy = true;
    const noise = Array.from({ length: 16 }, async () => {
      while (busy) await (await a.domains.get(NAME)).free();
    });
    try {
      for (let i = 0; i < 20; i++) {
        const text = `write-${i}`;
        await dom.setMetadata('description', text, { config: true });
        // The same connection, and another connection: both read the write.
        expect(await dom.metadata('description', undefined, { config: true })).toBe(text);
        const other = await b.domains.get(NAME);
        expect(await other.metadata('description', undefined, { config: true })).toBe(text);
        await other.free();
      }
    } finally {
      busy = false;
      await Promise.all(noise);
    }
    expect(virsh('desc', NAME, '--config').trim()).toBe('write-19');
  });
});

const DIR = '/var/tmp/lvts-guarantees-libvirtd';
const ENV = {
  ...process.env,
  LVTS_SECOND_DIR: DIR,
  LVTS_SECOND_PORT: '16530',
  LVTS_SECOND_HOST_UUID: '5ec0dd00-1b7a-4c3e-9d2f-1e2d3c4b5a71',
};
const SCRIPT = fileURLToPath(new URL('../../scripts/second-libvirtd.sh', import.meta.url));
const FROZEN_URI = 'qemu+tcp://127.0.0.1:16530/system';

describeDaemon('a frozen daemon', () => {
  let pid = 0;

  beforeAll(() => {
    requireDaemon();
    execFileSync('bash', [SCRIPT, 'start'], { env: ENV, stdio: 'pipe', timeout: 120_000 });
    pid = Number(readFileSync(join(DIR, 'libvirtd.pid'), 'utf8'));
    writeFileSync(join(DIR, 'probe.xml'), XML(NAME));
    execFileSync('virsh', ['-c', FROZEN_URI, 'define', join(DIR, 'probe.xml')], { stdio: 'pipe' });
  });

  afterAll(() => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Gone.
    }
    execFileSync('bash', [SCRIPT, 'stop'], { env: ENV, stdio: 'pipe', timeout: 120_000 });
  });

  it('parks only the calls aimed at it: another daemon is served meanwhile', async () => {
    // No keepalive on the frozen connection: its calls stay parked for the whole test.
    const frozen = await Hypervisor.connect(FROZEN_URI, { keepAlive: false });
    const healthy = await Hypervisor.connect(DAEMON_URI);
    await healthy.domains.define(XML(`${NAME}-healthy`));
    try {
      process.kill(pid, 'SIGSTOP');
      let parkedSettled = 0;
      const parked = Array.from({ length: 32 }, () =>
        frozen.domains.get(NAME).then(
          () => parkedSettled++,
          () => parkedSettled++,
        ),
      );
      // 500 lookups and 500 info calls on the healthy daemon, 64 at a time, while 32 calls (8 threads) wait.
      let served = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (served < 500) {
            served++;
            const dom = await healthy.domains.get(`${NAME}-healthy`);
            await dom.info();
            await dom.free();
          }
        }),
      );
      expect(served).toBeGreaterThanOrEqual(500);
      // A subscription on the frozen connection waits (registering is an RPC, made by that connection's
      // worker), and events of the healthy one still arrive: the loop thread is not held.
      const frozenSubscription = frozen.on('domain.lifecycle', () => {});
      const events: string[] = [];
      const healthySubscription = healthy.on('domain.lifecycle', (e) => events.push(e.event));
      await healthySubscription.ready;
      await healthy.domains.define(XML(`${NAME}-evented`));
      await (await healthy.domains.get(`${NAME}-evented`)).undefine();
      for (let i = 0; i < 200 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(events).toEqual(['defined', 'undefined']);
      await healthySubscription.off();
      expect(parkedSettled).toBe(0);
      process.kill(pid, 'SIGCONT');
      await Promise.all(parked);
      expect(parkedSettled).toBe(32);
      await frozenSubscription.ready;
      await frozenSubscription.off();
    } finally {
      process.kill(pid, 'SIGCONT');
      await (await healthy.domains.find(`${NAME}-healthy`))?.undefine();
      await healthy.close();
      await frozen.close();
    }
  });
});
