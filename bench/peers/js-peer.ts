// A Node peer of `npm run bench`: the same line protocol as bench/c/peer.c (one command per stdin line, one
// JSON line back), with the workloads written against one library's public API (an Adapter).
// usage: node --import tsx bench/peers/js-peer.ts <unraid|ts-raw|ts-api>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/** One library's version of each workload; `conn` is whatever its `open` returned. */
export interface Adapter<C = any> {
  open(uri: string): Promise<C>;
  define(conn: C, count: number): Promise<void>;
  /** lookup-by-name + getInfo (+ free where the library has it) */
  seq(conn: C, name: string): Promise<void>;
  /** lookup-by-name + getXMLDesc (+ free) */
  xml(conn: C, name: string): Promise<void>;
  /** every domain with its state, as a user of this library writes it; resolves the count */
  list(conn: C): Promise<number>;
  /** the library's bulk path for the same (one call for all the guests), when it has one */
  listbulk?(conn: C): Promise<number>;
  /** every domain's state through virConnectGetAllDomainStats, when the library has it */
  liststats?(conn: C): Promise<number>;
}

type Reply = Record<string, unknown>;

/**
 * Runs `cycle` one after another until `ms` have passed. A failed cycle is counted and the run goes on (as
 * with many in flight), unless nothing succeeds at all.
 */
async function timed(ms: number, cycle: () => Promise<unknown>): Promise<Reply> {
  const start = performance.now();
  const deadline = start + ms;
  let cycles = 0;
  let failed = 0;
  let failure: unknown;
  let count: unknown;
  let now = start;
  while (cycles + failed === 0 || now < deadline) {
    try {
      count = await cycle();
      cycles++;
    } catch (err) {
      failed++;
      failure ??= err;
    }
    now = performance.now();
  }
  if (cycles === 0) throw failure;
  return {
    cycles,
    ns: Math.round((now - start) * 1e6),
    ...(typeof count === 'number' ? { count } : {}),
    ...(failed ? { failed, failure: failure instanceof Error ? failure.message : String(failure) } : {}),
  };
}

/**
 * `inFlight` lanes, each starting its next cycle as soon as its last one settled, until `ms` have passed. A
 * failed cycle is counted, not fatal: a library that loses calls under load shows it in the table.
 */
async function inFlightRun(ms: number, inFlight: number, cycle: () => Promise<void>): Promise<Reply> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const start = performance.now();
  const deadline = start + ms;
  let cycles = 0;
  let failed = 0;
  let failure: string | undefined;
  delay.enable();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      do {
        try {
          await cycle();
          cycles++;
        } catch (err) {
          failed++;
          failure ??= err instanceof Error ? err.message : String(err);
        }
      } while (performance.now() < deadline);
    }),
  );
  const elapsed = performance.now() - start;
  delay.disable();
  return {
    cycles,
    ns: Math.round(elapsed * 1e6),
    loopP99Ms: delay.percentile(99) / 1e6,
    loopMaxMs: delay.max / 1e6,
    ...(failed ? { failed, failure } : {}),
  };
}

async function loadAdapter(name: string): Promise<Adapter> {
  switch (name) {
    case 'unraid':
      return (await import('./unraid-adapter.js')).adapter;
    case 'ts-raw':
      return (await import('./ts-raw-adapter.js')).adapter;
    case 'ts-api':
      return (await import('./ts-api-adapter.js')).adapter;
    default:
      throw new Error(`unknown adapter ${name}`);
  }
}

async function main(): Promise<void> {
  const adapter = await loadAdapter(process.argv[2] ?? '');
  const conns = new Map<string, unknown>();
  const connection = async (uri: string) => {
    if (!conns.has(uri)) conns.set(uri, await adapter.open(uri));
    return conns.get(uri);
  };
  const handle = async (words: string[]): Promise<Reply> => {
    const [op, uri = '', a = '0', name = '', b = '0'] = words;
    if (op === 'rss') return { rssKiB: Math.round(process.memoryUsage.rss() / 1024) };
    const conn = await connection(uri);
    const ms = Number(a);
    switch (op) {
      case 'open':
      case 'define':
        if (Number(a) > 0) await adapter.define(conn, Number(a));
        return { ok: true };
      case 'seq':
        return timed(ms, () => adapter.seq(conn, name));
      case 'xml':
        return timed(ms, () => adapter.xml(conn, name));
      case 'par':
        return inFlightRun(ms, Number(b) || 64, () => adapter.seq(conn, name));
      case 'list':
        return timed(ms, () => adapter.list(conn));
      case 'listbulk':
      case 'liststats': {
        const fn = adapter[op];
        if (!fn) return { error: `${op}: this library has no such call` };
        return timed(ms, () => fn(conn));
      }
      case 'cycles': {
        const n = Number(a);
        for (let i = 0; i < n; i++) await adapter.seq(conn, name);
        return { cycles: n };
      }
      default:
        return { error: `unknown command ${op}` };
    }
  };
  // Commands run one at a time, in order: the bench waits for each reply before the next command anyway.
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (!words[0]) continue;
    if (words[0] === 'quit') break;
    let reply: Reply;
    try {
      reply = await handle(words);
    } catch (err) {
      reply = { error: `${words[0]}: ${err instanceof Error ? err.message : String(err)}` };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  }
  // The libraries' idle threads never keep the process alive; exit without waiting for GC or closes.
  process.exit(0);
}

if (/js-peer\.[jt]s$/.test(process.argv[1] ?? '')) await main();
