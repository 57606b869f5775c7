// examples/web-console in a real headless Chromium (Debian's `chromium`, driven by playwright-core): the server
// runs as users run it (tsx, its own process) against a TCG guest started paused; once noVNC and xterm.js are
// connected the guest runs, and SeaBIOS must reach both — pixels on the VNC canvas, boot text in the terminal.
// Closing the tab must free both streams: the server's bridge count drops to 0, QEMU's VNC server has no
// client left, and the console opens again without `force` (libvirt refuses that while a stream holds it).
// LIBVIRT_TS_UPDATE_SCREENSHOT=1 writes the page's screenshot to docs/web-console.png.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { streamGuestXml } from '../helpers/stream-guest.js';
import { createImage, IMAGES, removeGuest } from '../helpers/tiny-guest.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.LIBVIRT_TS_CHROMIUM ?? '/usr/bin/chromium';
// A fixed name, so a run that died half-way is cleaned up by the next one.
const NAME = 'lvts-webconsole-guest';
const DISK = `${IMAGES}/${NAME}.qcow2`;
const WAIT = { timeout: 150_000, interval: 200 };

const inCI = process.env.CI === 'true';
const browserMissing = !existsSync(CHROMIUM);
if (browserMissing && !inCI) console.warn(`[web-console] skipped: no Chromium at ${CHROMIUM}`);
const describeBrowser = (browserMissing && !inCI ? describe.skip : describeDaemon) as typeof describe;

/** The server, started as the README says, and the URL it prints once it listens. */
function startServer(): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/web-console/server.ts', DAEMON_URI, '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+?)\/\n/.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ child, base: match[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.once('close', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface CanvasPixels {
  width: number;
  height: number;
  /** Pixels that are not black. */
  lit: number;
  /** Their distinct colours. */
  colours: number;
  /** Text rows (the height / 25: VGA text mode has 25) with a pixel lit: the lines of text on the screen. */
  rows: number;
}

/** What the VNC canvas shows, read with getImageData in the page. */
function canvasPixels(page: Page): Promise<CanvasPixels> {
  return page.evaluate(() => {
    // Runs in the page (the test's tsconfig has no DOM types: the page's globals are reached untyped).
    const canvas = (globalThis as any).document.querySelector('#vnc canvas');
    const { width, height } = (canvas ?? { width: 0, height: 0 }) as { width: number; height: number };
    if (width === 0 || height === 0) return { width, height, lit: 0, colours: 0, rows: 0 };
    const { data } = canvas.getContext('2d').getImageData(0, 0, width, height) as { data: Uint8ClampedArray };
    let lit = 0;
    const colours = new Set<number>();
    const rows = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      if (rgb !== 0) {
        lit++;
        colours.add(rgb);
        rows.add(Math.floor(Math.floor(i / 4 / width) / (height / 25)));
      }
    }
    return { width, height, lit, colours: colours.size, rows: rows.size };
  });
}

/** QEMU's own view of the VNC server: `info vnc` lists one "Client:" per connected client. */
function vncClients(): number {
  const info = virsh('qemu-monitor-command', NAME, '--hmp', 'info vnc');
  return (info.match(/^\s*Client:/gm) ?? []).length;
}

/** Opens the guest's console without `force`, as a second client would. */
async function openConsoleAgain(domain: Domain): Promise<void> {
  const console = await domain.console();
  console.destroy();
  await new Promise((resolve) => console.once('close', resolve));
}

describeBrowser('examples/web-console in headless Chromium', () => {
  let hv: Hypervisor;
  let domain: Domain;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lvts-webconsole-'));

  beforeAll(async () => {
    requireDaemon();
    if (browserMissing) throw new Error(`CI=true but no Chromium at ${CHROMIUM} (scripts/setup-libvirtd.sh)`);
    removeGuest(NAME, [DISK]);
    createImage(DISK);
    hv = await Hypervisor.connect(DAEMON_URI);
    // Paused, so the page is connected before SeaBIOS prints its first line.
    domain = await hv.domains.create(streamGuestXml(NAME, DISK), { paused: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
    await domain?.free().catch(() => {});
    await hv?.close();
    removeGuest(NAME, [DISK]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the guest, shows SeaBIOS on the VNC canvas and in the terminal, and frees both streams on close', async () => {
    const { base } = server!;
    const guests = await json<{ name: string; state: string; vnc: boolean }[]>(`${base}/api/guests`);
    expect(guests.find((g) => g.name === NAME)).toMatchObject({ name: NAME, state: 'paused', vnc: true });
    expect(await json(`${base}/api/bridges`)).toEqual({ open: 0, vnc: 0, serial: 0 });

    const page = await browser!.newPage({ viewport: { width: 1560, height: 540 } });
    page.setDefaultTimeout(WAIT.timeout);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${base}/?name=${NAME}`);
    await page.waitForFunction(() => {
      const s = (globalThis as any).webConsole?.state;
      return s?.vnc === 'connected' && s?.serial === 'connected';
    });
    expect(await page.locator('#guests').inputValue()).toBe(NAME);
    // The serial WebSocket is open before the server has the console: its bridge counts once it does.
    await vi.waitFor(async () => {
      expect(await json(`${base}/api/bridges`)).toEqual({ open: 2, vnc: 1, serial: 1 });
    }, WAIT);
    expect(vncClients()).toBe(1);
    // The tab holds the console: a second client is refused unless it forces its way in.
    const refused = await openConsoleAgain(domain).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(LibvirtError);
    expect((refused as LibvirtError).code).toBe(ErrorCode.OPERATION_FAILED);
    expect((refused as LibvirtError).message).toContain('Active console session exists');

    await domain.resume();

    // SeaBIOS prints its banner on the serial line (<bios useserial='yes'/>), finds nothing to boot and says so.
    await page.waitForFunction(() =>
      /SeaBIOS \(version [^)]+\)[\s\S]*No bootable device/.test(
        (globalThis as any).webConsole.terminalText(),
      ),
    );
    const text: string = await page.evaluate(() => (globalThis as any).webConsole.terminalText());
    expect(text).toMatch(/^SeaBIOS \(version [^)]+\)$/m);
    expect(text).toMatch(/^Booting from Hard Disk\.\.\.$/m);
    const lines = text.split('\n').filter((line) => line.trim() !== '');

    // ... and draws the same lines on the VGA screen, which noVNC paints on its canvas: as many text rows lit
    // as the terminal has lines.
    await vi.waitFor(async () => {
      const { lit, rows } = await canvasPixels(page);
      expect(lit).toBeGreaterThan(1000);
      expect(rows).toBeGreaterThanOrEqual(lines.length);
    }, WAIT);
    const pixels = await canvasPixels(page);
    console.log(
      `[web-console] canvas ${pixels.width}x${pixels.height}: ${pixels.lit} non-black pixels, ${pixels.colours} ` +
        `colour(s), ${pixels.rows} text rows; terminal: ${JSON.stringify(lines)}`,
    );
    expect(pixels.width).toBeGreaterThanOrEqual(640);
    expect(pixels.height).toBeGreaterThanOrEqual(400);

    const shot = join(dir, 'web-console.png');
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.LIBVIRT_TS_UPDATE_SCREENSHOT === '1')
      copyFileSync(shot, join(ROOT, 'docs/web-console.png'));
    expect(pageErrors).toEqual([]);

    // Closing the tab frees both streams: the bridges close, QEMU's VNC server loses its client, and the
    // console opens again without force.
    await page.close();
    await vi.waitFor(async () => {
      expect(await json(`${base}/api/bridges`)).toEqual({ open: 0, vnc: 0, serial: 0 });
    }, WAIT);
    await vi.waitFor(() => expect(vncClients()).toBe(0), WAIT);
    await openConsoleAgain(domain);
    expect(virsh('domstate', NAME).trim()).toBe('running');
  });

  it('closes cleanly on Ctrl-C (SIGINT), with a console open', async () => {
    const { child, base, output } = server!;
    const page = await browser!.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${base}/?name=${NAME}`);
    await page.waitForFunction(() => {
      const s = (globalThis as any).webConsole?.state;
      return s?.vnc === 'connected' && s?.serial === 'connected';
    });
    await vi.waitFor(async () => {
      expect(await json(`${base}/api/bridges`)).toEqual({ open: 2, vnc: 1, serial: 1 });
    }, WAIT);
    // 'close', not 'exit': by then everything it printed has been read.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toContain('Closing 2 console(s)\n');
    expect(output()).toMatch(/\nClosed\n$/);
    // The page saw its consoles end, and the console is free again.
    await page.waitForFunction(() => (globalThis as any).webConsole.state.serial !== 'connected');
    await page.close();
    await openConsoleAgain(domain);
    server = undefined;
  });
});
