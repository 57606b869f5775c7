// Connection-health options: keepalive on by default for every connection through a daemon, reconnect off unless asked, and bad
// values refused with a typed error before anything is opened.
import { describe, expect, it } from 'vitest';
import { connectionKind } from '../../native/libvirt.js';
import { settleHealthOptions } from '../../src/connection/health.js';

describe('connection health options', () => {
  it('tells in-process drivers from connections through a daemon', () => {
    expect(connectionKind('test:///default')).toBe('in-process');
    expect(connectionKind('test:///tmp/host.xml')).toBe('in-process');
    expect(connectionKind('test+tcp://127.0.0.1/default')).toBe('daemon');
    expect(connectionKind('qemu+tcp://127.0.0.1/system')).toBe('daemon');
    expect(connectionKind('qemu+ssh://root@host/system')).toBe('daemon');
    expect(connectionKind('qemu:///system')).toBe('daemon');
    expect(connectionKind('qemu+unix:///system')).toBe('daemon');
  });

  it('turns keepalive on (5 s x 5) for every daemon connection by default and leaves reconnect off', () => {
    expect(settleHealthOptions('qemu+tcp://127.0.0.1/system', {})).toEqual({
      keepAlive: { intervalSeconds: 5, count: 5, byDefault: true },
      reconnect: null,
      watchClose: true,
    });
    expect(settleHealthOptions('qemu:///system', {})).toMatchObject({
      keepAlive: { intervalSeconds: 5, count: 5, byDefault: true },
      watchClose: true,
    });
    expect(settleHealthOptions('test:///default', {})).toMatchObject({ keepAlive: null, watchClose: false });
    expect(settleHealthOptions('qemu+tcp://h/system', { keepAlive: false }).keepAlive).toBeNull();
  });

  it('fills reconnect defaults and keeps given values', () => {
    expect(settleHealthOptions('qemu:///system', { reconnect: true }).reconnect).toEqual({
      initialDelayMs: 250,
      maxDelayMs: 30_000,
      factor: 2,
      maxAttempts: Number.POSITIVE_INFINITY,
    });
    expect(
      settleHealthOptions('qemu:///system', { reconnect: { maxAttempts: 3 } }).reconnect?.maxAttempts,
    ).toBe(3);
  });

  it('refuses bad values with TypeError or RangeError', () => {
    expect(() => settleHealthOptions(null, { keepAlive: 'yes' as never })).toThrow(TypeError);
    expect(() => settleHealthOptions(null, { keepAlive: { intervalSeconds: 0 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { keepAlive: { count: 1.5 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { reconnect: { initialDelayMs: -1 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { reconnect: { factor: '2' as never } })).toThrow(TypeError);
    // A Node timer of 2^31 ms or more fires after 1 ms: a reconnect storm, not a long wait.
    expect(() => settleHealthOptions(null, { reconnect: { maxDelayMs: 2 ** 31 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { reconnect: { initialDelayMs: Infinity } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { keepAlive: { intervalSeconds: 2 ** 31 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { keepAlive: { count: 2 ** 32 } })).toThrow(RangeError);
    expect(() => settleHealthOptions(null, { reconnect: { maxDelay: 5 } as never })).toThrow(
      /reconnect: unknown option 'maxDelay'/,
    );
  });
});
