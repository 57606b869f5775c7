import { attr, element, leaf, list, type XmlType } from '../engine/describe.js';
import { hex, oneOf, onOff, str, uint, yesNo } from '../engine/kinds.js';

/** `<seclabel type= model= relabel=>`: the domain's security label (SELinux, AppArmor, DAC). */
export const seclabel = element({
  type: attr(oneOf('dynamic', 'static', 'none')),
  model: attr(str),
  relabel: attr(yesNo),
  label: leaf(str),
  imagelabel: leaf(str),
  baselabel: leaf(str),
});
export type Seclabel = XmlType<typeof seclabel>;

/** `<keywrap><cipher name='aes' state='on'/></keywrap>` (s390). */
export const keywrap = element({
  ciphers: list(element({ name: attr(oneOf('aes', 'dea')), state: attr(onOff) }), 'cipher'),
});

/** `<launchSecurity type=>`: AMD SEV / SEV-SNP, IBM s390 PV. */
export const launchSecurity = element({
  type: attr(oneOf('sev', 'sev-snp', 's390-pv')),
  kernelHashes: attr(yesNo),
  authorKey: attr(yesNo),
  vcek: attr(yesNo),
  cbitpos: leaf(uint),
  reducedPhysBits: leaf(uint),
  policy: leaf(hex(4)),
  dhCert: leaf(str),
  session: leaf(str),
  guestVisibleWorkarounds: leaf(str),
  idBlock: leaf(str),
  idAuth: leaf(str),
  hostData: leaf(str),
  /** SEV: the firmware handle of the guest (live XML). */
  handle: leaf(uint),
});
export type LaunchSecurity = XmlType<typeof launchSecurity>;

/** `<idmap>`: user and group id maps of container domains. */
export const idmap = element({
  uids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'uid'),
  gids: list(element({ start: attr(uint), target: attr(uint), count: attr(uint) }), 'gid'),
});
