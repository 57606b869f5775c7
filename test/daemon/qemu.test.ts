// libvirt-qemu on qemu:///system with a tiny TCG guest: monitor commands (QMP parsed, HMP text), QEMU monitor
// events through hv.on / dom.on / events() with libvirt's event-name, regex and nocase filters, and a raw agent
// command on a guest without an agent (a typed error).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executor } from '../../native/executor/index.js';
import { Domain, Hypervisor, LibvirtError, type QemuMonitorEvent } from '../../src/index.js';
import { call, fromRaw, toRaw } from '../../src/raw.js';
import { NetworkBuilder } from '../../src/xml/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-qemu-mon-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
const NETS = [`lvts-qemu-na-${process.pid}`, `lvts-qemu-nb-${process.pid}`];

function removeNetworks(): void {
  for (const net of NETS) {
    try {
      virsh('net-destroy', net);
    } catch {
      // not there
    }
  }
}

/** The daemon's clients opened by this process, as libvirtd itself counts them (virt-admin, as root). */
function ourDaemonClients(): number {
  const admin = (...args: string[]) => execFileSync('virt-admin', args, { encoding: 'utf8', stdio: 'pipe' });
  const ids = admin('srv-clients-list', 'libvirtd')
    .split('\n')
    .map((line) => /^\s*(\d+)\s/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  let ours = 0;
  for (const id of ids) {
    try {
      if (new RegExp(`unix_process_id\\s*:\\s*${process.pid}\\b`).test(admin('client-info', 'libvirtd', id)))
        ours++;
    } catch {
      // The client left between the list and the query.
    }
  }
  return ours;
}

/** Waits (no timing assumption: the test's own timeout bounds it) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describeDaemon('libvirt-qemu on qemu:///system', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    requireDaemon();
    removeGuest(NAME, [DISK]);
    createImage(DISK);
    hv = await Hypervisor.connect('qemu:///system');
    dom = await hv.domains.create(tinyGuestXml(NAME, DISK));
    await dom.waitFor('running', { timeoutMs: 60_000 });
  }, 120_000);

  afterAll(async () => {
    removeGuest(NAME, [DISK]);
    removeNetworks();
    await hv?.close();
  });

  it('monitorCommand: QMP as text or object, parsed; HMP as text', async () => {
    const reply = (await dom.qemu.monitorCommand('{"execute": "query-status"}')) as {
      return: { status: string; running: boolean };
    };
    expect(reply.return.status).toBe('running');
    expect(reply.return.running).toBe(true);
    const again = (await dom.qemu.monitorCommand({ execute: 'query-status' })) as typeof reply;
    expect(again.return.status).toBe('running');
    const text = await dom.qemu.monitorCommand('info status', { hmp: true });
    expect(typeof text).toBe('string');
    expect(text).toMatch(/VM status: running/);
    // A command QEMU refuses comes back as QEMU's error reply.
    const refused = (await dom.qemu.monitorCommand({ execute: 'lvts-no-such-command' })) as {
      error?: { class: string };
    };
    expect(refused.error?.class).toBe('CommandNotFound');
  });

  it("delivers QEMU monitor events ('qemu.monitor'), filtered by name, regex and nocase", async () => {
    const all: QemuMonitorEvent[] = [];
    const exact: QemuMonitorEvent[] = [];
    const pattern: QemuMonitorEvent[] = [];
    const nocase: QemuMonitorEvent[] = [];
    const subs = [
      hv.on('qemu.monitor', (e) => {
        if (e.domain.name === NAME) all.push(e);
      }),
      dom.on('qemu.monitor', (e) => exact.push(e), { event: 'STOP' }),
      hv.on('qemu.monitor', (e) => pattern.push(e), { event: '^(STOP|RESUME)$', regex: true }),
      dom.on('qemu.monitor', (e) => nocase.push(e), { event: 'resume', nocase: true }),
    ];
    await Promise.all(subs.map((s) => s.ready));
    const iterator = hv.events('qemu.monitor', { domain: dom, event: 'RESUME' });
    await iterator.ready;

    await dom.suspend();
    await until(() => exact.length >= 1);
    expect(virsh('domstate', NAME).trim()).toBe('paused');
    await dom.resume();
    const resumed = await iterator.next();
    await until(() => nocase.length >= 1 && pattern.length >= 2 && all.some((e) => e.event === 'RESUME'));

    expect(resumed.done).toBe(false);
    expect(resumed.value?.event).toBe('RESUME');
    expect(resumed.value?.domain).toEqual({ name: NAME, uuid: dom.uuid });
    const stop = exact[0]!;
    expect(stop.event).toBe('STOP');
    expect(stop.domain.uuid).toBe(dom.uuid);
    expect(stop.seconds).toBeGreaterThan(1_600_000_000);
    expect(stop.micros).toBeGreaterThanOrEqual(0);
    expect(stop.micros).toBeLessThan(1_000_000);
    expect(exact.every((e) => e.event === 'STOP')).toBe(true);
    expect(nocase.every((e) => e.event === 'RESUME')).toBe(true);
    expect(pattern.filter((e) => e.domain.name === NAME).map((e) => e.event)).toEqual(['STOP', 'RESUME']);
    expect(all.map((e) => e.event)).toEqual(expect.arrayContaining(['STOP', 'RESUME']));

    await iterator.return?.();
    await Promise.all(subs.map((s) => s.off()));
  });

  it('a monitor event with data: details parsed from JSON', async () => {
    const seen: QemuMonitorEvent[] = [];
    const sub = dom.on('qemu.monitor', (e) => seen.push(e), { event: 'BALLOON_CHANGE|STOP', regex: true });
    await sub.ready;
    await dom.suspend();
    await until(() => seen.length >= 1);
    await dom.resume();
    await sub.off();
    // STOP carries no data: details stay undefined; the name filter passed nothing else.
    expect(seen[0]!.event).toBe('STOP');
    expect(seen[0]!.details).toBeUndefined();
  });

  it('a raw-only function on a Domain of the object API, with no second connection', async () => {
    const opened: string[] = [];
    const original = executor.call.bind(executor);
    executor.call = ((fn: string, ...rest: unknown[]) => {
      if (fn.startsWith('virConnectOpen')) opened.push(fn);
      return (original as (...a: unknown[]) => unknown)(fn, ...rest);
    }) as typeof executor.call;
    try {
      const clients = ourDaemonClients();
      expect(clients).toBeGreaterThanOrEqual(1);
      // virDomainGetUUID (16 raw bytes) is reachable through libvirt-ts/raw only.
      const bytes = await call('virDomainGetUUID', toRaw(dom));
      expect(Buffer.from(bytes).toString('hex')).toBe(dom.uuid.replaceAll('-', ''));
      expect(await call('virDomainGetConnect', toRaw(dom))).toBe(toRaw(hv));
      // A handle call() returned, wrapped back into a Domain that owns its own reference.
      const raw = await call('virDomainLookupByName', toRaw(hv), NAME);
      const wrapped = await fromRaw(hv, raw, Domain);
      await raw.free();
      expect(wrapped.uuid).toBe(dom.uuid);
      expect((await wrapped.state()).state).toBe('running');
      await wrapped.free();
      expect(opened).toEqual([]);
      expect(ourDaemonClients()).toBe(clients);
    } finally {
      executor.call = original;
    }
  });

  it("network.ports.fromRaw wraps a port of that network and refuses another network's", async () => {
    removeNetworks();
    const [a, b] = [
      await hv.networks.create(new NetworkBuilder(NETS[0]!).build()),
      await hv.networks.create(new NetworkBuilder(NETS[1]!).build()),
    ];
    const port = await a.ports.create({
      owner: { name: `${NETS[0]}-owner`, uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a17' },
      mac: { address: '52:54:00:aa:17:01' },
    });
    const raw = await call('virNetworkPortLookupByUUIDString', toRaw(a), port.uuid);
    await expect(b.ports.fromRaw(raw)).rejects.toThrow(/belongs to another parent/);
    const wrapped = await a.ports.fromRaw(raw);
    await raw.free();
    expect(wrapped.uuid).toBe(port.uuid);
    expect(virsh('net-port-list', NETS[0]!)).toContain(wrapped.uuid);
    await wrapped.delete();
    await port.free();
    await a.stop();
    await b.stop();
  });

  it('qemu.agentCommand without an agent rejects with a typed error', async () => {
    const err = await dom.qemu.agentCommand({ execute: 'guest-ping' }, { timeout: 'nowait' }).catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    // No agent channel in the guest: libvirt says the agent is not configured (or not connected).
    expect(['ARGUMENT_UNSUPPORTED', 'AGENT_UNRESPONSIVE', 'OPERATION_INVALID']).toContain(
      (err as LibvirtError).codeName,
    );
  });
});
