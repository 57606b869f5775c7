// Typed events with a real TCG guest on qemu:///system, each step checked independently with virsh; keepalive
// configured through Hypervisor.connect detecting a hung peer; shutdown({ wait }) forcing off a guest with no OS.
import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CloseReason, type Domain, type EventMap, Hypervisor } from '../../src/index.js';
import { runChild } from '../driver/fixtures/run-child.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-h13-ev-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
const XML = tinyGuestXml(NAME, DISK, { head: '<features><acpi/></features>' });

const domstate = () => virsh('domstate', NAME).trim();

/** Waits until `events` holds an entry for which `done` is true (events come asynchronously). */
async function until<T>(events: T[], done: (e: T) => boolean): Promise<void> {
  while (!events.some(done)) await new Promise((resolve) => setTimeout(resolve, 5));
}

describeDaemon('events on qemu:///system', () => {
  let hv: Hypervisor;

  beforeAll(async () => {
    requireDaemon();
    createImage(DISK);
    hv = await Hypervisor.connect('qemu:///system');
  });

  afterAll(async () => {
    removeGuest(NAME, [DISK]);
    await hv?.close();
  });

  it('delivers define, start, suspend, resume, destroy and undefine in order, as virsh sees them', async () => {
    const seen: EventMap['domain.lifecycle'][] = [];
    const sub = hv.on('domain.lifecycle', (e) => {
      if (e.domain.name === NAME) seen.push(e);
    });
    await sub.ready;
    const dom = await hv.domains.define(XML);
    expect(domstate()).toBe('shut off');
    await dom.start();
    await dom.waitFor('running', { timeoutMs: 60_000 });
    expect(domstate()).toBe('running');
    await dom.suspend();
    await dom.waitFor('paused', { timeoutMs: 60_000 });
    expect(domstate()).toBe('paused');
    await dom.resume();
    await dom.waitFor('running', { timeoutMs: 60_000 });
    expect(domstate()).toBe('running');
    await dom.destroy();
    await dom.waitFor('shutoff', { timeoutMs: 60_000 });
    expect(domstate()).toBe('shut off');
    await dom.undefine();
    expect(() => virsh('domstate', NAME)).toThrow();
    await until(seen, (e) => e.event === 'undefined');
    await sub.off();

    // QEMU adds steps of its own (resumed right after start, shutdown/host on destroy); the requested ones
    // arrive in this order with these details.
    const asked = seen
      .map((e) => `${e.event}/${e.detail}`)
      .filter((e) => !['resumed/unpaused', 'shutdown/host', 'shutdown/finished'].includes(e));
    expect(asked).toEqual([
      'defined/added',
      'started/booted',
      'suspended/paused',
      'stopped/destroyed',
      'undefined/removed',
    ]);
    // The resume after the suspend is there, between suspended and stopped.
    const order = seen.map((e) => e.event);
    const suspendedAt = order.indexOf('suspended');
    expect(order.indexOf('resumed', suspendedAt)).toBeGreaterThan(suspendedAt);
    expect(order.indexOf('resumed', suspendedAt)).toBeLessThan(order.indexOf('stopped'));
  });

  it('shutdown({ wait, forceAfterTimeout }) destroys a guest that ignores ACPI, without polling', async () => {
    const dom: Domain = await hv.domains.define(XML);
    try {
      await dom.start();
      const stopped = dom.once('domain.lifecycle', () => {});
      await stopped.ready;
      // SeaBIOS with no OS never answers the power button: the wait times out and the guest is destroyed.
      await dom.shutdown({ wait: true, timeoutMs: 1500, forceAfterTimeout: true });
      expect(domstate()).toBe('shut off');
      await stopped.off();
    } finally {
      await dom.undefine();
    }
  });

  it('applies keepAlive from Hypervisor.connect: a hung remote peer closes with reason keepalive', async () => {
    // A TCP relay to libvirtd that stops forwarding: the daemon looks hung, nothing else is disturbed.
    const pairs: [Socket, Socket][] = [];
    const relay = createServer((client) => {
      const daemon = connect(16509, '127.0.0.1');
      client.pipe(daemon).on('error', () => {});
      daemon.pipe(client).on('error', () => {});
      pairs.push([client, daemon]);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as { port: number }).port;
    const remote = await Hypervisor.connect(`qemu+tcp://127.0.0.1:${port}/system`, {
      keepAlive: { intervalSeconds: 1, count: 2 },
    });
    try {
      const reason = new Promise<CloseReason>((resolve) => remote.on('close', (e) => resolve(e.reason)));
      const stream = remote.events('domain.lifecycle');
      await stream.ready;
      expect(await remote.isAlive()).toBe(true);
      const frozenAt = performance.now();
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
      expect(await reason).toBe('keepalive');
      // Without reconnect nothing can arrive any more: iterations end.
      expect(await stream.next()).toEqual({ value: undefined, done: true });
      console.log(
        `[events] keepalive (1 s × 2) closed a hung peer after ${(performance.now() - frozenAt).toFixed(0)} ms`,
      );
    } finally {
      await remote.close();
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      relay.close();
    }
  });

  it('lets a process with daemon connections, subscriptions and an iterator exit after close() and on exit()', async () => {
    for (const mode of ['close', 'exit']) {
      const result = await runChild('events-exit-child.ts', [mode, DAEMON_URI], [], 60_000);
      expect(result.timedOut, mode).toBe(false);
      expect(result.code, `${mode}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(mode === 'close' ? 'closed' : 'subscribed');
    }
  });

  it('decodes graphics (address structs), tunable (typed parameters) and metadata events of a real guest', async () => {
    const withVnc = XML.replace(
      '</devices>',
      "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>",
    );
    const dom = await hv.domains.create(withVnc);
    const seen: string[] = [];
    let graphics: EventMap['domain.graphics'] | undefined;
    let tunable: EventMap['domain.tunable'] | undefined;
    const subs = [
      dom.on('domain.graphics', (e) => {
        graphics ??= e;
        seen.push(`graphics:${e.phase}`);
      }),
      dom.on('domain.tunable', (e) => {
        tunable ??= e;
        seen.push('tunable');
      }),
      dom.on('domain.metadata-change', (e) => seen.push(`metadata:${e.type}`)),
    ];
    try {
      await Promise.all(subs.map((s) => s.ready));
      const display = virsh('vncdisplay', NAME).trim(); // "127.0.0.1:0"
      const port = 5900 + Number(display.split(':').at(-1));
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const clientPort = socket.localPort;
      virsh('schedinfo', NAME, '--live', '--set', 'cpu_shares=512');
      virsh('desc', NAME, '--live', '--title', 'lvts-h13 title');
      while (
        !(seen.includes('graphics:connect') && seen.includes('tunable') && seen.includes('metadata:title'))
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      socket.destroy();
      expect(graphics).toMatchObject({
        domain: { name: NAME, uuid: dom.uuid },
        phase: 'connect',
        local: { family: 'ipv4', node: '127.0.0.1', service: String(port) },
        remote: { family: 'ipv4', node: '127.0.0.1' },
      });
      expect(graphics!.remote!.service).toBe(String(clientPort));
      expect(tunable!.params['cputune.cpu_shares']).toBe(512n);
    } finally {
      await Promise.all(subs.map((s) => s.off()));
      await dom.destroy();
    }
  });
});
