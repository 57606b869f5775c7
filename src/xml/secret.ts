import {
  attr,
  child,
  defineDocument,
  element,
  leaf,
  oneOf,
  str,
  uuid,
  type XmlType,
  yesNo,
} from './engine/index.js';

// The worked example of docs/xml-model.md: /usr/share/libvirt/schemas/secret.rng.

/** `<usage type='...'>`: what the secret is for; which child applies depends on `type`. */
export const secretUsage = element({
  type: attr(oneOf('volume', 'ceph', 'iscsi', 'tls', 'vtpm')),
  /** type 'volume': path of the encrypted volume. */
  volume: leaf(str),
  /** type 'ceph', 'tls', 'vtpm': the usage name. */
  name: leaf(str),
  /** type 'iscsi': the target IQN. */
  target: leaf(str),
});

export const secret = element({
  ephemeral: attr(yesNo),
  private: attr(yesNo),
  uuid: leaf(uuid),
  description: leaf(str),
  usage: child(secretUsage),
});

export type SecretUsage = XmlType<typeof secretUsage>;
export type SecretDef = XmlType<typeof secret>;

export const secretDocument = defineDocument('secret', secret);
export const parseSecretXml = (xml: string): SecretDef => secretDocument.parse(xml);
export const buildSecretXml = (def: SecretDef): string => secretDocument.build(def);
