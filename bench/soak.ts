// `npm run soak -- --minutes N`: 64 callers work one private libvirtd for N minutes while it is restarted every few
// minutes, and a table per minute says what happened: calls, errors (injected by a restart, or not), RSS, worker
// threads and registered callbacks. Not a test and not in CI: it finds slow leaks and rare hangs. As root; the
// system libvirtd is not touched (scripts/second-libvirtd.sh on its own port and directory).
//   npm run soak -- --minutes 30 [--restart-every 5] [--callers 64]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { executor } from '../native/executor/index.js';
import { loop } from '../native/loop/index.js';
import { Hypervisor, LibvirtError } from '../src/index.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'restart-every': { type: 'string', default: '5' },
    callers: { type: 'string', default: '64' },
  },
});
const MINUTES = Number(values.minutes);
const RESTART_EVERY_MIN = Number(values['restart-every']);
const CALLERS = Number(values.callers);

const DIR = '/var/tmp/lvts-soak-libvirtd';
const PORT = '16540';
const URI = `qemu+tcp://127.0.0.1:${PORT}/system`;
const ENV = { ...process.env, LVTS_SECOND_DIR: DIR, LVTS_SECOND_PORT: PORT };
const SCRIPT = fileURLToPath(new URL('../scripts/second-libvirtd.sh', import.meta.url));
/** Guests started and destroyed, one per lifecycle caller, and guests only read (never destroyed under a reader). */
const GUESTS = 8;
const READ_GUESTS = 4;
/** A call failing this long after a restart began counts as injected by it. */
const RESTART_WINDOW_MS = 15_000;

const xml = (name: string) =>
  `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>` +
  `<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><graphics type='vnc' listen='127.0.0.1'/></devices></domain>`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function daemon(command: 'start' | 'stop'): void {
  execFileSync('bash', [SCRIPT, command], { env: ENV, stdio: 'pipe', timeout: 120_000 });
}

interface Minute {
  calls: number;
  injected: number;
  other: Map<string, number>;
  events: number;
}

const fresh = (): Minute => ({ calls: 0, injected: 0, other: new Map(), events: 0 });
let minute = fresh();
let lastRestart = -Infinity;
let stopping = false;

function failed(err: unknown): void {
  if (
    performance.now() - lastRestart < RESTART_WINDOW_MS ||
    (err instanceof LibvirtError && err.connectionClosed)
  ) {
    minute.injected++;
    return;
  }
  const key = err instanceof LibvirtError ? err.codeName : err instanceof Error ? err.name : String(err);
  minute.other.set(key, (minute.other.get(key) ?? 0) + 1);
  if ((minute.other.get(key) ?? 0) <= 3) console.error('soak: unexpected error', err);
}

async function caller(hv: Hypervisor, index: number): Promise<void> {
  // Each lifecycle caller (index % 8 === 0) owns one guest; the others read guests nobody destroys.
  const name = `lvts-soak-${Math.floor(index / 8) % GUESTS}`;
  const readName = `lvts-soak-read-${index % READ_GUESTS}`;
  while (!stopping) {
    try {
      switch (index % 8) {
        case 0: {
          // Lifecycle of a small TCG guest: start, read, destroy.
          const dom = await hv.domains.get(name);
          if ((await dom.state()).state !== 'running') await dom.start();
          await dom.info();
          await dom.destroy();
          await dom.free();
          minute.calls += 5;
          break;
        }
        case 1:
          await hv.domains.statsAll();
          minute.calls++;
          break;
        case 2: {
          const dom = await hv.domains.get(readName);
          await dom.xml();
          await dom.free();
          minute.calls += 2;
          break;
        }
        default: {
          const dom = await hv.domains.get(readName);
          await dom.info();
          await dom.free();
          minute.calls += 2;
        }
      }
    } catch (err) {
      failed(err);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the soak starts its own libvirtd: run as root');
  daemon('start');
  const names = [
    ...Array.from({ length: GUESTS }, (_, i) => `lvts-soak-${i}`),
    ...Array.from({ length: READ_GUESTS }, (_, i) => `lvts-soak-read-${i}`),
  ];
  for (const name of names) {
    const file = join(DIR, `${name}.xml`);
    writeFileSync(file, xml(name));
    execFileSync('virsh', ['-c', URI, 'define', file], { stdio: 'pipe' });
  }
  const hv = await Hypervisor.connect(URI, { keepAlive: { intervalSeconds: 1, count: 3 }, reconnect: true });
  hv.on('domain.lifecycle', () => minute.events++);
  const callers = Array.from({ length: CALLERS }, (_, i) => caller(hv, i));
  const start = performance.now();
  const rssStart = process.memoryUsage.rss();
  console.log(
    `soak: ${CALLERS} callers on ${URI} for ${MINUTES} min, the daemon restarted every ${RESTART_EVERY_MIN} min`,
  );
  console.log('| minute | calls | injected errors | other errors | events | RSS MiB | workers | callbacks |');
  console.log('| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (let m = 1; m <= MINUTES; m++) {
    if (m > 1 && (m - 1) % RESTART_EVERY_MIN === 0) {
      lastRestart = performance.now();
      const pid = Number(readFileSync(join(DIR, 'libvirtd.pid'), 'utf8'));
      process.kill(pid, 'SIGTERM');
      // Its port and sockets are free once it is gone; definitions live in its directory and survive.
      for (let i = 0; i < 300 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      daemon('start');
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + m * 60_000 - performance.now())));
    const done = minute;
    minute = fresh();
    const other = [...done.other].map(([k, v]) => `${k} ${v}`).join(', ') || '0';
    console.log(
      `| ${m} | ${done.calls} | ${done.injected} | ${other} | ${done.events} | ` +
        `${(process.memoryUsage.rss() / 2 ** 20).toFixed(1)} | ${executor.stats().workers} | ${await loop.registeredCount()} |`,
    );
  }
  stopping = true;
  await Promise.all(callers);
  await hv.close();
  console.log(
    `soak: RSS ${(rssStart / 2 ** 20).toFixed(1)} → ${(process.memoryUsage.rss() / 2 ** 20).toFixed(1)} MiB; ` +
      `callbacks registered after close: ${await loop.registeredCount()}`,
  );
  daemon('stop');
}

main().catch((err) => {
  console.error(err);
  try {
    daemon('stop');
  } catch {
    // Already gone.
  }
  process.exitCode = 1;
});
