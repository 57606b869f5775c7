// A WebSocket ↔ Duplex bridge, reusable for any byte stream a browser should reach: a guest's VNC socket
// (`dom.openGraphics()`), its serial console (`dom.console()`), a guest channel (`dom.openChannel()`).
//
// - Bytes flow both ways as binary WebSocket messages, with backpressure each way: a slow browser pauses the
//   guest side (bytes handed to ws but not yet written to its socket stay under `highWaterMark`), a slow guest
//   pauses the WebSocket (no more frames are read while the stream's write buffer is full).
// - Either side closing closes the other: a closed tab destroys the stream (for libvirt-ts streams: aborted and
//   freed, so the console can be opened again), a guest that goes away closes the WebSocket with a reason.
// - A peer that vanishes without closing (a laptop lid, a dropped network) is found by pings.
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

export interface BridgeOptions {
  /** Bytes sent to the browser but not yet written to its socket, above which the stream is paused. 1 MiB. */
  highWaterMark?: number;
  /** Milliseconds between pings; a peer that has not answered the previous one is dropped. 30 s; 0: none. */
  pingInterval?: number;
}

export interface Bridge {
  /** Resolves once both sides have closed: the WebSocket, and the stream (a libvirt stream is freed by then). */
  readonly closed: Promise<void>;
  /** Closes both sides (WebSocket close code 1001, "going away"). */
  close(reason?: string): void;
}

/** A WebSocket close reason is at most 123 bytes. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123
    ? text
    : `${bytes
        .subarray(0, 120)
        .toString()
        .replace(/\uFFFD$/, '')}...`;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Joins `ws` and `stream` until either closes; see the file's header. */
export function bridge(ws: WebSocket, stream: Duplex, options: BridgeOptions = {}): Bridge {
  const highWaterMark = options.highWaterMark ?? 1024 * 1024;
  const pingInterval = options.pingInterval ?? 30_000;

  const wsClosed = new Promise<void>((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) resolve();
    else ws.once('close', () => resolve());
  });
  const streamClosed = new Promise<void>((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });

  /** Ends the WebSocket once; 1000 for a normal end, 1011 for an error. */
  const closeWs = (code: number, reason: string) => {
    if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
      ws.close(code, closeReason(reason));
    }
  };

  // Guest → browser.
  let unsent = 0;
  let guestPaused = false;
  stream.on('data', (chunk: Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    unsent += chunk.length;
    ws.send(chunk, { binary: true }, () => {
      unsent -= chunk.length;
      if (guestPaused && unsent <= highWaterMark / 2) {
        guestPaused = false;
        stream.resume();
      }
    });
    if (unsent > highWaterMark && !guestPaused) {
      guestPaused = true;
      stream.pause();
    }
  });

  // Browser → guest.
  let browserPaused = false;
  ws.on('message', (data) => {
    if (stream.destroyed || stream.writableEnded) return;
    if (!stream.write(toBuffer(data)) && !browserPaused) {
      browserPaused = true;
      ws.pause();
      stream.once('drain', () => {
        browserPaused = false;
        ws.resume();
      });
    }
  });

  // Closing: whichever side goes first takes the other with it.
  stream.once('end', () => closeWs(1000, 'the guest closed the stream'));
  stream.on('error', (err) => closeWs(1011, err.message));
  stream.once('close', () => closeWs(1000, 'the stream closed'));
  ws.once('close', () => stream.destroy());
  ws.on('error', () => {
    ws.terminate();
    stream.destroy();
  });

  // Pings: a peer that does not answer one before the next is gone.
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  const pinger =
    pingInterval > 0
      ? setInterval(() => {
          if (!alive) {
            ws.terminate();
            return;
          }
          alive = false;
          if (ws.readyState === WebSocket.OPEN) ws.ping();
        }, pingInterval)
      : undefined;

  ws.once('close', () => clearInterval(pinger));
  const closed = Promise.all([wsClosed, streamClosed]).then(() => undefined);
  return {
    closed,
    close(reason = 'the server is closing') {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
        ws.close(1001, closeReason(reason));
      }
      stream.destroy();
    },
  };
}
