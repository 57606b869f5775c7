// The object-API slice on test:///default: Hypervisor, hv.domains, Domain, checked against virsh where it can be.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { executor } from '../../native/executor/index.js';
import { type Handle, setReleaser } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { openConnection } from '../../src/connection/connect.js';
import { Domain, ErrorCode, ErrorLevel, Hypervisor, LibvirtError } from '../../src/index.js';

const URI = 'test:///default';
const TEST_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';

/** virsh on its own test:///default instance: the driver's initial state, never what this file changed. */
function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });
}

/** virsh's "Key:   value" blocks (nodeinfo, dominfo) as a map. */
function virshFields(...args: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of virsh(...args).split('\n')) {
    const match = /^([^:]+):\s+(.*)$/.exec(line);
    if (match) fields.set(match[1]!.trim(), match[2]!.trim());
  }
  return fields;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

// Every release (virDomainFree, virConnectClose) goes through this, so a test can see what the close returned.
const closeResults: unknown[] = [];
setReleaser(async (fn, pointer) => {
  const result = await executor.call(fn, [pointer]);
  if (fn === 'virConnectClose') closeResults.push(result);
  return result;
});

// A LibvirtReferenceWarning means close() left a reference behind in libvirt.
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeAll(() => {
  process.on('warning', onWarning);
});
afterAll(() => {
  process.off('warning', onWarning);
});

describe('Hypervisor on test:///default', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    await hv.close();
  });

  it('reports the URI, hostname, versions and node info virsh reports', async () => {
    expect(hv.uri).toBe(URI);
    expect(hv.closed).toBe(false);
    expect(await hv.isAlive()).toBe(true);
    expect(await hv.hostname()).toBe(virsh('hostname').trim());

    const versions = virsh('version');
    const hypervisor = /Running hypervisor: TEST (\d+)\.(\d+)\.(\d+)/.exec(versions)!;
    expect(await hv.version()).toEqual({
      major: Number(hypervisor[1]),
      minor: Number(hypervisor[2]),
      release: Number(hypervisor[3]),
      number: Number(hypervisor[1]) * 1_000_000 + Number(hypervisor[2]) * 1_000 + Number(hypervisor[3]),
      text: `${hypervisor[1]}.${hypervisor[2]}.${hypervisor[3]}`,
    });
    const library = /Using library: libvirt (\d+\.\d+\.\d+)/.exec(versions)!;
    expect((await hv.libVersion()).text).toBe(library[1]);

    const node = virshFields('nodeinfo');
    expect(await hv.nodeInfo()).toEqual({
      model: node.get('CPU model'),
      memoryKiB: Number.parseInt(node.get('Memory size')!, 10),
      cpus: Number(node.get('CPU(s)')),
      mhz: Number.parseInt(node.get('CPU frequency')!, 10),
      nodes: Number(node.get('NUMA cell(s)')),
      sockets: Number(node.get('CPU socket(s)')),
      cores: Number(node.get('Core(s) per socket')),
      threads: Number(node.get('Thread(s) per core')),
    });

    const capabilities = await hv.capabilitiesXml();
    expect(capabilities.trim()).toBe(virsh('capabilities').trim());
  });

  it('lists and counts the domains virsh lists', async () => {
    const listed = virsh('list', '--all', '--name').trim().split('\n').filter(Boolean);
    const domains = await hv.domains.list();
    expect(domains.every((d) => d instanceof Domain)).toBe(true);
    expect(domains.map((d) => d.name).sort()).toEqual(listed.sort());
    expect(await hv.domains.count()).toBe(listed.length);
    const test = domains.find((d) => d.name === 'test')!;
    expect(test.uuid).toBe(virsh('domuuid', 'test').trim());
    await Promise.all(domains.map((d) => d.free()));
    expect(domains.every((d) => d.freed)).toBe(true);
  });

  it('gets a domain by name and by UUID, with and without dashes', async () => {
    const spellings = ['test', TEST_UUID, TEST_UUID.replaceAll('-', ''), TEST_UUID.toUpperCase()];
    for (const key of spellings) {
      await using domain = await hv.domains.get(key);
      expect(domain).toBeInstanceOf(Domain);
      expect(domain.name).toBe('test');
      expect(domain.uuid).toBe(TEST_UUID);
      expect(String(domain)).toBe('Domain(test)');
    }
  });

  it("returns info() with virsh dominfo's values", async () => {
    const dominfo = virshFields('dominfo', 'test');
    await using domain = await hv.domains.get('test');
    const info = await domain.info();
    expect(Object.keys(info).sort()).toEqual(['cpuTimeNs', 'maxMemoryKiB', 'memoryKiB', 'state', 'vcpus']);
    expect(info.state).toBe(dominfo.get('State'));
    expect(info.maxMemoryKiB).toBe(Number.parseInt(dominfo.get('Max memory')!, 10));
    expect(info.memoryKiB).toBe(Number.parseInt(dominfo.get('Used memory')!, 10));
    expect(info.vcpus).toBe(Number(dominfo.get('CPU(s)')));
    // The test driver derives CPU time from the wall clock, so only its type and sign are fixed.
    expect(typeof info.cpuTimeNs).toBe('bigint');
    expect(info.cpuTimeNs > 0n).toBe(true);
  });

  it('names the state as the domain moves through running, paused and shutoff', async () => {
    const conn = await call('virConnectOpen', URI);
    const raw = await call('virDomainLookupByName', conn, 'test');
    await using domain = await hv.domains.get('test');
    try {
      expect((await domain.info()).state).toBe('running');
      await call('virDomainSuspend', raw);
      expect((await domain.info()).state).toBe('paused');
      await call('virDomainResume', raw);
      expect((await domain.info()).state).toBe('running');
      await call('virDomainDestroy', raw);
      expect((await domain.info()).state).toBe('shutoff');
      await call('virDomainCreate', raw);
      expect((await domain.info()).state).toBe('running');
    } finally {
      await conn.free();
    }
  });

  it('refuses bad arguments with a TypeError before any libvirt call', async () => {
    const calls = vi.spyOn(executor, 'call');
    const describes = vi.spyOn(executor, 'describe');
    try {
      const cases: Promise<unknown>[] = [
        hv.domains.get(''),
        hv.domains.get(42 as any),
        hv.domains.get(undefined as any),
        Hypervisor.connect(42 as any),
        Hypervisor.connect(URI, { auth: { username: 'alice' } as any }),
        Hypervisor.connect(URI, { auth: 'alice:s3cret' as any }),
      ];
      for (const pending of cases) {
        const err = await rejection(pending);
        expect(err).toBeInstanceOf(TypeError);
        expect((err as Error).message).toMatch(/must|auth/);
      }
      expect(calls).not.toHaveBeenCalled();
      expect(describes).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('rejects a missing domain with a NO_DOMAIN LibvirtError whose stack has the caller', async () => {
    async function lookUpMissing(): Promise<unknown> {
      return await hv.domains.get('no-such-domain');
    }
    const err = (await rejection(lookUpMissing())) as LibvirtError;
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.code).toBe(ErrorCode.NO_DOMAIN);
    expect(err.codeName).toBe('NO_DOMAIN');
    expect(err.domainName).toBe('TEST');
    expect(err.level).toBe(ErrorLevel.ERROR);
    expect(err.message).toContain("'no-such-domain'");
    const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes("hv.domains.get('no-such-domain')")) + 1;
    expect(err.stack).toContain(`hypervisor.test.ts:${line}:`);
  });

  it('looks a UUID that matches nothing up as a name too, and names it', async () => {
    const missing = '00000000-0000-0000-0000-000000000000';
    const err = (await rejection(hv.domains.get(missing))) as LibvirtError;
    expect(err.code).toBe(ErrorCode.NO_DOMAIN);
    expect(err.message).toContain(missing);
  });
});

describe('closing', () => {
  beforeEach(() => {
    closeResults.length = 0;
  });

  it('await using closes the connection fully and releases its domains', async () => {
    let domain: Domain;
    let seen: Hypervisor;
    {
      await using hv = await Hypervisor.connect(URI);
      seen = hv;
      domain = await hv.domains.get('test');
    }
    expect(seen.closed).toBe(true);
    expect(domain.freed).toBe(true);
    expect(closeResults).toEqual([0]);
  });

  it('after close(): closed, not alive, and every method rejects with a LibvirtError', async () => {
    const hv = await Hypervisor.connect(URI);
    const domain = await hv.domains.get('test');
    const listed = await hv.domains.list();
    await hv.close();
    await hv.close();
    expect(closeResults).toEqual([0]);
    expect(hv.closed).toBe(true);
    expect(await hv.isAlive()).toBe(false);

    const connectionCalls = [
      hv.hostname(),
      hv.version(),
      hv.libVersion(),
      hv.capabilities(),
      hv.capabilitiesXml(),
      hv.nodeInfo(),
      hv.domains.list(),
      hv.domains.get('test'),
      hv.domains.count(),
    ];
    for (const pending of connectionCalls) {
      const err = (await rejection(pending)) as LibvirtError;
      expect(err).toBeInstanceOf(LibvirtError);
      expect(err.code).toBe(ErrorCode.INVALID_CONN);
    }
    for (const d of [domain, ...listed]) {
      expect(d.freed).toBe(true);
      const err = (await rejection(d.info())) as LibvirtError;
      expect(err).toBeInstanceOf(LibvirtError);
      expect(err.code).toBe(ErrorCode.INVALID_DOMAIN);
    }
    await domain.free();
  });

  it('left no libvirt reference behind: no LibvirtReferenceWarning was emitted', async () => {
    const hv = await Hypervisor.connect(URI);
    await Promise.all(Array.from({ length: 20 }, () => hv.domains.get('test')));
    await hv.close();
    expect(closeResults).toEqual([0]);
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'LibvirtReferenceWarning')).toEqual([]);
  });
});

describe('read-only connections', () => {
  it('answer queries', async () => {
    await using hv = await Hypervisor.connect(URI, { readOnly: true });
    await using domain = await hv.domains.get('test');
    expect((await domain.info()).state).toBe('running');
    expect(await hv.hostname()).toBe(virsh('hostname').trim());
  });

  it('refuse changes with OPERATION_DENIED (the handle Hypervisor.connect opens)', async () => {
    let conn: Handle | undefined;
    try {
      conn = await openConnection(URI, true);
      const raw = await call('virDomainLookupByName', conn, 'test');
      const suspend = (await rejection(call('virDomainSuspend', raw))) as LibvirtError;
      expect(suspend).toBeInstanceOf(LibvirtError);
      expect(suspend.code).toBe(ErrorCode.OPERATION_DENIED);
      const xml =
        "<domain type='test'><name>ro-define</name><memory>65536</memory><os><type>hvm</type></os></domain>";
      const define = (await rejection(call('virDomainDefineXML', conn, xml))) as LibvirtError;
      expect(define.code).toBe(ErrorCode.OPERATION_DENIED);
    } finally {
      await conn?.free();
    }
  });
});
