import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Channel } from '../../native/executor/channel.js';
import { Writer } from '../../native/executor/codec.js';
import {
  REPLY_LENGTH,
  REPLY_OFFSET,
  REPLY_SEQ,
  REQUEST_SEQ,
  type Reply,
  ReplyStatus,
  SLOT_BYTES,
  SOCKET_TABLE_BYTES,
  type WorkerInit,
} from '../../native/executor/protocol.js';
import { spawnWorker } from '../../native/executor/spawn.js';

// The executor's shared-memory protocol must survive wake-ups that carry no news. Each side bumps a sequence
// number and then notifies; if that thread is descheduled between the two, the other side can see the number,
// finish the exchange, start the next one and then receive the late notify. Treating that notify as news
// re-ran the previous batch in the worker (a virDomainFree run twice: "invalid domain pointer in
// virDomainFree") or handed main the previous batch's reply. These tests send such stale notifies on purpose.

const opsModule = pathToFileURL(new URL('./fixtures/fake-ops.ts', import.meta.url).pathname).href;
const stop: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stop.splice(0).map((fn) => fn()));
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Plays the worker's side of a channel by hand, on this thread. */
function fakeWorker(channel: Channel) {
  const control = new Int32Array(channel.buffer, 0, 16);
  const writer = new Writer(channel.buffer, REPLY_OFFSET, SLOT_BYTES);
  return {
    control,
    reply(replies: Reply[]): void {
      Atomics.store(control, REPLY_LENGTH, writer.encode(replies));
      Atomics.add(control, REPLY_SEQ, 1);
      Atomics.notify(control, REPLY_SEQ);
    },
  };
}

describe('executor channel', () => {
  it('does not take a stale notify for the reply of the batch in flight', async () => {
    const channel = new Channel();
    const worker = fakeWorker(channel);
    const first = channel.send([['first', []]]);
    worker.reply([[ReplyStatus.Ok, 'first reply']]);
    expect(await first).toEqual([[ReplyStatus.Ok, 'first reply']]);

    let settled = false;
    const second = channel.send([['second', []]]).finally(() => {
      settled = true;
    });
    // The worker's late notify for the first batch.
    Atomics.notify(worker.control, REPLY_SEQ);
    await tick(20);
    expect(settled).toBe(false);

    worker.reply([[ReplyStatus.Ok, 'second reply']]);
    expect(await second).toEqual([[ReplyStatus.Ok, 'second reply']]);
  });

  it('never runs a batch twice when the worker is woken without a new request', async () => {
    const channel = new Channel();
    const init: WorkerInit = {
      buffer: channel.buffer,
      port: channel.workerPort,
      eventImplFlag: new SharedArrayBuffer(4),
      sockets: new SharedArrayBuffer(SOCKET_TABLE_BYTES),
      opsModule,
    };
    const worker = spawnWorker('executor', { workerData: init, transferList: [channel.workerPort] });
    stop.push(() => worker.terminate());
    await channel.ready();

    expect(await channel.send([['count', []]])).toEqual([[ReplyStatus.Ok, 1]]);
    const control = new Int32Array(channel.buffer, 0, 16);
    const repliesBefore = Atomics.load(control, REPLY_SEQ);
    // Main's late notifies for the batch the worker already ran, sent while it sleeps for the next one.
    for (let i = 0; i < 50; i++) {
      Atomics.notify(control, REQUEST_SEQ);
      await tick(1);
    }
    expect(Atomics.load(control, REPLY_SEQ)).toBe(repliesBefore);
    expect(await channel.send([['count', []]])).toEqual([[ReplyStatus.Ok, 2]]);
  });
});
