// invoke() on test:///default, one case per shape kind, checked against `virsh -c test:///default` where
// practical, plus the failure paths and a leak check.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../native/errors.js';
import { callbackTypes } from '../../native/marshal/callbacks.js';
import { addressOf } from '../../native/marshal/memory.js';
import { decodeTypedParams, encodeTypedParams } from '../../native/marshal/typed-params.js';
import { SHAPES } from '../../native/tables/shapes.js';
import {
  type Binding,
  CALLBACKS,
  CallFailure,
  InvokeArgumentError,
  openRawBinding,
  type TypedParamsInput,
} from '../../src/raw.js';

const URI = 'test:///default';

function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });
}

/** `Key: value` lines of virsh output as a map. */
function fields(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

describe('invoke on test:///default', () => {
  let b: Binding;
  let conn: bigint;
  let dom: bigint;

  beforeAll(() => {
    b = openRawBinding();
    conn = b.invoke('virConnectOpen', [URI]) as bigint;
    dom = b.invoke('virDomainLookupByName', [conn, 'test']) as bigint;
  });
  afterAll(() => {
    b.invoke('virDomainFree', [dom]);
    b.invoke('virConnectClose', [conn]);
  });

  it('ListAll: new references as bigints, the array freed', () => {
    const doms = b.invoke('virConnectListAllDomains', [conn, 0]);
    expect(doms).toHaveLength(lines(virsh('list', '--all', '--name')).length);
    const names = doms.map((d) => {
      const name = b.invoke('virDomainGetName', [d]);
      b.invoke('virDomainFree', [d]);
      return name;
    });
    expect(names).toEqual(lines(virsh('list', '--all', '--name')));
    const pools = b.invoke('virConnectListAllStoragePools', [conn, 0]);
    expect(pools.map((p) => b.invoke('virStoragePoolGetName', [p]))).toEqual(
      lines(virsh('pool-list', '--all', '--name')),
    );
    for (const p of pools) b.invoke('virStoragePoolFree', [p]);
  });

  it('UUID getters (string and raw) and lookup by raw UUID', () => {
    const uuid = b.invoke('virDomainGetUUIDString', [dom]);
    expect(uuid).toBe(virsh('domuuid', 'test').trim());
    const raw = b.invoke('virDomainGetUUID', [dom]);
    expect(Buffer.from(raw).toString('hex')).toBe(uuid.replace(/-/g, ''));
    const again = b.invoke('virDomainLookupByUUID', [conn, raw]) as bigint;
    expect(b.invoke('virDomainGetName', [again])).toBe('test');
    b.invoke('virDomainFree', [again]);
    expect(() => b.invoke('virDomainLookupByUUID', [conn, new Uint8Array(3)])).toThrow(InvokeArgumentError);
  });

  it('struct out-params: virDomainGetInfo and virNodeGetInfo match virsh', () => {
    const info = b.invoke('virDomainGetInfo', [dom]);
    const v = fields(virsh('dominfo', 'test'));
    expect(info.state).toBe(1); // VIR_DOMAIN_RUNNING
    expect(v.get('State')).toBe('running');
    expect(`${info.maxMem} KiB`).toBe(v.get('Max memory'));
    expect(`${info.memory} KiB`).toBe(v.get('Used memory'));
    expect(String(info.nrVirtCpu)).toBe(v.get('CPU(s)'));
    expect(typeof info.cpuTime).toBe('bigint'); // nanoseconds: the 64-bit rule
    const node = b.invoke('virNodeGetInfo', [conn]);
    const n = fields(virsh('nodeinfo'));
    expect(node.model).toBe(n.get('CPU model'));
    expect(String(node.cpus)).toBe(n.get('CPU(s)'));
    expect(`${node.mhz} MHz`).toBe(n.get('CPU frequency'));
    expect(`${node.memory} KiB`).toBe(n.get('Memory size'));
  });

  it('scalar out-params', () => {
    expect(b.invoke('virDomainGetState', [dom, 0])).toEqual({ state: 1, reason: expect.any(Number) });
    expect(b.invoke('virConnectGetLibVersion', [conn])).toBe(9_000_000 + 0);
    expect(b.invoke('virDomainGetAutostart', [dom])).toBe(0);
    expect(b.invoke('virGetVersion', ['Test'])).toEqual({
      libVer: expect.any(Number),
      typeVer: expect.any(Number),
    });
  });

  it('owned string returns and string lists', () => {
    expect(b.invoke('virDomainGetXMLDesc', [dom, 0])?.trimEnd()).toBe(virsh('dumpxml', 'test').trimEnd());
    expect(b.invoke('virConnectGetHostname', [conn])).toEqual(expect.any(String));
    const models = b.invoke('virConnectGetCPUModelNames', [conn, 'x86_64', 0]);
    expect(models.length).toBeGreaterThan(0);
    expect(models).toContain('qemu64');
  });

  it('typed parameters: get (call twice for nparams), set from a plain object, get again', () => {
    const before = b.invoke('virDomainGetMemoryParameters', [dom, 0]);
    expect(Object.keys(before).sort()).toEqual(['hard_limit', 'soft_limit', 'swap_hard_limit']);
    expect(fields(virsh('memtune', 'test')).get('hard_limit')).toBe('unlimited');
    expect(before.hard_limit).toBe(9007199254740991n); // VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, as a bigint
    // A plain number takes its C type (ullong) from the getter.
    b.invoke('virDomainSetMemoryParameters', [dom, { hard_limit: 1048576 }, 0]);
    expect(b.invoke('virDomainGetMemoryParameters', [dom, 0]).hard_limit).toBe(1048576n);
    b.invoke('virDomainSetMemoryParameters', [dom, { soft_limit: { type: 'ullong', value: 524288n } }, 0]);
    expect(b.invoke('virDomainGetMemoryParameters', [dom, 0]).soft_limit).toBe(524288n);
    expect(() => b.invoke('virDomainSetMemoryParameters', [dom, { hard_limit: 'x' }, 0])).toThrow(
      /typed parameter 'hard_limit' \(ullong\) must be an integer/,
    );
    expect(() => b.invoke('virConnectSetIdentity', [conn, { 'unix-user-id': 1 }, 0])).toThrow(
      /C type is unknown/,
    );
  });

  it('typed parameters allocated by libvirt (virDomainGetPerfEvents)', () => {
    const perf = b.invoke('virDomainGetPerfEvents', [dom, 0]);
    expect(typeof perf).toBe('object');
    for (const v of Object.values(perf)) expect(typeof v).toBe('boolean');
  });

  it('name and ID lists', () => {
    expect(b.invoke('virConnectListNetworks', [conn, 16])).toEqual(lines(virsh('net-list', '--name')));
    expect(b.invoke('virConnectListDefinedDomains', [conn, 16])).toEqual(
      lines(virsh('list', '--inactive', '--name')),
    );
    expect(b.invoke('virConnectListDomains', [conn, 16]).map(String)).toEqual(lines(virsh('list', '--id')));
    expect(() => b.invoke('virConnectListNetworks', [conn, -1])).toThrow(InvokeArgumentError);
  });

  it('stats records: decoded params and a domain reference the caller owns', () => {
    const records = b.invoke('virConnectGetAllDomainStats', [conn, 0, 0]);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(b.invoke('virDomainGetName', [record!.dom])).toBe('test');
    const expected = lines(virsh('domstats', 'test'))
      .filter((l) => l.startsWith('state.'))
      .map((l) => l.split('='));
    for (const [key, value] of expected) expect(String(record!.params[key!])).toBe(value);
    b.invoke('virDomainFree', [record!.dom]);
  });

  it('query-then-fill struct arrays and per-CPU typed parameters match virsh', () => {
    const node = b.invoke('virNodeGetCPUStats', [conn, -1, 0]);
    const v = fields(virsh('nodecpustats'));
    expect(node.find((s) => s.field === 'user')?.value).toBe(BigInt(v.get('user')!));
    expect(node.find((s) => s.field === 'idle')?.value).toBe(BigInt(v.get('idle')!));
    const perCpu = b.invoke('virDomainGetCPUStats', [dom, 0, 2, 0]);
    const cpu0 = virsh('cpu-stats', 'test', '--start', '0', '--count', '1').match(
      /cpu_time\s+([\d.]+) seconds/,
    );
    expect(perCpu).toHaveLength(2);
    expect(Number(perCpu[0]!.cpu_time) / 1e9).toBeCloseTo(Number(cpu0![1]), 6);
    const total = b.invoke('virDomainGetCPUStats', [dom, -1, 1, 0]);
    expect(Object.keys(total[0]!)).toContain('cpu_time');
    expect(() => b.invoke('virDomainGetCPUStats', [dom, 0, 0, 0])).toThrow(InvokeArgumentError);
  });

  it('struct arrays with cpumaps (virDomainGetVcpus)', () => {
    const { info, cpumaps } = b.invoke('virDomainGetVcpus', [dom, 8, 2]);
    expect(info).toHaveLength(2);
    expect(cpumaps).toHaveLength(2);
    expect(info.map((v) => v.number)).toEqual([0, 1]);
  });

  it('failures: CallFailure carries the thread error; bad arguments are InvokeArgumentError', () => {
    let caught: unknown;
    try {
      b.invoke('virDomainLookupByName', [conn, 'no-such-domain']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CallFailure);
    expect((caught as CallFailure).error.code).toBe(ErrorCode.NO_DOMAIN);
    expect(b.lastError()?.code).toBe(ErrorCode.NO_DOMAIN);
    b.resetError();
    expect(b.lastError()).toBeNull();
    expect(() => b.invoke('virDomainGetInfo', [dom, 1])).toThrow(/takes 1 arguments/);
    expect(() => b.invoke('virConnectNumOfDomains', ['not a pointer'])).toThrow(InvokeArgumentError);
    expect(() => b.invoke('virNoSuchFunction', [])).toThrow(/not a libvirt function/);
    expect(() => b.invoke('virDomainQemuMonitorCommand', [dom, '{}', 0])).toThrow(CallFailure);
  });

  it('does not leak: 20k lookup+getInfo+free and getXMLDesc keep RSS flat', () => {
    const cycle = () => {
      const d = b.invoke('virDomainLookupByName', [conn, 'test']);
      b.invoke('virDomainGetInfo', [d]);
      b.invoke('virDomainFree', [d]);
      b.invoke('virDomainGetXMLDesc', [dom, 0]);
      for (const r of b.invoke('virConnectGetAllDomainStats', [conn, 0, 0]))
        b.invoke('virDomainFree', [r.dom]);
    };
    for (let i = 0; i < 2000; i++) cycle();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20_000; i++) cycle();
    const growth = (process.memoryUsage().rss - before) / 1024 / 1024;
    console.log(
      `leak check: RSS ${(before / 1024 / 1024).toFixed(1)} MiB, +${growth.toFixed(1)} MiB after 20k cycles`,
    );
    expect(growth).toBeLessThan(20);
  });
});

describe('typed parameters encode/decode', () => {
  it('round-trips every type losslessly, repeated names included', () => {
    const input = {
      i: { type: 'int', value: -5 },
      u: { type: 'uint', value: 0xffffffff },
      l: { type: 'llong', value: -(2n ** 63n) },
      ul: 2n ** 64n - 1n,
      d: { type: 'double', value: 0.5 },
      b: true,
      s: 'καλημέρα',
      disk: ['vda', 'vdb'],
    } satisfies TypedParamsInput;
    const enc = encodeTypedParams('test', input);
    expect(enc.count).toBe(9);
    expect(decodeTypedParams(addressOf(enc.buffer), enc.count)).toEqual({
      i: -5,
      u: 0xffffffff,
      l: -(2n ** 63n),
      ul: 2n ** 64n - 1n,
      d: 0.5,
      b: true,
      s: 'καλημέρα',
      disk: ['vda', 'vdb'],
    });
  });

  it('rejects what it cannot encode with InvokeArgumentError', () => {
    expect(() => encodeTypedParams('f', { n: 1 })).toThrow(InvokeArgumentError);
    expect(() => encodeTypedParams('f', { n: { type: 'int', value: 1.5 } })).toThrow(/integer/);
    expect(() => encodeTypedParams('f', { ['x'.repeat(80)]: 'v' })).toThrow(/longer than 79 bytes/);
    expect(() => encodeTypedParams('f', [] as never)).toThrow(/plain object/);
  });
});

describe('callback signatures', () => {
  it('every <functype> registers as a koffi prototype', () => {
    const types = callbackTypes();
    expect(types.size).toBe(Object.keys(CALLBACKS).length);
    expect(types.get('virConnectCloseFunc')?.proto?.arguments).toHaveLength(3);
  });
});

describe('every shaped function', () => {
  it('marshals its arguments and reports libvirt rejecting NULL objects, without crashing', () => {
    const child = fileURLToPath(new URL('./shaped-callable.child.ts', import.meta.url));
    // libvirt-admin.so.0's functions in a child of their own: it and libvirt.so abort in one process.
    const done = [[], ['admin']].flatMap((extra) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', child, ...extra], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const out = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const last = [...out].reverse().find((l) => 'start' in l)?.start;
      expect(r.status, `child died (signal ${r.signal}) during ${String(last)}`).toBe(0);
      return out.filter((l) => 'done' in l);
    });
    expect(done.map((l) => l.done).sort()).toEqual(Object.keys(SHAPES).sort());
    // virGetVersion and virAdmGetVersion take no object: they answer.
    const unexpected = done.filter((l) =>
      l.done === 'virGetVersion' || l.done === 'virAdmGetVersion'
        ? l.outcome !== 'returned'
        : l.outcome !== 'CallFailure',
    );
    expect(unexpected).toEqual([]);
    console.log(`shaped: ${done.length} functions marshalled and rejected cleanly`);
  });
});

describe('loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-ts-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const child = fileURLToPath(new URL('./binding-load.child.ts', import.meta.url));

  function runChild(library: string, fn: string) {
    return spawnSync(process.execPath, ['--import', 'tsx', child, fn], {
      encoding: 'utf8',
      env: { ...process.env, LIBVIRT_TS_LIBRARY: library },
    });
  }

  it('a missing library throws LibraryLoadError naming the package to install', () => {
    const r = runChild(join(dir, 'missing.so'), 'virConnectOpen');
    expect(r.stdout).toMatch(/^LibraryLoadError: could not load .*missing\.so/);
    expect(r.stdout).toMatch(/libvirt0/);
    expect(r.stdout).toMatch(/LIBVIRT_TS_LIBRARY/);
  });

  it('a function the loaded libvirt lacks reports NO_SUPPORT with the version it needs', () => {
    // A stand-in "libvirt 1.2.3" with only what loading needs.
    writeFileSync(
      join(dir, 'old.c'),
      `int virInitialize(void) { return 0; }
void virSetErrorFunc(void *u, void *h) { (void)u; (void)h; }
void virResetError(void *e) { (void)e; }
void virResetLastError(void) {}
void *virGetLastError(void) { return 0; }
int virGetVersion(unsigned long *v, const char *t, unsigned long *tv) { (void)t; (void)tv; *v = 1002003; return 0; }
`,
    );
    execFileSync('cc', ['-shared', '-fPIC', '-o', join(dir, 'libold.so'), join(dir, 'old.c')]);
    const r = runChild(join(dir, 'libold.so'), 'virDomainGetInfo');
    expect(r.stdout.trim()).toBe(
      'CallFailure 3: virDomainGetInfo is not available in the loaded libvirt 1.2.3; it needs libvirt >= 0.0.3',
    );
  });
});
