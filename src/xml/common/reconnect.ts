import { attr, element, type XmlType } from '../engine/describe.js';
import { uint, yesNo } from '../engine/kinds.js';

/** `<reconnect enabled='yes' timeout='10'/>`: reconnect a lost socket (storagecommon.rng `reconnect`). */
export const reconnect = element({ enabled: attr(yesNo), timeout: attr(uint) });
export type Reconnect = XmlType<typeof reconnect>;
