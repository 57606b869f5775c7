// One error identity across copies of the package: the ESM and CJS builds (or two installed versions) loaded in
// one process recognise each other's errors with instanceof.
// The error modules are bundled here the way tsup bundles dist/ (one ESM and one CJS copy each); the packed
// tarball's check (scripts/check-package.ts, in CI) does the same with the real dist/.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sourceErrors from '../../native/errors.js';
import * as sourceFailures from '../../native/marshal/call-failure.js';
import * as sourceXml from '../../src/xml/engine/errors.js';

type Classes = {
  LibvirtError: typeof sourceErrors.LibvirtError;
  LibraryLoadError: typeof sourceErrors.LibraryLoadError;
  CallFailure: typeof sourceFailures.CallFailure;
  InvokeArgumentError: typeof sourceFailures.InvokeArgumentError;
  XmlError: typeof sourceXml.XmlError;
  XmlWrongKindError: typeof sourceXml.XmlWrongKindError;
};

const ENTRIES = {
  errors: 'native/errors.ts',
  failures: 'native/marshal/call-failure.ts',
  xml: 'src/xml/engine/errors.ts',
};

async function load(dir: string, format: 'esm' | 'cjs'): Promise<Classes> {
  const ext = format === 'esm' ? '.mjs' : '.cjs';
  const get =
    format === 'esm'
      ? (name: string) => import(pathToFileURL(join(dir, `${name}${ext}`)).href)
      : async (name: string) => createRequire(import.meta.url)(join(dir, `${name}${ext}`));
  const [errors, failures, xml] = await Promise.all([get('errors'), get('failures'), get('xml')]);
  return { ...errors, ...failures, ...xml } as Classes;
}

function instances(c: Classes) {
  const fields = { code: 42, domain: 0, level: 2, message: 'no domain' };
  const data = { ...fields, str1: null, str2: null, str3: null, int1: 0, int2: 0 };
  return {
    LibvirtError: new c.LibvirtError(fields, 'virDomainLookupByName'),
    LibraryLoadError: new c.LibraryLoadError('libvirt.so.0', new Error('not found')),
    CallFailure: new c.CallFailure('virDomainGetInfo', data),
    InvokeArgumentError: new c.InvokeArgumentError('virDomainGetInfo', 'expected 1 argument'),
    XmlError: new c.XmlError('MALFORMED', 'not XML'),
    XmlWrongKindError: new c.XmlWrongKindError('domain', 'pool'),
  };
}

describe('error identity across builds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-ts-error-identity-'));
  const copies: Record<string, Classes> = {};

  beforeAll(async () => {
    for (const format of ['esm', 'cjs'] as const) {
      await build({
        config: false,
        entry: ENTRIES,
        format: [format],
        outDir: join(dir, format),
        outExtension: () => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
        splitting: false,
        shims: true,
        target: 'node20',
        silent: true,
      });
      copies[format] = await load(join(dir, format), format);
    }
    copies.source = { ...sourceErrors, ...sourceFailures, ...sourceXml };
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads distinct class objects (the hazard being guarded against)', () => {
    expect(copies.esm!.LibvirtError).not.toBe(copies.cjs!.LibvirtError);
    expect(copies.esm!.XmlError).not.toBe(copies.source!.XmlError);
  });

  it('recognises every error class from every copy with instanceof, and nothing else', () => {
    const names = Object.keys(instances(copies.source!)) as (keyof Classes)[];
    let checked = 0;
    for (const made of Object.values(copies)) {
      const errs = instances(made);
      for (const tested of Object.values(copies)) {
        for (const name of names) {
          for (const other of names) {
            const expected = other === name || (name === 'XmlError' && other === 'XmlWrongKindError');
            expect(errs[other] instanceof tested[name], `${other} instanceof ${name}`).toBe(expected);
            checked++;
          }
          expect(errs[name] instanceof Error).toBe(true);
          expect(new Error('x') instanceof tested[name]).toBe(false);
          expect((null as unknown) instanceof tested[name]).toBe(false);
        }
      }
    }
    expect(checked).toBe(3 * 3 * 6 * 6);
  });

  it('keeps the plain prototype test for a subclass that has no brand of its own', () => {
    const { LibvirtError } = copies.esm!;
    class AppError extends LibvirtError {}
    const fields = { code: 1, domain: 0, level: 2, message: 'app' };
    const app = new AppError(fields);
    expect(app instanceof AppError).toBe(true);
    expect(app instanceof copies.cjs!.LibvirtError).toBe(true);
    expect(new copies.cjs!.LibvirtError(fields) instanceof AppError).toBe(false);
    expect(new LibvirtError(fields) instanceof AppError).toBe(false);
  });
});
