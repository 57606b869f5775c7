/** The storage pool capabilities kind (storagepoolcaps.rng): libvirtd's document, typed and round-tripped. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildStoragePoolCapabilitiesXml,
  listUnknown,
  parseStoragePoolCapabilitiesXml,
} from '../../src/xml/index.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const XML = readFileSync(
  new URL('../fixtures/xml/storagepoolcaps/libvirtd-host.xml', import.meta.url),
  'utf8',
);

describe('storage pool capabilities kind', () => {
  it("reads libvirtd's document typed, with nothing unknown, and round-trips", () => {
    const caps = parseStoragePoolCapabilitiesXml(XML);
    expect(listUnknown(caps)).toEqual([]);
    const dir = caps.pools?.find((p) => p.type === 'dir');
    expect(dir).toMatchObject({ supported: true, volOptions: { defaultFormat: { type: 'raw' } } });
    expect(dir?.volOptions?.enums?.[0]).toMatchObject({ name: 'targetFormatType' });
    expect(dir?.volOptions?.enums?.[0]?.values).toContain('qcow2');
    const fs = caps.pools?.find((p) => p.type === 'fs');
    expect(fs?.poolOptions?.enums?.[0]?.values).toContain('ext4');
    expect(caps.pools?.every((p) => typeof p.supported === 'boolean')).toBe(true);
    expect(xmlDifferences(XML, buildStoragePoolCapabilitiesXml(caps))).toEqual([]);
  });

  it('builds a plain object', () => {
    expect(
      buildStoragePoolCapabilitiesXml({
        pools: [
          {
            type: 'logical',
            supported: false,
            poolOptions: {
              defaultFormat: { type: 'lvm2' },
              enums: [{ name: 'sourceFormatType', values: ['lvm2'] }],
            },
          },
        ],
      }),
    ).toBe(`<storagepoolCapabilities>
  <pool type="logical" supported="no">
    <poolOptions>
      <defaultFormat type="lvm2"/>
      <enum name="sourceFormatType">
        <value>lvm2</value>
      </enum>
    </poolOptions>
  </pool>
</storagepoolCapabilities>
`);
  });
});
