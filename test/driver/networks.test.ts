// hv.networks and Network on test:///default. virsh (its own test:///default instance) supplies the driver's
// initial state; networks this file defines use documentation addresses (192.0.2.0/24) and lvts-h11- names.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, LibvirtError, Network, NetworkBuilder } from '../../src/index.js';

const URI = 'test:///default';
const virsh = (...args: string[]): string =>
  execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8' });

async function libvirtCode(promise: Promise<unknown>): Promise<number> {
  const err = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LibvirtError);
  return (err as LibvirtError).code;
}

describe('networks on test:///default', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect(URI);
  });
  afterAll(async () => {
    for (const net of (await hv?.networks.list()) ?? []) {
      if (!net.name.startsWith('lvts-h11-')) continue;
      if (await net.isActive()) await net.stop();
      if (await net.isPersistent()) await net.undefine();
    }
    await hv?.close();
  });

  it('lists, gets and finds the default network by name and UUID as virsh reports it', async () => {
    const uuid = virsh('net-uuid', 'default').trim();
    const listed = await hv.networks.list();
    expect(listed.map((n) => [n.name, n.uuid])).toEqual([['default', uuid]]);
    expect(listed[0]).toBeInstanceOf(Network);
    expect((await hv.networks.get(uuid)).name).toBe('default');
    expect((await hv.networks.get('default')).uuid).toBe(uuid);
    expect(await hv.networks.find('lvts-h11-missing')).toBeUndefined();
    expect(await libvirtCode(hv.networks.get('lvts-h11-missing'))).toBe(ErrorCode.NO_NETWORK);
    expect(await hv.networks.count()).toBe(1);
  });

  it('reports state, bridge and the typed definition like virsh net-info / net-dumpxml', async () => {
    const net = await hv.networks.get('default');
    const info = virsh('net-info', 'default');
    expect(await net.bridgeName()).toBe(/Bridge:\s+(\S+)/.exec(info)?.[1]);
    expect(await net.isActive()).toBe(/Active:\s+yes/.test(info));
    expect(await net.isPersistent()).toBe(/Persistent:\s+yes/.test(info));
    expect(await net.getAutostart()).toBe(/Autostart:\s+yes/.test(info));
    const def = await net.definition();
    expect(def.name).toBe('default');
    expect(def.bridge?.name).toBe(await net.bridgeName());
    expect(await net.xml()).toContain('<name>default</name>');
    expect((await hv.networks.list({ active: true, persistent: true })).map((n) => n.name)).toEqual([
      'default',
    ]);
    expect(await hv.networks.list({ inactive: true })).toEqual([]);
    expect(await hv.networks.list({ autostart: true })).toEqual([]);
  });

  it('defines an isolated network, starts it, updates a DHCP host, stops and undefines it', async () => {
    const def = new NetworkBuilder('lvts-h11-iso')
      .bridge('lvh11iso0')
      .ip({ address: '192.0.2.1', prefix: 24, dhcp: { start: '192.0.2.100', end: '192.0.2.200' } })
      .build();
    const net = await hv.networks.define(def);
    expect([await net.isPersistent(), await net.isActive()]).toEqual([true, false]);
    expect((await hv.networks.list({ inactive: true })).map((n) => n.name)).toEqual(['lvts-h11-iso']);
    expect(await hv.networks.names()).toEqual(['default', 'lvts-h11-iso']);
    await net.start();
    expect(await net.isActive()).toBe(true);
    expect(await net.bridgeName()).toBe('lvh11iso0');
    await net.setAutostart(true);
    expect(await net.getAutostart()).toBe(true);

    await net.update('add-last', 'ip-dhcp-host', "<host mac='52:54:00:00:11:01' ip='192.0.2.101'/>", {
      live: true,
      config: true,
    });
    const hosts = async () => (await net.definition()).ips?.[0]?.dhcp?.hosts;
    expect(await hosts()).toEqual([{ mac: '52:54:00:00:11:01', ip: '192.0.2.101' }]);
    await net.update('modify', 'ip-dhcp-host', "<host mac='52:54:00:00:11:01' ip='192.0.2.102'/>", {
      live: true,
      config: true,
    });
    expect(await hosts()).toEqual([{ mac: '52:54:00:00:11:01', ip: '192.0.2.102' }]);
    await net.update('delete', 'ip-dhcp-host', "<host mac='52:54:00:00:11:01' ip='192.0.2.102'/>", {
      live: true,
      config: true,
    });
    expect(await hosts()).toBeUndefined();

    await net.stop();
    expect(await net.isActive()).toBe(false);
    await net.undefine();
    expect(await hv.networks.find('lvts-h11-iso')).toBeUndefined();
  });

  it('creates a transient network that disappears when stopped', async () => {
    const net = await hv.networks.create(new NetworkBuilder('lvts-h11-tmp').bridge('lvh11tmp0').build());
    expect([await net.isPersistent(), await net.isActive()]).toEqual([false, true]);
    expect((await hv.networks.list({ transient: true })).map((n) => n.name)).toEqual(['lvts-h11-tmp']);
    await net.stop();
    expect(await hv.networks.find('lvts-h11-tmp')).toBeUndefined();
  });

  it('rejects DHCP leases and ports with the typed error on a driver without them', async () => {
    const net = await hv.networks.get('default');
    expect(await libvirtCode(net.dhcpLeases())).toBe(ErrorCode.NO_SUPPORT);
    expect(await libvirtCode(net.ports.list())).toBe(ErrorCode.NO_SUPPORT);
    await expect(net.ports.get('nope')).rejects.toThrow(RangeError);
  });

  it('refuses bad arguments before reaching C', async () => {
    const net = await hv.networks.get('default');
    await expect(hv.networks.get('')).rejects.toThrow(TypeError);
    await expect(hv.networks.list({ running: true } as never)).rejects.toThrow(/unknown option 'running'/);
    await expect(hv.networks.define(null as never)).rejects.toThrow(TypeError);
    await expect(net.update('add' as never, 'ip-dhcp-host', '<host/>')).rejects.toThrow(
      /must be one of modify, delete, add-last, add-first/,
    );
    await expect(net.update('add-last', 'dhcp' as never, '<host/>')).rejects.toThrow(RangeError);
    await expect(net.update('add-last', 'ip-dhcp-host', '')).rejects.toThrow(TypeError);
    await expect(net.update('add-last', 'ip-dhcp-host', '<host/>', { parentIndex: -2 })).rejects.toThrow(
      RangeError,
    );
    await expect(net.dhcpLeases({ mac: 42 } as never)).rejects.toThrow(TypeError);
    await expect(net.setAutostart(1 as never)).rejects.toThrow(TypeError);
  });
});
