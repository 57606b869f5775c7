/**
 * libvirt-ts/admin: a daemon's admin interface (libvirt-admin.so.0, what `virt-admin` does): its servers, their
 * thread pools and client limits, connected clients, logging, TLS reload. Calls run off the main thread, as in
 * `libvirt-ts`, and fail with the same typed `LibvirtError`.
 *
 * @module libvirt-ts/admin
 */

export {
  ErrorCode,
  type ErrorCodeName,
  ErrorDomain,
  LibraryLoadError,
  LibvirtError,
} from '../core/errors.js';
export type { Version } from '../core/values.js';
export { Admin } from './admin.js';
export { AdminClient, type AdminClientInfo, type ClientTransportName } from './client.js';
export {
  AdminServer,
  type ClientLimitSettings,
  type ClientLimits,
  type ThreadPoolInfo,
  type ThreadPoolSettings,
} from './server.js';
