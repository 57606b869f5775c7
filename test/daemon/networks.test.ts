// Networks on a real libvirtd (qemu:///system): an isolated network — a bridge with NO IP address — goes through
// define → start → bridgeName → autostart → stop → undefine, and a transient one through create → stop; after
// each step virsh (and the host's /sys/class/net) says independently what libvirtd now holds. Networks that carry
// documentation-range addresses are only defined and updated, never started.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, LibvirtError, NetworkBuilder } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const PREFIX = 'lvts-h11-';

function netInfo(name: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of virsh('net-info', name).split('\n')) {
    const m = /^([^:]+):\s+(.*)$/.exec(line);
    if (m) map.set((m[1] as string).trim(), (m[2] as string).trim());
  }
  return map;
}

const netNames = (): string[] =>
  virsh('net-list', '--all', '--name')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

function removeNetworks(): void {
  for (const name of netNames().filter((n) => n.startsWith(PREFIX))) {
    for (const cmd of ['net-destroy', 'net-undefine']) {
      try {
        virsh(cmd, name);
      } catch {
        // not running / transient
      }
    }
  }
}

describeDaemon('networks on a real libvirtd', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    requireDaemon();
    removeNetworks();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    removeNetworks();
  });

  it('runs an isolated network without addresses through define, start, stop and undefine', async () => {
    const net = await hv.networks.define(new NetworkBuilder(`${PREFIX}iso`).build(), { validate: true });
    expect(net.uuid).toBe(virsh('net-uuid', `${PREFIX}iso`).trim());
    expect(netInfo(`${PREFIX}iso`).get('Active')).toBe('no');
    expect(await net.isPersistent()).toBe(true);
    // Other networks may come and go meanwhile (parallel test runs): check this one is named.
    expect(await hv.networks.names()).toContain(`${PREFIX}iso`);
    const def = await net.definition();
    expect([def.forward, def.ips]).toEqual([undefined, undefined]);

    await net.start();
    const info = netInfo(`${PREFIX}iso`);
    expect(info.get('Active')).toBe('yes');
    const bridge = await net.bridgeName();
    expect(bridge).toBe(info.get('Bridge'));
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(true);
    expect(await net.isActive()).toBe(true);
    // No IP, so no dnsmasq and no leases.
    expect(await net.dhcpLeases()).toEqual([]);

    await net.setAutostart(true);
    expect(netInfo(`${PREFIX}iso`).get('Autostart')).toBe('yes');
    expect((await hv.networks.list({ autostart: true })).map((n) => n.name)).toContain(`${PREFIX}iso`);
    await net.setAutostart(false);
    expect(await net.getAutostart()).toBe(false);

    await net.stop();
    expect(netInfo(`${PREFIX}iso`).get('Active')).toBe('no');
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
    await net.undefine();
    expect(netNames()).not.toContain(`${PREFIX}iso`);
    const err = await hv.networks.get(`${PREFIX}iso`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_NETWORK);
  });

  it('adds a port to a running isolated network, changes its bandwidth and deletes it', async () => {
    const net = await hv.networks.create(new NetworkBuilder(`${PREFIX}ports`).build());
    try {
      const owner = { name: `${PREFIX}owner`, uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a79' };
      const port = await net.ports.create({
        owner,
        mac: { address: '52:54:00:aa:11:01' },
        bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 } },
      });
      const portList = () => virsh('net-port-list', `${PREFIX}ports`);
      expect(portList()).toContain(port.uuid);
      expect((await net.ports.list()).map((p) => p.uuid)).toEqual([port.uuid]);
      expect((await net.ports.get(port.uuid)).uuid).toBe(port.uuid);
      expect(await port.bandwidth()).toEqual({ inbound: { average: 1000, peak: 2000, burst: 512 } });
      expect((await port.definition()).owner).toEqual(owner);

      await port.setBandwidth({ inbound: { average: 3000 }, outbound: { average: 500 } });
      const xml = virsh('net-port-dumpxml', `${PREFIX}ports`, port.uuid);
      expect(xml).toMatch(/<inbound average='3000'\/>/);
      expect(xml).toMatch(/<outbound average='500'\/>/);
      await expect(port.setBandwidth({ inbound: { average: -1 } })).rejects.toThrow(RangeError);

      await port.delete();
      expect(portList()).not.toContain(port.uuid);
      expect(await net.ports.find(port.uuid)).toBeUndefined();
      const err = await net.ports.get(port.uuid).catch((e: unknown) => e);
      expect((err as LibvirtError).code).toBe(ErrorCode.NO_NETWORK_PORT);
      await expect(net.ports.get('not-a-uuid')).rejects.toThrow(RangeError);
    } finally {
      await net.stop();
    }
  });

  it('creates a transient isolated network that is gone once stopped', async () => {
    const net = await hv.networks.create(new NetworkBuilder(`${PREFIX}tmp`).build());
    expect(netInfo(`${PREFIX}tmp`).get('Persistent')).toBe('no');
    expect(await net.bridgeName()).toBe(netInfo(`${PREFIX}tmp`).get('Bridge'));
    await net.stop();
    expect(netNames()).not.toContain(`${PREFIX}tmp`);
  });

  it('updates the DHCP hosts of a defined (not started) network with documentation addresses', async () => {
    const net = await hv.networks.define(
      new NetworkBuilder(`${PREFIX}dhcp`)
        .ip({ address: '192.0.2.1', prefix: 24, dhcp: { start: '192.0.2.100', end: '192.0.2.200' } })
        .build(),
    );
    try {
      await net.update('add-last', 'ip-dhcp-host', "<host mac='52:54:00:00:11:01' ip='192.0.2.101'/>", {
        config: true,
      });
      expect(virsh('net-dumpxml', '--inactive', `${PREFIX}dhcp`)).toContain(
        "<host mac='52:54:00:00:11:01' ip='192.0.2.101'/>",
      );
      await net.update('delete', 'ip-dhcp-host', "<host mac='52:54:00:00:11:01'/>", { config: true });
      expect(virsh('net-dumpxml', '--inactive', `${PREFIX}dhcp`)).not.toContain('52:54:00:00:11:01');
      expect(await net.isActive()).toBe(false);
    } finally {
      await net.undefine();
    }
  });
});
