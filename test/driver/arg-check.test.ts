// Arguments reaching C are checked against their C type first (native/marshal/arg-check.ts): koffi would cut a
// string at NUL, take a number given for a `const char *` as an address (SIGSEGV), and wrap or saturate an
// integer that does not fit (2^64 → 0, 1e308 → INT64_MAX, -1 → UINT_MAX). Every case here must throw
// InvokeArgumentError before any C code runs, and leave libvirt's state unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTypedParams } from '../../native/marshal/typed-params.js';
import { type Binding, CallFailure, InvokeArgumentError, openRawBinding } from '../../src/raw.js';

const URI = 'test:///default';

function domainXml(name: string): string {
  return `<domain type='test'><name>${name}</name><memory>65536</memory><os><type>hvm</type></os></domain>`;
}

describe('arguments checked before C (test:///default)', () => {
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

  const names = () => b.invoke('virConnectListAllDomains', [conn, 0]) as bigint[];
  const domainCount = () => {
    const list = names();
    for (const d of list) b.invoke('virDomainFree', [d]);
    return list.length;
  };

  it('a string with NUL is refused for every const char * argument, never cut', () => {
    const before = domainCount();
    expect(() => b.invoke('virDomainDefineXML', [conn, domainXml('a\0b')])).toThrow(
      /virDomainDefineXML: xml must not contain a NUL character \(U\+0000, found at index \d+\)/,
    );
    // Cut at the NUL, "test\0x" would have found the domain "test".
    expect(() => b.invoke('virDomainLookupByName', [conn, 'test\0x'])).toThrow(InvokeArgumentError);
    expect(() => b.invoke('virDomainSetMetadata', [dom, 1, 'a\0b', null, null, 0])).toThrow(
      /metadata must not contain a NUL/,
    );
    // Shaped functions check their pass-through arguments the same way.
    expect(() => b.invoke('virDomainGetBlockIoTune', [dom, 'vda\0', 0])).toThrow(/disk must not contain/);
    expect(domainCount()).toBe(before);
    // A legitimate string still goes through.
    expect(b.invoke('virDomainLookupByName', [conn, 'test'])).toBeTypeOf('bigint');
  });

  it('a number, bigint or object for a const char * is refused (koffi would take a number as an address)', () => {
    for (const bad of [5, 5n, {}, true, ['test']]) {
      expect(() => b.invoke('virDomainLookupByName', [conn, bad as never])).toThrow(
        /virDomainLookupByName: name must be a string/,
      );
    }
    // NULL stays possible where libvirt takes it (here libvirt itself rejects it, as a CallFailure).
    expect(() => b.invoke('virDomainLookupByName', [conn, null])).toThrow(CallFailure);
  });

  it('strings in arrays and typed parameters are refused with NUL too', () => {
    expect(() => encodeTypedParams('f', { s: 'a\0b' })).toThrow(/typed parameter 's' must not contain a NUL/);
    expect(() => encodeTypedParams('f', { 'a\0b': 'x' })).toThrow(
      /typed parameter name must not contain a NUL/,
    );
    expect(() =>
      b.invoke('virDomainSetBlkioParameters', [dom, { device_weight: '/dev/vda\0,500' }, 0]),
    ).toThrow(InvokeArgumentError);
  });

  it('integers must fit their C type: no wrap, no saturation, no truncation', () => {
    const cases: [string, unknown[], RegExp][] = [
      // unsigned long (uint64_t): 2^64 wrapped to 0, 1e308 saturated
      ['virDomainSetMaxMemory', [dom, 2 ** 64], /memory must be an integer from 0 to 18446744073709551615/],
      ['virDomainSetMaxMemory', [dom, 1e308], /memory must be an integer from 0/],
      ['virDomainSetMaxMemory', [dom, 2n ** 64n], /memory must be an integer from 0/],
      ['virDomainSetMaxMemory', [dom, -1], /memory must be an integer from 0/],
      ['virDomainSetMaxMemory', [dom, 1.5], /memory must be an integer \(64-bit unsigned integer\)/],
      ['virDomainSetMaxMemory', [dom, Number.NaN], /memory must be an integer/],
      ['virDomainSetMaxMemory', [dom, Number.POSITIVE_INFINITY], /memory must be an integer/],
      // unsigned int
      [
        'virDomainSetVcpus',
        [dom, 2 ** 32],
        /nvcpus must be an integer from 0 to 4294967295 \(unsigned int\)/,
      ],
      ['virDomainSetVcpus', [dom, -1], /nvcpus must be an integer from 0 to 4294967295/],
      ['virDomainSetVcpusFlags', [dom, 1, 2 ** 40], /flags must be an integer from 0 to 4294967295/],
      // int
      [
        'virDomainGetCPUStats',
        [dom, 2 ** 31, 1, 0],
        /start_cpu must be an integer from -2147483648 to 2147483647/,
      ],
      ['virDomainSetVcpus', [dom, '1'], /nvcpus must be an integer \(unsigned int\), got string/],
    ];
    for (const [fn, args, message] of cases) {
      expect(() => b.invoke(fn, args), `${fn}(${args.slice(1).map(String)})`).toThrow(message);
    }
    const info = b.invoke('virDomainGetInfo', [dom]) as { maxMem: number };
    expect(info.maxMem).toBeGreaterThan(0);
    // The extremes that do fit still pass the check (libvirt then judges the value itself).
    expect(() => b.invoke('virDomainSetVcpusFlags', [dom, 1, 0xffffffff])).toThrow(CallFailure);
  });

  it('typed parameters must fit their C type (taken from the getter for plain numbers)', () => {
    const tooBig: [unknown, RegExp][] = [
      [2 ** 64, /from 0 to 18446744073709551615/],
      [1e308, /from 0 to 18446744073709551615/],
      [2n ** 64n, /from 0 to 18446744073709551615/],
      [-1, /from 0 to/],
      [0.5, /must be an integer/],
    ];
    for (const [value, message] of tooBig) {
      expect(() =>
        b.invoke('virDomainSetMemoryParameters', [dom, { hard_limit: value as number }, 0]),
      ).toThrow(message);
    }
    expect(() => encodeTypedParams('f', { n: { type: 'int', value: 2 ** 31 } })).toThrow(
      /typed parameter 'n' \(int\) must be an integer from -2147483648 to 2147483647/,
    );
    expect(() => encodeTypedParams('f', { n: { type: 'uint', value: -1 } })).toThrow(/\(uint\)/);
    expect(() => encodeTypedParams('f', { n: { type: 'llong', value: 2n ** 63n } })).toThrow(/\(llong\)/);
    expect(() => encodeTypedParams('f', { n: -(2n ** 63n) - 1n })).toThrow(/\(llong\)/);
    expect(encodeTypedParams('f', { n: { type: 'uint', value: 2n ** 32n - 1n } }).count).toBe(1);
  });
});
