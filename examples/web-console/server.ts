// A VM console in the browser: lists the guests, and opens a guest's screen (noVNC over dom.openGraphics())
// and its serial console (xterm.js over dom.console()), each through a WebSocket bridge (bridge.ts).
//   npx tsx examples/web-console/server.ts [URI] [--port N] [--bind ADDR]
// URI defaults to qemu:///system: dom.openGraphics() needs a local UNIX-socket connection, which hands over the
// VNC server's file descriptor. --port defaults to 8080 (0: any free port), --bind to 127.0.0.1. The page
// has no authentication: whoever reaches it gets the guests' keyboards, so keep it on loopback (or put it
// behind a proxy that authenticates). Ctrl-C closes every console and the connection, then exits.
//
// GET /                       the page (public/index.html; ?name=GUEST opens that guest)
// GET /api/guests             [{ name, uuid, state, vnc }]
// GET /api/bridges            { open, vnc, serial }: the bridges whose stream is not closed yet
// WS  /vnc?name=GUEST         the guest's VNC server, bytes both ways (noVNC's RFB speaks to it)
// WS  /serial?name=GUEST      the guest's console, bytes both ways (xterm.js shows it)
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from 'libvirt-ts';
import { type WebSocket, WebSocketServer } from 'ws';
import { fail, parseArgs, usage } from '../lib/cli.js';
import { type Bridge, bridge } from './bridge.js';

const args = parseArgs(process.argv.slice(2), ['port', 'bind'], true, 'qemu:///system');
const port = Number(args.options.get('port') ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage('--port needs a port number (0: any free port)');
const bind = String(args.options.get('bind') ?? '127.0.0.1');

// The browser code, and the two libraries it loads as ES modules straight from node_modules (no bundler:
// noVNC's core and xterm's lib/xterm.mjs import only relative paths).
const require = createRequire(import.meta.url);
const STATIC: Record<string, string> = {
  '/': join(dirname(fileURLToPath(import.meta.url)), 'public'),
  '/vendor/novnc/': dirname(dirname(require.resolve('@novnc/novnc'))),
  '/vendor/xterm/': dirname(dirname(require.resolve('@xterm/xterm'))),
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

await using hv = await Hypervisor.connect(args.uri).catch(fail);

/** The open bridges, by kind: /api/bridges reports them, Ctrl-C closes them. */
const bridges = { vnc: new Set<Bridge>(), serial: new Set<Bridge>() };

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function guests(): Promise<{ name: string; uuid: string; state: string; vnc: boolean }[]> {
  const list = await hv.domains.listWithState();
  const rows = await Promise.all(
    list.map(async ({ domain, state }) => {
      try {
        const graphics = await domain.graphics().catch(() => []);
        return {
          name: domain.name,
          uuid: domain.uuid,
          state: state.state,
          vnc: graphics.some((g) => g.type === 'vnc'),
        };
      } finally {
        await domain.free();
      }
    }),
  );
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Serves a file under one of the STATIC folders, refusing paths that climb out of it. */
async function serveStatic(path: string, res: ServerResponse): Promise<boolean> {
  const prefix = Object.keys(STATIC)
    .filter((p) => path.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return false;
  const root = STATIC[prefix]!;
  const file = normalize(join(root, path === '/' ? 'index.html' : path.slice(prefix.length)));
  if (!file.startsWith(root + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
  });
  createReadStream(file).pipe(res);
  return true;
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  (async () => {
    if (req.method !== 'GET') return send(res, 405, { error: 'GET only' });
    if (url.pathname === '/api/guests') return send(res, 200, await guests());
    if (url.pathname === '/api/bridges') {
      const { vnc, serial } = bridges;
      return send(res, 200, { open: vnc.size + serial.size, vnc: vnc.size, serial: serial.size });
    }
    if (!(await serveStatic(url.pathname, res))) send(res, 404, { error: `${url.pathname} not found` });
  })().catch((err: unknown) => {
    if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    else res.destroy();
  });
});

// WebSockets: the upgrade is accepted first, then the guest's stream is opened; a failure closes the socket
// with the reason (code 4004: no such guest, 1011: libvirt refused), which the page shows.
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const kind = url.pathname === '/vnc' ? 'vnc' : url.pathname === '/serial' ? 'serial' : undefined;
  const name = url.searchParams.get('name');
  if (kind === undefined || !name) {
    socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => void connect(ws, kind, name));
});

async function connect(ws: WebSocket, kind: 'vnc' | 'serial', name: string): Promise<void> {
  let stream: Duplex;
  try {
    const domain: Domain = await hv.domains.get(name);
    try {
      stream = kind === 'vnc' ? await domain.openGraphics() : await domain.console();
    } finally {
      await domain.free();
    }
  } catch (err) {
    const notFound = err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN;
    ws.close(notFound ? 4004 : 1011, (err instanceof Error ? err.message : String(err)).slice(0, 120));
    return;
  }
  // The tab may have gone while libvirt opened the stream.
  if (ws.readyState !== ws.OPEN) {
    stream.destroy();
    return;
  }
  const b = bridge(ws, stream);
  bridges[kind].add(b);
  console.log(`${kind} ${name}: opened (${bridges.vnc.size + bridges.serial.size} open)`);
  await b.closed;
  bridges[kind].delete(b);
  console.log(`${kind} ${name}: closed (${bridges.vnc.size + bridges.serial.size} open)`);
}

await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, bind, () => resolve());
});
const address = server.address();
const shown = typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address);
console.log(`Connected to ${hv.uri}; listening on http://${shown}/`);

// Ctrl-C (or SIGTERM): stop accepting, close every bridge and wait for its stream to be freed, then let
// `await using` close the connection.
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
const open = [...bridges.vnc, ...bridges.serial];
console.log(`Closing ${open.length} console(s)`);
server.close();
for (const b of open) b.close('the server is shutting down');
await Promise.all(open.map((b) => b.closed));
for (const ws of wss.clients) ws.terminate();
server.closeAllConnections();
console.log('Closed');
