/** Where a domain's graphical consoles can be reached, read from its (live) typed definition. */
import type { DomainDef, Graphics } from '../xml/index.js';

/**
 * One graphical console of a domain, from its live XML: its protocol and where a VNC or SPICE client connects.
 */
export interface GraphicsEndpoint {
  /** `vnc`, `spice`, `sdl`, `rdp`, `desktop`, `egl-headless`, `dbus`. */
  type: NonNullable<Graphics['type']>;
  /** The address it listens on (`127.0.0.1`, `0.0.0.0`), when it listens on one. */
  listen?: string;
  /** The TCP port; undefined until a running guest has one (libvirt writes -1 for "pick one"). */
  port?: number;
  /** SPICE's TLS port, when allocated. */
  tlsPort?: number;
  /** A UNIX socket path, for `listen type='socket'`. */
  socket?: string;
}

const allocated = (port: number | undefined) => (port !== undefined && port > 0 ? port : undefined);

export function graphicsEndpoints(def: DomainDef): GraphicsEndpoint[] {
  const out: GraphicsEndpoint[] = [];
  for (const g of def.devices?.graphics ?? []) {
    if (!g.type) continue;
    const listens = g.listens ?? [];
    const address = g.listen ?? listens.find((l) => l.type === 'address' || l.address)?.address;
    const socket = g.socket ?? listens.find((l) => l.type === 'socket')?.socket;
    const endpoint: GraphicsEndpoint = { type: g.type };
    if (address !== undefined) endpoint.listen = address;
    const port = allocated(g.port);
    if (port !== undefined) endpoint.port = port;
    const tlsPort = allocated(g.tlsPort);
    if (tlsPort !== undefined) endpoint.tlsPort = tlsPort;
    if (socket !== undefined) endpoint.socket = socket;
    out.push(endpoint);
  }
  return out;
}
