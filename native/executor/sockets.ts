/**
 * Which socket each daemon connection uses, so a connection libvirt has given up on can be aborted.
 *
 * Why: when keepalive declares a daemon dead while several threads have RPCs in flight on one connection,
 * libvirt 9.0 fails the call that noticed it but leaves the others waiting for the socket (it closes the
 * connection only when no thread is left waiting, and the thread that takes over polls with no timeout).
 * Measured with a SIGSTOPped daemon and 8 calls in flight: 1 call failed at the keepalive bound, 7 waited
 * forever. Shutting the socket down makes libvirt read EOF: every waiting call fails at once, the connection
 * closes and its close callback runs.
 *
 * Worker side only. The table lives in shared memory (one per process, see pool.ts), so the worker that opened
 * a connection records its socket and any worker can abort it. An entry is written when an open returns and
 * cleared by the connection's close; before a shutdown the socket's inode is checked again, so a file
 * descriptor number reused by something else is never touched.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import koffi from 'koffi';

import { SOCKET_TABLE_ENTRIES } from './protocol.js';

const LOCK = 0;

const SHUT_RDWR = 2;

function layout(buffer: SharedArrayBuffer) {
  return {
    lock: new Int32Array(buffer, 0, 2),
    pairs: new BigInt64Array(buffer, 8, SOCKET_TABLE_ENTRIES * 2),
    fds: new Int32Array(buffer, 8 + SOCKET_TABLE_ENTRIES * 16, SOCKET_TABLE_ENTRIES),
  };
}

/** The process's sockets: fd → inode. */
function sockets(): Map<number, bigint> {
  const found = new Map<number, bigint>();
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${name}`));
      if (m) found.set(Number(name), BigInt(m[1]!));
    } catch {
      // Closed while listing.
    }
  }
  return found;
}

type Shutdown = (fd: number, how: number) => number;
let shutdownFn: Shutdown | null = null;

export function createSocketTable(buffer: SharedArrayBuffer) {
  const { lock, pairs, fds } = layout(buffer);

  const find = (connection: bigint): number => {
    for (let i = 0; i < SOCKET_TABLE_ENTRIES; i++) if (pairs[i * 2] === connection) return i;
    return -1;
  };

  return {
    /**
     * Runs `open` (a connection open) holding the process-wide open lock, and records the one socket that
     * appeared meanwhile. Several new sockets (another thread opened one at the same moment) record none:
     * that connection then simply cannot be aborted.
     */
    open(run: () => unknown): unknown {
      while (Atomics.compareExchange(lock, LOCK, 0, 1) !== 0) Atomics.wait(lock, LOCK, 1, 50);
      try {
        const before = sockets();
        const connection = run();
        if (typeof connection !== 'bigint') return connection;
        const fresh = [...sockets()].filter(([fd, inode]) => before.get(fd) !== inode);
        if (fresh.length !== 1) return connection;
        let slot = find(connection);
        if (slot < 0) slot = find(0n);
        if (slot >= 0) {
          const [fd, inode] = fresh[0]!;
          pairs[slot * 2 + 1] = inode;
          fds[slot] = fd;
          Atomics.store(pairs, slot * 2, connection);
        }
        return connection;
      } finally {
        Atomics.store(lock, LOCK, 0);
        Atomics.notify(lock, LOCK, 1);
      }
    },

    /** The connection is being closed: forget its socket (its pointer and fd number may be reused). */
    forget(connection: bigint): void {
      const slot = find(connection);
      if (slot >= 0) Atomics.store(pairs, slot * 2, 0n);
    },

    /**
     * Shuts down the connection's socket if it is still the one recorded; true when it did. libvirt then
     * reads EOF: the calls waiting on it fail and the connection closes.
     */
    abort(connection: bigint): boolean {
      const slot = find(connection);
      if (slot < 0) return false;
      const fd = fds[slot]!;
      const inode = pairs[slot * 2 + 1]!;
      if (sockets().get(fd) !== inode) return false;
      shutdownFn ??= koffi.load('libc.so.6').func('int shutdown(int fd, int how)') as unknown as Shutdown;
      return shutdownFn(fd, SHUT_RDWR) === 0;
    },
  };
}

export type SocketTable = ReturnType<typeof createSocketTable>;
