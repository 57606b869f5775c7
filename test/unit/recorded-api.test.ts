// The recorded API description (native/generator/api/) and the change report of `npm run generate:update`.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiChanges, formatApiChanges } from '../../native/generator/api-changes.js';
import { API_FILES, newestSince, readApi } from '../../native/generator/api-xml.js';
import {
  ApiManifestError,
  RECORDED_API_DIR,
  readManifest,
  sameAsRecorded,
  sha256,
  verifyRecordedApi,
} from '../../native/generator/recorded-api.js';

describe('recorded libvirt API', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'libvirt-ts-recorded-api-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('has a manifest naming the libvirt release and the sha256 of every file generation reads', () => {
    const manifest = verifyRecordedApi();
    expect(manifest.libvirt).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.libvirt).toBe(newestSince(RECORDED_API_DIR));
    expect(Object.keys(manifest.files).sort()).toEqual(API_FILES.map((f) => f.file).sort());
    for (const { file } of API_FILES) {
      expect(manifest.files[file]).toBe(sha256(join(RECORDED_API_DIR, file)));
    }
    expect(sameAsRecorded(RECORDED_API_DIR, manifest)).toBe(true);
  });

  it('refuses a recorded file whose bytes differ from the manifest, naming it', () => {
    const dir = join(tmp, 'edited');
    cpSync(RECORDED_API_DIR, dir, { recursive: true });
    const qemu = join(dir, 'libvirt-qemu-api.xml');
    writeFileSync(qemu, `${readFileSync(qemu, 'utf8')}\n`);
    expect(() => verifyRecordedApi(dir)).toThrow(ApiManifestError);
    expect(() => verifyRecordedApi(dir)).toThrow(/libvirt-qemu-api\.xml: sha256 [0-9a-f]{64}, manifest says/);
    expect(sameAsRecorded(dir, readManifest())).toBe(false);
  });

  it('reports functions, enum values and structs added, removed and changed between two descriptions', () => {
    const before = readApi(RECORDED_API_DIR);
    const after = readApi(RECORDED_API_DIR);
    const unchanged = apiChanges(before, after);
    for (const kind of Object.values(unchanged))
      expect(kind).toEqual({ added: [], removed: [], changed: [] });

    after.functions = after.functions.filter((f) => f.name !== 'virDomainGetInfo');
    after.functions.push({ ...after.functions[0]!, name: 'virDomainFutureCall' });
    const lookup = after.functions.find((f) => f.name === 'virDomainLookupByName')!;
    lookup.args = [...lookup.args, { name: 'flags', type: 'unsigned int', info: '' }];
    const state = after.enums.find((e) => e.name === 'virDomainState')!;
    state.values = [...state.values, { name: 'VIR_DOMAIN_FUTURE_STATE', value: 99, since: '', info: '' }];

    const changes = apiChanges(before, after);
    expect(changes.functions).toEqual({
      added: ['virDomainFutureCall'],
      removed: ['virDomainGetInfo'],
      changed: ['virDomainLookupByName'],
    });
    expect(changes.enumValues.added).toEqual(['VIR_DOMAIN_FUTURE_STATE']);
    expect(changes.enums).toEqual({ added: [], removed: [], changed: [] });
    const text = formatApiChanges(changes);
    expect(text).toContain('functions: 1 added, 1 removed, 1 changed\n');
    expect(text).toContain('  + virDomainFutureCall\n  - virDomainGetInfo\n  ~ virDomainLookupByName\n');
    expect(text).toContain('enum values: 1 added, 0 removed, 0 changed\n  + VIR_DOMAIN_FUTURE_STATE\n');
  });
});
