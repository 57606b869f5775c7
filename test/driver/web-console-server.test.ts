// examples/web-console/server.ts on test:///default, run as users run it (tsx, its own process): the guest list,
// the page and the libraries it loads, paths that must not escape the served folders, WebSockets that cannot
// be bridged (closed with the reason), and Ctrl-C. The browser test on a real guest is
// test/daemon/web-console.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess;
let base: string;
let output = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/web-console/server.ts', 'test:///default', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  base = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+?)\/\n/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('close', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
}, 120_000); // tsx compiles the server and the SDK first: slow on a loaded machine

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

/** A GET with the path sent as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, (res) => {
      res.resume();
      resolve(res.statusCode!);
    })
      .on('error', reject)
      .end();
  });
}

/** Opens a WebSocket and resolves with how the server closed it. */
async function wsClose(path: string): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`);
  const [code, reason] = await once(ws, 'close');
  return { code: code as number, reason: String(reason) };
}

describe('examples/web-console/server.ts on test:///default', () => {
  it('prints where it listens on the URI it was given', () => {
    expect(output).toMatch(/^Connected to test:\/\/\/default; listening on http:\/\/127\.0\.0\.1:\d+\/\n$/);
  });

  it('lists the guests as JSON, and no open bridge', async () => {
    const guests = await (await fetch(`${base}/api/guests`)).json();
    expect(guests).toEqual([
      { name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', state: 'running', vnc: false },
    ]);
    expect(await (await fetch(`${base}/api/bridges`)).json()).toEqual({ open: 0, vnc: 0, serial: 0 });
  });

  it('serves the page, its script, noVNC and xterm.js as ES modules', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/client.js"></script>');
    const client = await (await fetch(`${base}/client.js`)).text();
    expect(client).toContain("import RFB from '/vendor/novnc/core/rfb.js';");
    expect(client).toContain("import { Terminal } from '/vendor/xterm/lib/xterm.mjs';");
    for (const path of ['/vendor/novnc/core/rfb.js', '/vendor/xterm/lib/xterm.mjs']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await fetch(`${base}/vendor/xterm/css/xterm.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('serves nothing outside its folders', async () => {
    expect(await rawGet('/vendor/novnc/../../../package.json')).toBe(404);
    expect(await rawGet('/%2e%2e/%2e%2e/%2e%2e/package.json')).toBe(404);
    expect(await rawGet('/../server.ts')).toBe(404);
    expect(await rawGet('/nothing-here')).toBe(404);
    expect((await fetch(`${base}/api/guests`, { method: 'POST' })).status).toBe(405);
  });

  it('closes a WebSocket it cannot bridge, saying why', async () => {
    expect(await wsClose('/vnc?name=no-such-guest')).toEqual({
      code: 4004,
      reason: "Domain not found: 'no-such-guest'",
    });
    // The test driver has neither a console nor a VNC server to hand over.
    const serial = await wsClose('/serial?name=test');
    expect(serial.code).toBe(1011);
    expect(serial.reason).toMatch(/not supported/i);
    const vnc = await wsClose('/vnc?name=test');
    expect(vnc.code).toBe(1011);
    expect(vnc.reason).toMatch(/not supported/i);
    expect(await (await fetch(`${base}/api/bridges`)).json()).toEqual({ open: 0, vnc: 0, serial: 0 });
  });

  it('refuses WebSockets on other paths, or without a guest', async () => {
    for (const path of ['/other', '/vnc', '/serial?name=']) {
      const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`);
      const [err] = await once(ws, 'error').catch((e) => [e]);
      expect(String(err)).toContain('Unexpected server response: 404');
    }
  });

  it('exits 0 on Ctrl-C (SIGINT)', async () => {
    // 'close', not 'exit': by then everything it printed has been read.
    const exited = once(child, 'close');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
    expect(output).toMatch(/\nClosing 0 console\(s\)\nClosed\n$/);
  });
});
