import { describe, expect, it } from 'vitest';
import {
  buildSecretXml,
  listUnknown,
  parseSecretXml,
  type SecretDef,
  XmlWrongKindError,
} from '../../src/xml/index.js';

// libvirt's own documentation example (formatsecret), plus what `virsh secret-dumpxml` writes.
const VOLUME_SECRET = `<secret ephemeral='no' private='yes'>
   <description>Super secret name of my first puppy</description>
   <uuid>0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f</uuid>
   <usage type='volume'>
      <volume>/var/lib/libvirt/images/puppyname.img</volume>
   </usage>
</secret>`;

describe('secret', () => {
  it('reads every field typed', () => {
    const s = parseSecretXml(VOLUME_SECRET);
    expect(s).toEqual({
      ephemeral: false,
      private: true,
      description: 'Super secret name of my first puppy',
      uuid: '0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f',
      usage: { type: 'volume', volume: '/var/lib/libvirt/images/puppyname.img' },
      $extra: { order: ['description', 'uuid', 'usage'] },
    });
    expect(listUnknown(s)).toEqual([]);
  });

  it('round-trips', () => {
    const s = parseSecretXml(VOLUME_SECRET);
    expect(parseSecretXml(buildSecretXml(s))).toEqual(s);
  });

  it('builds from a plain object in schema order', () => {
    const def: SecretDef = { private: true, usage: { type: 'ceph', name: 'client.admin secret' } };
    expect(buildSecretXml(def)).toBe(
      '<secret private="yes">\n  <usage type="ceph">\n    <name>client.admin secret</name>\n  </usage>\n</secret>\n',
    );
  });

  it('refuses other documents', () => {
    expect(() => parseSecretXml('<volume><name>x</name></volume>')).toThrow(XmlWrongKindError);
  });
});
