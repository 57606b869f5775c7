/**
 * `dom.openGraphics()`: a connected socket to the guest's VNC or SPICE server, for a proxy such as noVNC.
 * libvirt hands over a file descriptor (`virDomainOpenGraphicsFD`), which only a local UNIX-socket connection
 * can pass (`qemu:///system`, not `qemu+tcp://`).
 */
import { Socket } from 'node:net';
import { virDomainOpenGraphicsFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalBoolean, optionalByteCount } from '../core/checks.js';

/**
 * `dom.openGraphics()` options (`virDomainOpenGraphicsFD`): which graphics device, and whether to skip its
 * password.
 */
export interface OpenGraphicsOptions {
  /** Which `<graphics>` device of the domain (0-based). Default 0. */
  idx?: number;
  /** Connect without the graphics password (`VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH`). */
  skipAuth?: boolean;
}

export async function openGraphicsSocket(domain: Handle, options?: OpenGraphicsOptions): Promise<Socket> {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('openGraphics options must be an object');
  }
  const opts = options ?? {};
  const idx = optionalByteCount(opts.idx, 'openGraphics idx') ?? 0;
  if (idx > 0xffffffff) throw new RangeError(`openGraphics idx must be at most 4294967295, got ${idx}`);
  const flags = optionalBoolean(opts.skipAuth, 'openGraphics skipAuth')
    ? virDomainOpenGraphicsFlags.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH
    : 0;
  const fd = await call('virDomainOpenGraphicsFD', domain, idx, flags);
  // The socket owns the descriptor from here: destroying it closes the fd.
  return new Socket({ fd, readable: true, writable: true });
}
