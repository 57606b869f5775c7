// Connection health against a real libvirtd: killing it with open connections delivers 'close' (time printed),
// and after it is started again a reconnecting Hypervisor delivers events on its old subscriptions and its old
// Domain, pool, volume, network, port and secret objects work. This file stops the shared libvirtd for a moment:
// it restarts it in `finally`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type CloseReason,
  type Domain,
  type DomainSnapshot,
  Hypervisor,
  type Interface,
  type Network,
  NetworkBuilder,
  type NetworkPort,
  type NodeDevice,
  type NWFilter,
  type Secret,
  type StoragePool,
  StoragePoolBuilder,
  type StorageVolume,
  StorageVolumeBuilder,
} from '../../src/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const NAME = `lvts-h13-rc-${process.pid}`;
const DISK = `/var/lib/libvirt/images/${NAME}.qcow2`;
const XML = `<domain type='qemu'>
  <name>${NAME}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${DISK}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>`;

// Objects other than domains that must survive the restart too.
const POOL = `lvts-h17-pool-${process.pid}`;
const NET = `lvts-h17-net-${process.pid}`;
const VOLUME_BYTES = 1024 * 1024;
const SECRET_VALUE = 'lvts-h17 passphrase';
const SNAPSHOT = 'lvts-h17-snap';
const FILTER = `lvts-h17-filter-${process.pid}`;
const FILTER_XML = `<filter name='${FILTER}' chain='root'>
  <rule action='accept' direction='out' priority='500'><all/></rule>
</filter>`;

const PID_FILE = '/run/libvirtd.pid';

/** Runs virsh for cleanup, where the object may already be gone. */
function quietly(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // already gone
  }
}

/** `virsh <command>` output's "Key: value" lines as a map. */
function fields(...args: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of virsh(...args).split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) map.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return map;
}

/** The main libvirtd's pid, from its pid file: other tests may run a second libvirtd with its own. */
function libvirtdPid(): number | undefined {
  try {
    const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Starts the main libvirtd again as scripts/setup-libvirtd.sh does. Not through the script: it checks
 * `pgrep -x libvirtd`, which also matches a second daemon, and would then start nothing.
 */
function startLibvirtd(): void {
  execFileSync('libvirtd', ['-d', '--listen'], { stdio: 'pipe', timeout: 60_000 });
  for (let i = 0; i < 300; i++) {
    try {
      virsh('version');
      return;
    } catch {
      execFileSync('sleep', ['0.1']);
    }
  }
  throw new Error('libvirtd did not answer after restart');
}

/** Resolves with the first value `subscribe` hands its callback; rejects after `ms` (a hang guard, not a bound). */
function next<T>(subscribe: (fn: (value: T) => void) => void, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not arrive within ${ms} ms`)), ms);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describeDaemon('reconnect after libvirtd restarts', () => {
  let local: Hypervisor;
  let remote: Hypervisor;
  let dom: Domain;
  let work: string;
  let pool: StoragePool;
  let volume: StorageVolume;
  let net: Network;
  let port: NetworkPort;
  let secret: Secret;
  let snapshot: DomainSnapshot;
  let filter: NWFilter;
  let device: NodeDevice;
  let iface: Interface;

  beforeAll(async () => {
    requireDaemon();
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '16M']);
    const reconnect = { initialDelayMs: 100, maxDelayMs: 1000 };
    local = await Hypervisor.connect('qemu:///system', { reconnect });
    // Remote: keepalive is on by default (5 s × 5).
    remote = await Hypervisor.connect('qemu+tcp://127.0.0.1/system', { reconnect });
    dom = await local.domains.define(XML);
    // An internal snapshot of the shut-off guest's qcow2: an object of the domain, not of the connection.
    snapshot = await dom.snapshots.create({ name: SNAPSHOT });

    work = mkdtempSync(join(tmpdir(), 'lvts-h17-'));
    pool = await local.pools.define(new StoragePoolBuilder(POOL, 'dir').target(join(work, 'pool')).build());
    await pool.build();
    await pool.start();
    volume = await pool.volumes.create(
      new StorageVolumeBuilder('held.img').capacity(VOLUME_BYTES).format('raw').build(),
    );
    // Isolated (no forward) and without an IP: started, it is a bare bridge.
    net = await local.networks.define(new NetworkBuilder(NET).build());
    await net.start();
    port = await net.ports.create({
      owner: { name: `${NET}-owner`, uuid: '0c7f2d5e-1b7a-4f0e-9d3c-5a2b8e6f4d17' },
      mac: { address: '52:54:00:aa:17:01' },
    });
    secret = await local.secrets.define({
      ephemeral: false,
      private: false,
      usage: { type: 'volume', volume: join(work, 'secret-user.img') },
    });
    await secret.setValue(SECRET_VALUE);
    filter = await local.nwfilters.define(FILTER_XML);
    // Host objects found by name: the root node device, and the first running host interface.
    device = await local.nodeDevices.get('computer');
    // `iface-list` has no --name: the first column of the first row after the header and rule.
    const ifaceName = virsh('iface-list').split('\n')[2]?.trim().split(/\s+/)[0];
    expect(ifaceName).toBeTruthy();
    iface = await local.interfaces.get(ifaceName!);
  });

  afterAll(async () => {
    if (!libvirtdPid()) startLibvirtd();
    try {
      virsh('destroy', NAME);
    } catch {
      // not running
    }
    quietly('snapshot-delete', NAME, SNAPSHOT);
    try {
      virsh('undefine', NAME);
    } catch {
      // already gone
    }
    quietly('net-destroy', NET);
    quietly('net-undefine', NET);
    quietly('pool-destroy', POOL);
    quietly('pool-undefine', POOL);
    if (secret) quietly('secret-undefine', secret.uuid);
    quietly('nwfilter-undefine', FILTER);
    await local?.close();
    await remote?.close();
    rmSync(DISK, { force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('delivers close on kill, reconnects, and old subscriptions and objects keep working', async () => {
    const lifecycle: string[] = [];
    const remoteLifecycle: string[] = [];
    const sub = local.on('domain.lifecycle', (e) => {
      if (e.domain.name === NAME) lifecycle.push(`${e.event}/${e.detail}`);
    });
    const domSub = dom.on('domain.lifecycle', (e) => remoteLifecycle.push(`dom:${e.event}`));
    const remoteSub = remote.on('domain.lifecycle', (e) => {
      if (e.domain.name === NAME) remoteLifecycle.push(`remote:${e.event}`);
    });
    await Promise.all([sub.ready, domSub.ready, remoteSub.ready]);

    const closes = {
      local: next<CloseReason>((fn) => local.once('close', (e) => fn(e.reason)), 30_000, 'local close'),
      remote: next<CloseReason>((fn) => remote.once('close', (e) => fn(e.reason)), 30_000, 'remote close'),
    };
    const reconnected = Promise.all([
      next<number>((fn) => local.once('reconnect', (e) => fn(e.attempt)), 90_000, 'local reconnect'),
      next<number>((fn) => remote.once('reconnect', (e) => fn(e.attempt)), 90_000, 'remote reconnect'),
    ]);

    const pid = libvirtdPid();
    expect(pid).toBeDefined();
    const killedAt = performance.now();
    try {
      process.kill(pid!, 'SIGKILL');
      const [localReason, remoteReason] = await Promise.all([
        closes.local.then((r) => [r, performance.now() - killedAt] as const),
        closes.remote.then((r) => [r, performance.now() - killedAt] as const),
      ]);
      console.log(
        `[reconnect] close after kill: qemu:///system ${localReason[0]} in ${localReason[1].toFixed(1)} ms, ` +
          `qemu+tcp ${remoteReason[0]} in ${remoteReason[1].toFixed(1)} ms`,
      );
      // A killed peer: EOF on the unix socket; over TCP the reset may surface as an I/O error first.
      expect(localReason[0]).toBe('eof');
      expect(['eof', 'error']).toContain(remoteReason[0]);
    } finally {
      startLibvirtd();
    }
    const restartedAt = performance.now();
    const attempts = await reconnected;
    console.log(
      `[reconnect] reconnected ${(performance.now() - restartedAt).toFixed(0)} ms after libvirtd answered, attempts ${attempts.join('/')}`,
    );

    // The Domain made before the restart works: it was re-resolved by UUID on the new connection.
    expect((await dom.info()).state).toBe('shutoff');
    await dom.start();
    expect(virsh('domstate', NAME).trim()).toBe('running');
    await dom.destroy();
    expect(virsh('domstate', NAME).trim()).toBe('shut off');
    // A collection held from before the restart works too.
    expect((await local.domains.get(NAME)).uuid).toBe(dom.uuid);

    // The snapshot was looked up again under the domain's new handle.
    expect(await snapshot.isCurrent()).toBe(true);
    expect(virsh('snapshot-current', '--name', NAME).trim()).toBe(SNAPSHOT);
    expect(await snapshot.xml()).toContain(`<name>${SNAPSHOT}</name>`);
    await snapshot.delete();
    expect(virsh('snapshot-list', '--name', NAME).trim()).toBe('');

    // The pool, its volume, the network, its port and the secret were re-resolved too (ports after their
    // network); each answers as libvirtd reports it.
    expect((await pool.info()).state).toBe('running');
    expect(fields('pool-info', POOL).get('State')).toBe('running');
    expect(await pool.isActive()).toBe(true);
    expect(await pool.xml()).toContain(`<uuid>${virsh('pool-uuid', POOL).trim()}</uuid>`);
    expect((await pool.volumes.list()).map((v) => v.name)).toEqual(['held.img']);
    expect((await local.pools.get(POOL)).uuid).toBe(pool.uuid);

    expect((await volume.info()).capacity).toBe(VOLUME_BYTES);
    await volume.resize(2 * VOLUME_BYTES);
    expect(fields('vol-info', '--bytes', '--pool', POOL, 'held.img').get('Capacity')).toBe(
      `${2 * VOLUME_BYTES} bytes`,
    );
    expect(await volume.xml()).toContain(`<key>${volume.key}</key>`);

    expect(await net.isActive()).toBe(true);
    expect(await net.bridgeName()).toBe(fields('net-info', NET).get('Bridge'));
    expect(await net.xml()).toContain(`<name>${NET}</name>`);
    expect(await port.xml()).toContain(`<uuid>${port.uuid}</uuid>`);
    expect((await net.ports.list()).map((p) => p.uuid)).toEqual([port.uuid]);
    expect(virsh('net-port-list', NET)).toContain(port.uuid);
    await port.delete();
    expect(virsh('net-port-list', NET)).not.toContain(port.uuid);
    await net.stop();
    expect(fields('net-info', NET).get('Active')).toBe('no');
    expect((await local.networks.get(NET)).uuid).toBe(net.uuid);

    expect((await secret.getValue()).toString('utf8')).toBe(SECRET_VALUE);
    await secret.setValue(`${SECRET_VALUE} 2`);
    expect(Buffer.from(virsh('secret-get-value', secret.uuid).trim(), 'base64').toString('utf8')).toBe(
      `${SECRET_VALUE} 2`,
    );
    expect((await local.secrets.get(secret.uuid)).uuid).toBe(secret.uuid);

    expect(await filter.xml()).toContain(`<uuid>${filter.uuid}</uuid>`);
    await filter.undefine();
    expect(virsh('nwfilter-list')).not.toContain(FILTER);
    expect((await device.xml()).trim()).toBe(virsh('nodedev-dumpxml', 'computer').trim());
    expect(await iface.isActive()).toBe(true);
    expect(await iface.xml()).toContain(`name='${iface.name}'`);

    await dom.waitFor('shutoff', { timeoutMs: 30_000 });
    const stoppedSeen = () =>
      lifecycle.includes('stopped/destroyed') &&
      remoteLifecycle.includes('dom:stopped') &&
      remoteLifecycle.includes('remote:stopped');
    while (!stoppedSeen()) await new Promise((r) => setTimeout(r, 10));
    // QEMU adds its own steps (resumed after the paused start, shutdown/host on destroy); the ones asked for
    // arrive in order.
    expect(lifecycle.filter((e) => /^(started|stopped)\//.test(e))).toEqual([
      'started/booted',
      'stopped/destroyed',
    ]);
    const ordered = (prefix: string) =>
      remoteLifecycle.filter((e) => e === `${prefix}:started` || e === `${prefix}:stopped`);
    expect(ordered('dom')).toEqual(['dom:started', 'dom:stopped']);
    expect(ordered('remote')).toEqual(['remote:started', 'remote:stopped']);
    await Promise.all([sub.off(), domSub.off(), remoteSub.off()]);
  });
});
