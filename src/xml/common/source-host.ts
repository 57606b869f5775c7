import { attr, element, type XmlType } from '../engine/describe.js';
import { oneOf, str, uint } from '../engine/kinds.js';

/** `<host name= port= transport= socket=/>` of a network disk or storage pool source. */
export const sourceHost = element({
  name: attr(str),
  port: attr(uint),
  transport: attr(oneOf('tcp', 'unix', 'rdma')),
  socket: attr(str),
});
export type SourceHost = XmlType<typeof sourceHost>;
