// The worker-side composite jobs with a scripted binding: the screenshot stream is freed on every path, and a
// failed describe of bulk-stats records releases each record's domain reference.
import { describe, expect, it } from 'vitest';
import type { Binding } from '../../native/binding.js';
import { DESCRIBE, runComposite, SCREENSHOT } from '../../native/executor/composite.js';

/** A binding whose functions are given per test; every call is logged by name. */
function scripted(fns: Record<string, (...args: unknown[]) => unknown>): {
  binding: Binding;
  calls: string[];
} {
  const calls: string[] = [];
  const binding = {
    invoke(name: string, args: readonly unknown[]) {
      calls.push(name);
      const fn = fns[name];
      if (!fn) throw new Error(`unexpected call ${name}`);
      return fn(...args);
    },
  } as unknown as Binding;
  return { binding, calls };
}

const STREAM = 0x1000n;

describe('$screenshot', () => {
  it('reads the stream to its end, finishes and frees it', () => {
    const chunks = [Uint8Array.of(1, 2, 3), Uint8Array.of(4), new Uint8Array(0)];
    const { binding, calls } = scripted({
      virStreamNew: () => STREAM,
      virDomainScreenshot: () => 'image/png',
      virStreamRecv: () => chunks.shift(),
      virStreamFinish: () => 0,
      virStreamFree: () => 0,
    });
    const shot = runComposite(binding, SCREENSHOT, [1n, 2n, 0]) as { mimeType: string; data: Uint8Array };
    expect(shot.mimeType).toBe('image/png');
    expect([...shot.data]).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([
      'virStreamNew',
      'virDomainScreenshot',
      'virStreamRecv',
      'virStreamRecv',
      'virStreamRecv',
      'virStreamFinish',
      'virStreamFree',
    ]);
  });

  it.each(['virDomainScreenshot', 'virStreamRecv', 'virStreamFinish'])(
    'aborts and frees the stream when %s fails, rethrowing its error',
    (failing) => {
      const failure = new Error(`${failing} failed`);
      const { binding, calls } = scripted({
        virStreamNew: () => STREAM,
        virDomainScreenshot: () => 'image/png',
        virStreamRecv: () => new Uint8Array(0),
        virStreamFinish: () => 0,
        virStreamAbort: () => {
          throw new Error('already aborted');
        },
        virStreamFree: () => 0,
        [failing]: () => {
          throw failure;
        },
      });
      expect(() => runComposite(binding, SCREENSHOT, [1n, 2n, 0])).toThrow(failure);
      expect(calls.slice(-2)).toEqual(['virStreamAbort', 'virStreamFree']);
    },
  );
});

describe('$describe over bulk-stats records', () => {
  it('describes each record through its domain', () => {
    const { binding } = scripted({
      virConnectGetAllDomainStats: () => [
        { dom: 11n, params: {} },
        { dom: 12n, params: {} },
      ],
      virDomainGetName: (dom) => `d${dom}`,
    });
    const [records, described] = runComposite(binding, DESCRIBE, [
      'virConnectGetAllDomainStats',
      [1n, 0, 0],
      ['virDomainGetName'],
    ]) as [unknown[], unknown[][]];
    expect(records).toHaveLength(2);
    expect(described).toEqual([['d11'], ['d12']]);
  });

  it('frees every record domain when a describer fails', () => {
    const freed: unknown[] = [];
    const { binding } = scripted({
      virConnectGetAllDomainStats: () => [
        { dom: 11n, params: {} },
        { dom: 12n, params: {} },
      ],
      virDomainGetName: (dom) => {
        if (dom === 12n) throw new Error('gone');
        return 'd11';
      },
      virDomainFree: (dom) => freed.push(dom),
    });
    expect(() =>
      runComposite(binding, DESCRIBE, ['virConnectGetAllDomainStats', [1n, 0, 0], ['virDomainGetName']]),
    ).toThrow('gone');
    expect(freed).toEqual([11n, 12n]);
  });
});

describe('$describe describers', () => {
  it('passes 0 for a describer whose last C parameter is flags, nothing more to the others', () => {
    const seen: unknown[][] = [];
    const logged =
      (what: string, result: unknown) =>
      (...args: unknown[]) => {
        seen.push([what, ...args]);
        return result;
      };
    const { binding } = scripted({
      virConnectListAllDomains: () => [21n, 22n],
      virDomainGetName: logged('name', 'n'),
      virDomainGetInfo: logged('info', { state: 5 }),
      virDomainGetState: logged('state', { state: 5, reason: 0 }),
    });
    const [, described] = runComposite(binding, DESCRIBE, [
      'virConnectListAllDomains',
      [1n, 0],
      ['virDomainGetName', 'virDomainGetInfo', 'virDomainGetState'],
    ]) as [unknown[], unknown[][]];
    expect(described).toHaveLength(2);
    expect(seen).toEqual([
      ['name', 21n],
      ['info', 21n],
      ['state', 21n, 0],
      ['name', 22n],
      ['info', 22n],
      ['state', 22n, 0],
    ]);
  });
});
