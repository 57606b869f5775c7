import { attr, child, element, list, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint } from '../engine/kinds.js';
import { secretRef } from './auth.js';

/** `<cipher name= size= mode= hash=/>` of a LUKS encryption. */
export const encryptionCipher = element({
  name: attr(str),
  size: attr(uint),
  mode: attr(str),
  hash: attr(str),
});

/** `<ivgen name= hash=/>` of a LUKS encryption. */
export const encryptionIvgen = element({ name: attr(str), hash: attr(str) });

/** `<encryption format=>` of a volume or disk (storageencryption.rng). */
export const encryption = element({
  format: attr(oneOf('default', 'qcow', 'luks', 'luks2', 'luks-any')),
  engine: attr(oneOf('qemu', 'librbd')),
  secrets: list(secretRef, 'secret'),
  cipher: child(encryptionCipher),
  ivgen: child(encryptionIvgen),
});
export type Encryption = XmlType<typeof encryption>;
