// Every function of the API XML is exposed by libvirt-ts/raw, bound to a real symbol, and actually callable:
// each one is called once, in a child process (so a crash fails this test instead of killing vitest), with
// arguments that cannot do harm (see raw-callable.child.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../native/errors.js';
import { FUNCTIONS, type FunctionName, openRawBinding } from '../../src/raw.js';

const CHILD = fileURLToPath(new URL('./raw-callable.child.ts', import.meta.url));

interface Done {
  done: FunctionName;
  special: boolean;
  failed: boolean;
  result: unknown;
  code: number | null;
}

/** Succeed with the harmless arguments, as they should: the connection openers (given test:///default),
 * library setup, the error API (nothing to report) and the typed-parameter helpers (pure memory work on
 * scratch buffers), and the event loop (run with a 0 ms native timeout). */
const SUCCEEDS = new Set<FunctionName>([
  'virConnectOpen',
  'virConnectOpenAuth',
  'virConnectOpenReadOnly',
  'virInitialize',
  'virGetVersion',
  'virCopyLastError',
  'virSaveLastError',
  'virTypedParamsAddBoolean',
  'virTypedParamsAddDouble',
  'virTypedParamsAddInt',
  'virTypedParamsAddLLong',
  'virTypedParamsAddString',
  'virTypedParamsAddUInt',
  'virTypedParamsAddULLong',
  'virTypedParamsGetBoolean',
  'virTypedParamsGetDouble',
  'virTypedParamsGetInt',
  'virTypedParamsGetLLong',
  'virTypedParamsGetString',
  'virTypedParamsGetUInt',
  'virTypedParamsGetULLong',
  'virEventRegisterDefaultImpl',
  'virEventRunDefaultImpl',
  // libvirt-admin: library setup, and the functions documented to answer 0 for NULL (no object, nothing to
  // release; IsAlive: "0 if there isn't an existing connection at all").
  'virAdmInitialize',
  'virAdmGetVersion',
  'virAdmClientFree',
  'virAdmServerFree',
  'virAdmConnectClose',
  'virAdmConnectIsAlive',
]);

/** A safe call that fails with its own code: the admin open of a socket nobody listens on. */
const EXPECTED_CODES: Partial<Record<FunctionName, number>> = { virAdmConnectOpen: ErrorCode.SYSTEM_ERROR };

/** Fail without recording an error, by design: the error API itself, the event API before an event
 * implementation is registered, and a typed-parameter helper given no list. */
const FAILS_SILENTLY = new Set<FunctionName>([
  'virConnCopyLastError',
  'virEventAddHandle',
  'virEventAddTimeout',
  'virEventRemoveHandle',
  'virEventRemoveTimeout',
  'virTypedParamsAddStringList',
]);

/** Codes other than VIR_ERR_INVALID_*: the safe call went to the test driver, which lacks the function or
 * the flag, or was refused before touching anything. */
const OTHER_CODES = new Set<number>([ErrorCode.NO_SUPPORT, ErrorCode.ARGUMENT_UNSUPPORTED]);
const INVALID_CODES = new Set<number>(
  Object.entries(ErrorCode)
    .filter(([name]) => name.startsWith('INVALID_'))
    .map(([, code]) => code),
);

describe('raw: every function', () => {
  it('is bound to a real symbol of the loaded libvirt', () => {
    const binding = openRawBinding();
    const names = Object.keys(FUNCTIONS) as FunctionName[];
    const missing = names.filter((n) => !binding.has(n));
    expect(missing).toEqual([]);
    for (const n of names) expect(typeof binding.fns[n], n).toBe('function');
  });

  it('is called once with harmless arguments and fails the way libvirt documents', () => {
    // libvirt-admin.so.0's functions in a child of their own: it and libvirt.so abort in one process.
    const lines = [[], ['admin']].flatMap((extra) => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...extra], {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        timeout: 120_000,
      });
      const out = child.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const lastStart = [...out].reverse().find((l) => 'start' in l)?.start;
      expect(child.status, `child died (signal ${child.signal}) during ${String(lastStart)}`).toBe(0);
      expect(out.at(-1)).toEqual({ finished: true });
      return out;
    });

    const done = new Map(
      lines.filter((l) => 'done' in l).map((l) => [l.done as FunctionName, l as unknown as Done]),
    );
    const names = Object.keys(FUNCTIONS) as FunctionName[];
    expect(names.filter((n) => !done.has(n))).toEqual([]);

    const wrong: string[] = [];
    for (const name of names) {
      const r = done.get(name)!;
      if (FUNCTIONS[name].failure === 'none') continue;
      if (SUCCEEDS.has(name)) {
        if (r.failed) wrong.push(`${name}: expected success, got ${String(r.result)} (code ${r.code})`);
        continue;
      }
      if (!r.failed) wrong.push(`${name}: expected its failure value, got ${String(r.result)}`);
      else if (name in EXPECTED_CODES) {
        if (r.code !== EXPECTED_CODES[name])
          wrong.push(`${name}: failed with unexpected error code ${r.code}`);
      } else if (
        r.code === null ? !FAILS_SILENTLY.has(name) : !INVALID_CODES.has(r.code) && !OTHER_CODES.has(r.code)
      ) {
        wrong.push(`${name}: failed with unexpected error code ${r.code}`);
      }
    }
    expect(wrong).toEqual([]);
    const invalid = [...done.values()].filter((r) => r.code !== null && INVALID_CODES.has(r.code)).length;
    console.log(`raw-callable: ${done.size} functions called, ${invalid} reported VIR_ERR_INVALID_*`);
  });
});
