/**
 * `dom.openGraphics()`: a connected socket to the guest's VNC or SPICE server, for a proxy such as noVNC.
 * libvirt hands over a file descriptor (`virDomainOpenGraphicsFD`), which only a local UNIX-socket connection
 * can pass (`qemu:///system`, not `qemu+tcp://`). `dom.connectGraphics(fd)` is the other direction
 * (`virDomainOpenGraphics`): QEMU serves the graphics on a socket you made (one end of a socketpair, a client
 * you accepted).
 */
import { Socket } from 'node:net';
import { virDomainOpenGraphicsFlags } from '../../native/generated/enums.js';
import type { Handle } from '../../native/handles.js';
import { call } from '../../native/libvirt.js';
import { optionalBoolean, optionalByteCount, requireFileDescriptors } from '../core/checks.js';

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

/** `[idx, flags]` from the options; `what` names the method in errors. */
function graphicsArguments(options: OpenGraphicsOptions | undefined, what: string): [number, number] {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`${what} options must be an object`);
  }
  const opts = options ?? {};
  const idx = optionalByteCount(opts.idx, `${what} idx`) ?? 0;
  if (idx > 0xffffffff) throw new RangeError(`${what} idx must be at most 4294967295, got ${idx}`);
  const flags = optionalBoolean(opts.skipAuth, `${what} skipAuth`)
    ? virDomainOpenGraphicsFlags.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH
    : 0;
  return [idx, flags];
}

/**
 * Makes QEMU serve the graphics device on `fd`, a connected socket of this process (`virDomainOpenGraphics`).
 * libvirt passes a duplicate to QEMU: `fd` stays yours to close.
 */
export async function connectGraphicsSocket(
  domain: Handle,
  fd: number,
  options?: OpenGraphicsOptions,
): Promise<void> {
  const [checked] = requireFileDescriptors([fd], 'connectGraphics fd');
  const [idx, flags] = graphicsArguments(options, 'connectGraphics');
  await call('virDomainOpenGraphics', domain, idx, checked!, flags);
}

export async function openGraphicsSocket(domain: Handle, options?: OpenGraphicsOptions): Promise<Socket> {
  const [idx, flags] = graphicsArguments(options, 'openGraphics');
  const fd = await call('virDomainOpenGraphicsFD', domain, idx, flags);
  // The socket owns the descriptor from here: destroying it closes the fd.
  return new Socket({ fd, readable: true, writable: true });
}
