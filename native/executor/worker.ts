/**
 * Executor worker entry. Runs libvirt calls synchronously, one at a time (a batch is several calls in order),
 * and reads each call's error on this same thread (libvirt errors are thread-local). It sleeps in `Atomics.wait` between calls and never returns to
 * its own event loop, so everything it needs arrives through shared memory or `receiveMessageOnPort`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Reader, Writer } from './codec.js';
import type { Ops } from './ops.js';
import {
  type ErrorData,
  PROGRESS,
  READY,
  REPLY_LENGTH,
  REPLY_OFFSET,
  REPLY_SEQ,
  REQUEST_LENGTH,
  REQUEST_OFFSET,
  REQUEST_SEQ,
  type Reply,
  ReplyStatus,
  type Request,
  SLOT_BYTES,
  type ThrownData,
  VIA_PORT,
  type WorkerInit,
} from './protocol.js';

const init = workerData as WorkerInit;
// virErrorNumber / virErrorDomain values (the generated enums are not loaded here: fake ops run without them).
const VIR_ERR_INTERNAL_ERROR = 1;
const VIR_FROM_RPC = 7;
const control = new Int32Array(init.buffer, 0, 16);
const reader = new Reader(init.buffer, REQUEST_OFFSET, SLOT_BYTES);
const writer = new Writer(init.buffer, REPLY_OFFSET, SLOT_BYTES);

function thrown(err: unknown): ThrownData {
  if (err instanceof Error)
    return { name: err.name, message: err.message, isTypeError: err instanceof TypeError };
  return { name: 'Error', message: String(err), isTypeError: false };
}

async function loadOps(): Promise<Ops> {
  if (init.opsModule) {
    const mod = (await import(init.opsModule)) as { createOps: () => Ops | Promise<Ops> };
    return mod.createOps();
  }
  const mod = await import('./binding-ops.js');
  return mod.createBindingOps();
}

function registerEventImplOnce(ops: Ops): void {
  const flag = new Int32Array(init.eventImplFlag);
  if (Atomics.compareExchange(flag, 0, 0, 1) === 0) ops.registerEventImpl();
}

/** The error of a call not sent because its connection was found closed first. */
function closedConnectionError(name: string): ErrorData {
  return {
    code: VIR_ERR_INTERNAL_ERROR,
    domain: VIR_FROM_RPC,
    level: 2,
    message: `${name}: the connection is closed (the daemon died or stopped answering)`,
    str1: null,
    str2: null,
    str3: null,
    int1: 0,
    int2: 0,
    connectionClosed: true,
  };
}

/**
 * Runs one call. A call on a daemon connection carries that connection: after libvirt gave up on it
 * (keepalive timeout, EOF), libvirt 9.0 still sends new calls on the old socket while other threads keep the
 * RPC machinery busy, and those wait forever (measured: 8 of 8 workers parked after a SIGSTOPped daemon's
 * keepalive timeout). So a closed connection is checked before each call and after each failure; `closed`
 * remembers it for the rest of the batch.
 */
function run(ops: Ops | null, setupError: ThrownData | null, request: Request, closed: Set<bigint>): Reply {
  if (!ops) return [ReplyStatus.Thrown, setupError!];
  const [name, args, connection] = request;
  try {
    if (connection !== undefined && (closed.has(connection) || !ops.isAlive(connection))) {
      closed.add(connection);
      return [ReplyStatus.Failed, closedConnectionError(name)];
    }
    ops.resetError();
    return [ReplyStatus.Ok, ops.invoke(name, args)];
  } catch (err) {
    const error = ops.libvirtErrorOf(err);
    if (!error) return [ReplyStatus.Thrown, thrown(err)];
    if (connection !== undefined && !ops.isAlive(connection)) {
      closed.add(connection);
      error.connectionClosed = true;
    }
    return [ReplyStatus.Failed, error];
  }
}

function readRequests(): Request[] {
  const length = Atomics.load(control, REQUEST_LENGTH);
  if (length === VIA_PORT) return receiveMessageOnPort(init.port)!.message as Request[];
  return reader.decode() as Request[];
}

function writeReplies(replies: Reply[]): void {
  let length: number;
  try {
    length = writer.encode(replies);
  } catch {
    // Too large for the slot (or not encodable): the port carries it; a value structured clone refuses
    // becomes that call's error.
    try {
      init.port.postMessage(replies);
    } catch {
      init.port.postMessage(
        replies.map((reply): Reply => {
          try {
            structuredClone(reply);
            return reply;
          } catch (err) {
            return [ReplyStatus.Thrown, thrown(err)];
          }
        }),
      );
    }
    length = VIA_PORT;
  }
  Atomics.store(control, REPLY_LENGTH, length);
  Atomics.add(control, REPLY_SEQ, 1);
  Atomics.notify(control, REPLY_SEQ);
}

async function main(): Promise<void> {
  let ops: Ops | null = null;
  let setupError: ThrownData | null = null;
  try {
    ops = await loadOps();
    registerEventImplOnce(ops);
  } catch (err) {
    setupError = thrown(err);
  }
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
  let seen = 0;
  for (;;) {
    waitForRequest(seen);
    seen = Atomics.load(control, REQUEST_SEQ);
    const closed = new Set<bigint>();
    writeReplies(
      readRequests().map((request) => {
        const reply = run(ops, setupError, request, closed);
        Atomics.add(control, PROGRESS, 1);
        return reply;
      }),
    );
  }
}

/**
 * Main bumps REQUEST_SEQ and then notifies: its notify for the previous batch can arrive after this thread
 * already ran that batch (it found the new number before sleeping) and wake this wait with nothing new. Only a
 * moved sequence number is a request, so the loop re-checks it; without the loop that batch ran twice.
 *
 * No polling before sleeping. Measured on this 2-core VM under load 10–17: polling 20–40 µs for the next
 * request made sequential calls slower — test:///default isAlive 8.8 → 14 µs median, qemu:///system
 * get+info+free 205–219 → 257–304 µs — because a thread that never sleeps loses the scheduler's wake-up
 * preference to the other busy processes. (Sleeping has its own price: a raw synchronous lookup RPC that
 * follows a 20–100 µs sleep takes 60–100 µs instead of 46 µs, in a plain loop without the executor.)
 *
 * On an idle machine the opposite holds: a sleeping thread's wake-up is the slow part (idle cores), and
 * polling 50 µs before sleeping took the unbatched round trip from 24.9 µs to 10.2 µs median (load 0.4). So
 * the worker polls only while the machine has idle CPU: 1-minute load average below 3/4 of the cores,
 * sampled at most every 250 ms.
 */
const SPIN_NS = 50_000n;
const cores = availableParallelism();
let idleCpu = false;
let idleCheckedAt = 0;

function machineHasIdleCpu(): boolean {
  const now = Date.now();
  if (now - idleCheckedAt > 250) {
    idleCheckedAt = now;
    idleCpu = loadavg()[0]! < cores * 0.75;
  }
  return idleCpu;
}

function waitForRequest(seen: number): void {
  if (machineHasIdleCpu()) {
    const until = process.hrtime.bigint() + SPIN_NS;
    while (Atomics.load(control, REQUEST_SEQ) === seen && process.hrtime.bigint() < until) {}
  }
  while (Atomics.load(control, REQUEST_SEQ) === seen) Atomics.wait(control, REQUEST_SEQ, seen);
}

void main();
