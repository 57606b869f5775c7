import type { Worker } from 'node:worker_threads';
import { Channel } from './channel.js';
import type { Lane } from './lanes.js';
import { type Reply, type Request, SOCKET_TABLE_BYTES, type WorkerInit } from './protocol.js';
import { spawnWorker } from './spawn.js';

/**
 * Pool policy. Workers are generic threads shared by every connection; what bounds them is the **group** a
 * call belongs to (its connection, see executor.ts):
 * - Each group has two FIFO queues, quick and slow, so a slow call (guest start, migration) never sits in
 *   front of a quick one.
 * - A group runs `limits.quick` quick batches and `limits.slow` slow calls at once, each on its own worker,
 *   and grows to `limits.maxQuick` quick batches one at a time while every running one has been in C for
 *   `growAfterMs`: calls that are slow (a remote daemon's latency, a guest's stuck monitor) overlap, while
 *   fast local RPCs stay on few threads, where they are fastest (measured, docs/performance.md).
 * - Quick calls queued while the group's batches run are spread over its free batch slots (at most
 *   `limits.batch` each): one wake-up per batch, each call still reading its own error.
 * - A frozen daemon parks at most its own group's limits; the pool starts other workers for other groups,
 *   up to `maxWorkers` threads in all.
 * - Workers beyond `minWorkers` retire after `idleMs` without work. Idle workers are unref'd; a worker is
 *   ref'd only while it runs a call, so an idle pool never keeps the process alive.
 * - A new worker gets work only once it has loaded the binding, so no call waits on a thread start when
 *   another worker could serve it.
 * - A worker that exits or throws rejects its running calls with `onCrash(...)`'s error; queued calls go to
 *   another worker. A worker that dies before it is ready rejects the calls waiting for a worker with
 *   `onStartFailure(...)`'s error, so a start-up failure is never a silent hang.
 */
export interface GroupLimits {
  /** Quick batches of the group running at once, always allowed. */
  quick: number;
  /** Quick batches at most, reached one at a time while every running one has been in C `growAfterMs`. */
  maxQuick: number;
  /** Slow calls of the group running at once. */
  slow: number;
  /** Most calls in one quick batch. */
  batch: number;
  /** One more quick batch (up to maxQuick) while every running one has been in C this long (ms); 0: never. */
  growAfterMs: number;
}

export interface PoolOptions {
  /** Threads in all, over every group. */
  maxWorkers: number;
  /** Threads kept when idle. */
  minWorkers: number;
  idleMs: number;
  /** Test-only: replaces the libvirt binding inside workers (see ops.ts). */
  opsModule?: string;
  /** Builds the error a crashed worker's running call rejects with. */
  onCrash: (fn: string, detail: string) => Error;
  /** Builds the error calls waiting for a worker reject with when a worker could not start. */
  onStartFailure: (fn: string, detail: string) => Error;
}

interface Job {
  request: Request;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  /** A closed connection's own release (its close, a deregistration): still runs after the group closes. */
  evenIfClosed?: boolean;
}

/** A FIFO that dequeues in O(1) amortised. */
class Queue {
  #items: Job[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(job: Job): void {
    this.#items.push(job);
  }

  take(count: number): Job[] {
    const end = Math.min(this.#items.length, this.#head + count);
    const jobs = this.#items.slice(this.#head, end);
    this.#head = end;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    return jobs;
  }
}

/** The calls of one connection (or one URI being opened): its queues and what it runs now. */
export class Group {
  readonly quick = new Queue();
  readonly slow = new Queue();
  runningQuick = 0;
  runningSlow = 0;
  /** Slots running this group's quick batches (the growth check reads how long they have been busy). */
  readonly quickSlots = new Set<Slot>();
  growTimer: NodeJS.Timeout | null = null;
  /** Set once the group's connection is found closed: its queued and later calls reject with this. */
  closed: ((fn: string) => Error) | null = null;
  /** A daemon connection's pointer: sent with each call so the worker checks the connection is open. */
  pointer: bigint | undefined = undefined;
  /** The connection (weakly: the group must not keep a dropped handle alive). */
  connection: WeakRef<object> | null = null;

  constructor(
    public limits: GroupLimits,
    readonly label: string,
  ) {}

  get waiting(): number {
    return this.quick.length + this.slow.length;
  }

  /** Quick batches this group may start now, counting one more while all running ones are slow. */
  quickRoom(now: number): number {
    const { quick, maxQuick, growAfterMs } = this.limits;
    let room = quick - this.runningQuick;
    if (room <= 0 && growAfterMs > 0 && this.runningQuick < maxQuick) {
      let stuck = this.quickSlots.size > 0;
      for (const slot of this.quickSlots) {
        // One call slow, not a long batch of quick ones: the worker's progress must have stood still. And
        // busy in C, not merely waiting for main to collect a finished batch: a main thread saturated with
        // replies must not add threads (measured: a second worker on 2 cores doubled the event-loop delay).
        const progress = slot.channel.progress;
        if (progress !== slot.progress) {
          slot.progress = progress;
          slot.progressAt = now;
        }
        if (!slot.channel.running || now - slot.progressAt < growAfterMs) stuck = false;
      }
      if (stuck) room = 1;
    }
    return Math.max(0, room);
  }

  /** Batches this group could start now if it had workers. */
  runnable(now: number): number {
    const slow = Math.min(this.slow.length, Math.max(0, this.limits.slow - this.runningSlow));
    return slow + Math.min(this.quickRoom(now), this.quick.length);
  }
}

interface Slot {
  worker: Worker;
  channel: Channel;
  /** Set once the worker has loaded the binding; until then it gets no work, so no call waits on a start. */
  ready: boolean;
  /** The batch this worker is running, empty when idle. */
  jobs: Job[];
  /** Whose batch, and in which lane. */
  group: Group | null;
  lane: Lane;
  /** The worker's progress count when last looked at, and when it last moved. */
  progress: number;
  progressAt: number;
  idleTimer: NodeJS.Timeout | null;
  retired: boolean;
}

/**
 * One flag per process (this module lives on the main thread only): the first thread to start, executor or
 * event loop, runs `virEventRegisterDefaultImpl()`, before any connection can be opened.
 */
export const eventImplFlag = new SharedArrayBuffer(4);

/** One per process: which socket each daemon connection uses, so a dead one can be aborted (sockets.ts). */
export const socketTable = new SharedArrayBuffer(SOCKET_TABLE_BYTES);

export class Pool {
  readonly #slots: Slot[] = [];
  /** Ready workers without work, most recently used last (reused first: warm caches, the rest retire). */
  readonly #idleSlots: Slot[] = [];
  /** Groups with queued calls, in the order they started waiting (served round-robin). */
  readonly #pending = new Set<Group>();
  #starting = 0;
  #spawned = 0;
  #crashes = 0;
  /** Releases waiting to ride in front of the next quick batch (see release()). */
  #releases: Job[] = [];
  #releaseFlush: NodeJS.Immediate | null = null;
  /** Where lone releases run when no batch comes to carry them. */
  readonly #releaseGroup: Group;
  readonly #options: PoolOptions;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.#releaseGroup = new Group(
      { quick: 1, maxQuick: 2, slow: 0, batch: 256, growAfterMs: 5 },
      'releases',
    );
  }

  /** Live workers, busy ones and counters, for tests and diagnostics. */
  stats(): { workers: number; busy: number; spawned: number; crashes: number } {
    return {
      workers: this.#slots.length,
      busy: this.#slots.filter((slot) => slot.jobs.length > 0).length,
      spawned: this.#spawned,
      crashes: this.#crashes,
    };
  }

  /** Queues a call; `evenIfClosed` lets a closed connection's own release through. */
  submit(group: Group, lane: Lane, request: Request, evenIfClosed = false): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      if (group.closed && !evenIfClosed) {
        reject(group.closed(request[0]));
        return;
      }
      (lane === 'slow' ? group.slow : group.quick).push({ request, resolve, reject, evenIfClosed });
      this.#pending.add(group);
      this.#dispatch();
    });
  }

  /**
   * Queues a release (virDomainFree and the like) to run in front of the next quick batch, so it costs no
   * round trip of its own; if no call comes before the next event-loop turn, it goes alone. Any worker may
   * run it: the handle waits for every call using the object before it asks for its release.
   */
  release(request: Request): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.#releases.push({ request, resolve, reject });
      this.#releaseFlush ??= setImmediate(() => {
        this.#releaseFlush = null;
        if (this.#releases.length === 0) return;
        for (const job of this.#releases.splice(0)) this.#releaseGroup.quick.push(job);
        this.#pending.add(this.#releaseGroup);
        this.#dispatch();
      });
    });
  }

  /**
   * The group's connection is closed: its queued calls reject now (none reaches libvirt), and so do later
   * ones, each with `error(fn)`, but for the connection's own releases queued `evenIfClosed`, which still run.
   * Calls already running settle on their own.
   */
  closeGroup(group: Group, error: (fn: string) => Error): void {
    if (group.closed) return;
    group.closed = error;
    const kept: [Queue, Job][] = [];
    for (const [queue, jobs] of [
      [group.quick, group.quick.take(group.quick.length)],
      [group.slow, group.slow.take(group.slow.length)],
    ] as const) {
      for (const job of jobs) {
        if (job.evenIfClosed) kept.push([queue, job]);
        else job.reject(error(job.request[0]));
      }
    }
    for (const [queue, job] of kept) queue.push(job);
    if (kept.length === 0) this.#pending.delete(group);
  }

  /** Stops every worker; pending calls reject. */
  async close(): Promise<void> {
    await Promise.all([...this.#slots].map((slot) => this.#retire(slot)));
  }

  #dispatch(): void {
    const now = performance.now();
    let wanted = 0;
    for (const group of this.#pending) {
      for (;;) {
        const lane = this.#nextLane(group, now);
        if (!lane) break;
        const slot = this.#idleSlots.pop();
        if (!slot) {
          wanted += group.runnable(now);
          break;
        }
        this.#run(group, lane, slot, now);
      }
      if (group.waiting === 0) this.#pending.delete(group);
      else this.#armGrowth(group, now);
    }
    const room = this.#options.maxWorkers - this.#slots.length;
    const missing = Math.min(wanted - this.#starting, room);
    for (let i = 0; i < missing; i++) this.#spawn();
  }

  /** Which lane of `group` can start a batch now, slow first (its calls are fewer and each needs a thread). */
  #nextLane(group: Group, now: number): Lane | null {
    if (group.slow.length > 0 && group.runningSlow < group.limits.slow) return 'slow';
    if (group.quick.length > 0 && group.quickRoom(now) > 0) return 'quick';
    return null;
  }

  /** A group whose quick batches are all busy re-checks once they have been stuck `growAfterMs`. */
  #armGrowth(group: Group, now: number): void {
    const { growAfterMs } = group.limits;
    if (
      growAfterMs === 0 ||
      group.growTimer ||
      group.quick.length === 0 ||
      group.quickSlots.size === 0 ||
      group.runningQuick >= group.limits.maxQuick
    ) {
      return;
    }
    let oldest = Number.POSITIVE_INFINITY;
    for (const slot of group.quickSlots) oldest = Math.min(oldest, slot.progressAt);
    const delay = Math.max(0, oldest + growAfterMs - now);
    group.growTimer = setTimeout(() => {
      group.growTimer = null;
      this.#dispatch();
    }, delay + 0.1);
    group.growTimer.unref();
  }

  #run(group: Group, lane: Lane, slot: Slot, now: number): void {
    let calls: Job[];
    if (lane === 'slow') {
      calls = group.slow.take(1);
      group.runningSlow++;
    } else {
      // Spread what waits over the batch slots still free, so calls on a daemon run side by side.
      const free = Math.max(1, group.limits.quick - group.runningQuick);

      const size = Math.min(group.limits.batch, Math.ceil(group.quick.length / free));
      calls = group.quick.take(size);
      group.runningQuick++;
      group.quickSlots.add(slot);
    }
    if (slot.idleTimer) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
    }
    // Pending releases go first: each costs the worker a few µs and saves a round trip (~10–25 µs).
    const jobs =
      lane === 'quick' && this.#releases.length > 0 ? [...this.#releases.splice(0), ...calls] : calls;
    slot.jobs = jobs;
    slot.group = group;
    slot.lane = lane;
    slot.progress = slot.channel.progress;
    slot.progressAt = now;
    slot.worker.ref();
    slot.channel.send(jobs.map((job) => job.request)).then(
      (replies) => {
        this.#finish(slot);
        for (let i = 0; i < jobs.length; i++) jobs[i]!.resolve(replies[i]!);
        this.#idle(slot);
        this.#dispatch();
      },
      () => {
        // exited() already rejected the batch with the crash error.
      },
    );
  }

  /** The slot's batch is over: its group may start another. */
  #finish(slot: Slot): void {
    const group = slot.group;
    if (group) {
      if (slot.lane === 'slow') group.runningSlow--;
      else {
        group.runningQuick--;
        group.quickSlots.delete(slot);
      }
    }
    slot.jobs = [];
    slot.group = null;
  }

  #idle(slot: Slot): void {
    if (slot.retired) return;
    slot.worker.unref();
    this.#idleSlots.push(slot);
    if (this.#slots.length > this.#options.minWorkers) {
      slot.idleTimer = setTimeout(() => void this.#retire(slot), this.#options.idleMs);
      slot.idleTimer.unref();
    }
  }

  #spawn(): void {
    const channel = new Channel();
    const init: WorkerInit = {
      buffer: channel.buffer,
      port: channel.workerPort,
      eventImplFlag,
      sockets: socketTable,
      ...(this.#options.opsModule ? { opsModule: this.#options.opsModule } : {}),
    };
    // Stays ref'd while it starts: workers are only spawned for calls that wait. idle() unrefs it.
    const worker = spawnWorker('executor', {
      workerData: init,
      transferList: [channel.workerPort],
    });
    const slot: Slot = {
      worker,
      channel,
      ready: false,
      jobs: [],
      group: null,
      lane: 'quick',
      progress: 0,
      progressAt: 0,
      idleTimer: null,
      retired: false,
    };
    let detail = 'it exited';
    worker.on('error', (err) => {
      detail = `it threw ${err.name}: ${err.message}`;
    });
    worker.on('exit', (code) => this.#exited(slot, code === 0 ? detail : `${detail} with code ${code}`));
    this.#slots.push(slot);
    this.#starting++;
    this.#spawned++;
    channel.ready().then(
      () => {
        this.#starting--;
        slot.ready = true;
        this.#idle(slot);
        this.#dispatch();
      },
      () => {},
    );
  }

  #exited(slot: Slot, detail: string): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    const idleIndex = this.#idleSlots.indexOf(slot);
    if (idleIndex >= 0) this.#idleSlots.splice(idleIndex, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const wasStarting = !slot.ready;
    if (wasStarting) this.#starting--;
    slot.channel.fail(new Error(detail));
    const jobs = slot.jobs;
    this.#finish(slot);
    for (const job of jobs) job.reject(this.#options.onCrash(job.request[0], detail));
    if (slot.retired) return;
    this.#crashes++;
    // Died before it could serve anything: if no other worker can take the waiting calls, they would wait
    // for a thread that never comes. Reject them, saying what failed; the next call tries a new worker.
    if (wasStarting && this.#idleSlots.length === 0 && this.#starting === 0) this.#failWaiting(detail);
    else this.#dispatch();
  }

  /** Rejects every call still waiting for a worker, with the reason a worker could not start. */
  #failWaiting(detail: string): void {
    for (const group of this.#pending) {
      for (const job of [...group.quick.take(group.quick.length), ...group.slow.take(group.slow.length)]) {
        job.reject(this.#options.onStartFailure(job.request[0], detail));
      }
    }
    this.#pending.clear();
    for (const job of this.#releases.splice(0))
      job.reject(this.#options.onStartFailure(job.request[0], detail));
  }

  async #retire(slot: Slot): Promise<void> {
    slot.retired = true;
    const idleIndex = this.#idleSlots.indexOf(slot);
    if (idleIndex >= 0) this.#idleSlots.splice(idleIndex, 1);
    await slot.worker.terminate();
  }
}
