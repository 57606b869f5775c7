// The loop's event table must cover every *_EVENT_ID_* of the recorded libvirt API (native/generator/api/): a
// newer libvirt's new event, once recorded by `npm run generate:update`, fails here instead of being silently
// unsubscribable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALLBACKS } from '../../native/generated/callbacks.js';
import { RECORDED_API_DIR } from '../../native/generator/recorded-api.js';
import { EVENT_FAMILIES } from '../../native/loop/events/table.js';
import type { EventFamily } from '../../native/loop/events/types.js';

const apiDir = RECORDED_API_DIR;

const ENUM_TYPE: Record<EventFamily, { file: string; type: string }> = {
  domain: { file: 'libvirt-api.xml', type: 'virDomainEventID' },
  network: { file: 'libvirt-api.xml', type: 'virNetworkEventID' },
  storagePool: { file: 'libvirt-api.xml', type: 'virStoragePoolEventID' },
  nodeDevice: { file: 'libvirt-api.xml', type: 'virNodeDeviceEventID' },
  secret: { file: 'libvirt-api.xml', type: 'virSecretEventID' },
};

interface XmlEventId {
  name: string;
  value: number;
  callback: string;
}

/** `<enum type='virXxxEventID'>` entries read straight from the XML, without the generator. */
function eventIdsInXml(file: string, type: string): XmlEventId[] {
  const xml = readFileSync(join(apiDir, file), 'utf8');
  const out: XmlEventId[] = [];
  for (const m of xml.matchAll(/<enum ([^>]*)\/>/g)) {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)='([^']*)'/g)].map((a) => [a[1]!, a[2]!]));
    if (attrs.type !== type || attrs.name!.endsWith('_LAST')) continue;
    out.push({ name: attrs.name!, value: Number(attrs.value), callback: attrs.info ?? '' });
  }
  return out;
}

describe('loop event table', () => {
  for (const family of Object.keys(ENUM_TYPE) as EventFamily[]) {
    it(`has every ${ENUM_TYPE[family].type} of the API XML with its callback signature`, () => {
      const inXml = eventIdsInXml(ENUM_TYPE[family].file, ENUM_TYPE[family].type);
      expect(inXml.length).toBeGreaterThan(0);
      const table = EVENT_FAMILIES[family].events;
      for (const id of inXml) {
        const spec = table[id.value];
        expect(spec, `${id.name} (${id.value}) is missing from the event table`).toBeDefined();
        expect(spec!.constant).toBe(id.name);
        expect(spec!.callback).toBe(id.callback);
      }
      // And nothing the XML does not have.
      expect(
        Object.keys(table)
          .map(Number)
          .sort((a, b) => a - b),
      ).toEqual(inXml.map((i) => i.value).sort((a, b) => a - b));
    });
  }

  it('names only callback signatures the generated bindings know, each shaped (conn, object, ..., opaque)', () => {
    for (const family of Object.values(EVENT_FAMILIES)) {
      for (const spec of Object.values(family.events)) {
        const meta = CALLBACKS[spec.callback];
        expect(meta).toBeDefined();
        expect(meta.args[0]!.type).toBe('virConnectPtr');
        expect(meta.args.at(-1)!.name).toBe('opaque');
      }
    }
  });
});
