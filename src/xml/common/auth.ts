import { attr, child, element, type XmlType } from '../engine/describe.js';
import { oneOf, str, uuid } from '../engine/kinds.js';

/** `<secret type= usage= uuid=/>` inside `<auth>` and `<encryption>`. */
export const secretRef = element({
  type: attr(oneOf('ceph', 'iscsi', 'passphrase', 'volume', 'tls', 'vtpm')),
  usage: attr(str),
  uuid: attr(uuid),
});
export type SecretRef = XmlType<typeof secretRef>;

/** `<auth username=><secret .../></auth>` of a network disk or storage pool source (iSCSI CHAP, Ceph). */
export const sourceAuth = element({
  type: attr(oneOf('chap', 'ceph')),
  username: attr(str),
  secret: child(secretRef),
});
export type SourceAuth = XmlType<typeof sourceAuth>;
