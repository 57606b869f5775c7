import type { Worker } from 'node:worker_threads';
import { Channel } from './channel.js';
import type { Lane } from './lanes.js';
import type { Reply, Request, WorkerInit } from './protocol.js';
import { spawnWorker } from './spawn.js';

/**
 * Pool policy (2 cores here, so few threads):
 * - Two lanes, each with its own workers and FIFO queue; a call never waits behind a call of the other lane.
 * - `quick` keeps 1 worker and grows to `max` only when its queue is non-empty and every worker has been busy
 *   for `growAfterMs` (a quick call turned slow, e.g. an RPC to a stalled daemon).
 * - `slow` starts with none and grows at once up to `max` whenever a call waits, because its calls block for
 *   seconds and run independently (several guests starting at the same time).
 * - Workers beyond `min` retire after `idleMs` without work.
 * - Idle workers are unref'd; a worker is ref'd only while it runs a call, so an idle pool never keeps the
 *   process alive, and a pending call does (Atomics.waitAsync alone would not).
 * - Calls that queue up while a lane's workers are busy are handed to the next free worker as a batch
 *   (up to `batch`), which runs them in order, each reading its own error.
 * - A new worker gets work only once it has loaded the binding, so no call waits on a thread start when
 *   another worker could serve it.
 * - A worker that exits or throws rejects its running calls with `onCrash(...)`'s error; queued calls move on
 *   to a replacement.
 */
export interface LaneLimits {
  min: number;
  max: number;
  /** 0: add a worker as soon as a call waits; otherwise only when every worker has been busy this long. */
  growAfterMs: number;
  /**
   * Calls queued while workers are busy go to the next free worker together, one wake-up per batch instead
   * of per call. Batching only happens under load, so it costs an unloaded call nothing; the limit bounds how
   * long the last call of a batch waits. 1 for the slow lane: its calls must run side by side.
   */
  batch: number;
}

export interface PoolOptions {
  lanes: Record<Lane, LaneLimits>;
  idleMs: number;
  /** Test-only: replaces the libvirt binding inside workers (see ops.ts). */
  opsModule?: string;
  /** Builds the error a crashed worker's running call rejects with. */
  onCrash: (fn: string, detail: string) => Error;
}

interface Job {
  request: Request;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  channel: Channel;
  /** Set once the worker has loaded the binding; until then it gets no work, so no call waits on a start. */
  ready: boolean;
  /** The batch this worker is running, empty when idle. */
  jobs: Job[];
  busySince: number;
  idleTimer: NodeJS.Timeout | null;
  retired: boolean;
}

class LaneState {
  readonly slots: Slot[] = [];
  readonly queue: Job[] = [];
  head = 0;
  growTimer: NodeJS.Timeout | null = null;
  constructor(readonly limits: LaneLimits) {}

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Takes up to BATCH_LIMIT queued calls for one worker; one wake-up per batch instead of per call. */
  takeBatch(): Job[] {
    const end = Math.min(this.queue.length, this.head + this.limits.batch);
    const jobs = this.queue.slice(this.head, end);
    this.head = end;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return jobs;
  }
}

/**
 * One flag per process (this module lives on the main thread only): the first thread to start, executor or
 * event loop, runs `virEventRegisterDefaultImpl()`, before any connection can be opened.
 */
export const eventImplFlag = new SharedArrayBuffer(4);

export class Pool {
  private readonly lanes: Record<Lane, LaneState>;
  private spawned = 0;
  private crashes = 0;
  /** Releases waiting to ride in front of the next quick batch (see release()). */
  private releases: Job[] = [];
  private releaseFlush: NodeJS.Immediate | null = null;

  constructor(private readonly options: PoolOptions) {
    this.lanes = { quick: new LaneState(options.lanes.quick), slow: new LaneState(options.lanes.slow) };
  }

  /** Number of live workers per lane, and counters, for tests and diagnostics. */
  stats(): { quick: number; slow: number; spawned: number; crashes: number } {
    return {
      quick: this.lanes.quick.slots.length,
      slow: this.lanes.slow.slots.length,
      spawned: this.spawned,
      crashes: this.crashes,
    };
  }

  submit(lane: Lane, request: Request): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const state = this.lanes[lane];
      state.queue.push({ request, resolve, reject });
      this.dispatch(state);
    });
  }

  /**
   * Queues a release (virDomainFree and the like) to run in front of the next quick batch, so it costs no
   * round trip of its own; if no call comes before the next event-loop turn, it goes alone. Any quick worker
   * may run it: the handle waits for every call using the object before it asks for its release.
   */
  release(request: Request): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.releases.push({ request, resolve, reject });
      this.releaseFlush ??= setImmediate(() => {
        this.releaseFlush = null;
        if (this.releases.length === 0) return;
        const state = this.lanes.quick;
        state.queue.push(...this.releases.splice(0));
        this.dispatch(state);
      });
    });
  }

  /** Stops every worker; pending calls reject. */
  async close(): Promise<void> {
    const all = [...this.lanes.quick.slots, ...this.lanes.slow.slots];
    await Promise.all(all.map((slot) => this.retire(slot)));
  }

  private dispatch(state: LaneState): void {
    while (state.waiting > 0) {
      const idle = state.slots.find((slot) => slot.ready && slot.jobs.length === 0 && !slot.retired);
      if (!idle) break;
      this.run(state, idle, state.takeBatch());
    }
    const starting = state.slots.filter((slot) => !slot.ready).length;
    const room = state.limits.max - state.slots.length;
    if (state.waiting <= starting || room <= 0) return;
    if (state.slots.length < state.limits.min || state.limits.growAfterMs === 0) {
      // One new worker per waiting call (slow lane: they run in parallel), within the lane's maximum.
      const wanted = Math.max(state.limits.min - state.slots.length, state.waiting - starting);
      for (let i = 0; i < Math.min(wanted, room); i++) this.spawn(state);
      return;
    }
    if (starting === 0 && !state.growTimer) {
      const oldest = Math.min(...state.slots.map((slot) => slot.busySince));
      const delay = Math.max(0, oldest + state.limits.growAfterMs - performance.now());
      state.growTimer = setTimeout(() => this.growIfStuck(state), delay);
      state.growTimer.unref();
    }
  }

  /** Quick lane: add a worker only if calls still wait and every worker has been busy for growAfterMs. */
  private growIfStuck(state: LaneState): void {
    state.growTimer = null;
    if (state.waiting === 0) return;
    const now = performance.now();
    // Busy in C, not merely waiting for main to collect a finished batch: a main thread saturated with
    // replies must not add threads (measured: a second quick worker on 2 cores doubled the event-loop delay).
    const stuck = state.slots.every(
      (slot) =>
        slot.ready &&
        slot.jobs.length > 0 &&
        slot.channel.running &&
        now - slot.busySince >= state.limits.growAfterMs,
    );
    if (stuck && state.slots.length < state.limits.max) this.spawn(state);
    else this.dispatch(state);
  }

  private run(state: LaneState, slot: Slot, calls: Job[]): void {
    if (slot.idleTimer) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
    }
    // Pending releases go first: each costs the worker a few µs and saves a round trip (~10–25 µs).
    const jobs =
      state === this.lanes.quick && this.releases.length > 0 ? [...this.releases.splice(0), ...calls] : calls;
    slot.jobs = jobs;
    slot.busySince = performance.now();
    slot.worker.ref();
    slot.channel.send(jobs.map((job) => job.request)).then(
      (replies) => {
        slot.jobs = [];
        for (let i = 0; i < jobs.length; i++) jobs[i]!.resolve(replies[i]!);
        this.dispatch(state);
        if (slot.jobs.length === 0) this.idle(state, slot);
      },
      () => {
        // exited() already rejected the batch with the crash error.
        slot.jobs = [];
      },
    );
  }

  private idle(state: LaneState, slot: Slot): void {
    slot.worker.unref();
    if (state.slots.length > state.limits.min) {
      slot.idleTimer = setTimeout(() => void this.retire(slot), this.options.idleMs);
      slot.idleTimer.unref();
    }
  }

  private spawn(state: LaneState): void {
    const channel = new Channel();
    const init: WorkerInit = {
      buffer: channel.buffer,
      port: channel.workerPort,
      eventImplFlag,
      ...(this.options.opsModule ? { opsModule: this.options.opsModule } : {}),
    };
    // Stays ref'd while it starts: workers are only spawned for calls that wait. idle() unrefs it.
    const worker = spawnWorker('executor', { workerData: init, transferList: [channel.workerPort] });
    const slot: Slot = {
      worker,
      channel,
      ready: false,
      jobs: [],
      busySince: 0,
      idleTimer: null,
      retired: false,
    };
    let detail = 'it exited';
    worker.on('error', (err) => {
      detail = `it threw ${err.name}: ${err.message}`;
    });
    worker.on('exit', (code) =>
      this.exited(state, slot, code === 0 ? detail : `${detail} with code ${code}`),
    );
    state.slots.push(slot);
    this.spawned++;
    channel.ready().then(
      () => {
        slot.ready = true;
        this.dispatch(state);
        if (slot.jobs.length === 0) this.idle(state, slot);
      },
      () => {},
    );
  }

  private exited(state: LaneState, slot: Slot, detail: string): void {
    const index = state.slots.indexOf(slot);
    if (index >= 0) state.slots.splice(index, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (!slot.retired) this.crashes++;
    for (const job of slot.jobs) job.reject(this.options.onCrash(job.request[0], detail));
    slot.channel.fail(new Error(detail));
    if (!slot.retired) this.dispatch(state);
  }

  private async retire(slot: Slot): Promise<void> {
    slot.retired = true;
    await slot.worker.terminate();
  }
}
