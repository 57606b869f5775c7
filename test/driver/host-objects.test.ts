// hv.interfaces, hv.nodeDevices and hv.secrets on test:///default. virsh (its own test:///default instance)
// supplies the driver's initial state. The test driver has no secrets: those calls must reject typed.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, Interface, LibvirtError, NodeDevice } from '../../src/index.js';

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

let hv: Hypervisor;
beforeAll(async () => {
  hv = await Hypervisor.connect(URI);
});
afterAll(async () => {
  await hv?.close();
});

describe('interfaces on test:///default', () => {
  it('lists and gets eth1 by name and MAC as virsh iface-list reports it', async () => {
    const row = virsh('iface-list', '--all')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find((cols) => cols[0] === 'eth1');
    const [, state, mac] = row as string[];
    const listed = await hv.interfaces.list();
    expect(listed.map((i) => [i.name, i.mac])).toEqual([['eth1', mac]]);
    expect(listed[0]).toBeInstanceOf(Interface);
    const byMac = await hv.interfaces.get(mac as string);
    expect(byMac.name).toBe('eth1');
    expect(await byMac.isActive()).toBe(state === 'active');
    expect(await byMac.xml()).toContain("name='eth1'");
    expect((await hv.interfaces.list({ active: true })).map((i) => i.name)).toEqual(['eth1']);
    expect(await hv.interfaces.list({ inactive: true })).toEqual([]);
    expect(await hv.interfaces.count()).toBe(1);
    expect(await hv.interfaces.names()).toEqual(['eth1']);
    expect(await hv.interfaces.find('lvts-h11-none')).toBeUndefined();
    expect(await libvirtCode(hv.interfaces.get('lvts-h11-none'))).toBe(ErrorCode.NO_INTERFACE);
  });

  it('defines, starts and stops an interface, and a rollback undoes a definition', async () => {
    const xml = (name: string, mac: string) =>
      `<interface type='ethernet' name='${name}'><start mode='onboot'/><mac address='${mac}'/></interface>`;
    const iface = await hv.interfaces.define(xml('lvts-h11-eth0', '52:54:00:11:00:01'));
    expect([iface.name, iface.mac, await iface.isActive()]).toEqual([
      'lvts-h11-eth0',
      '52:54:00:11:00:01',
      false,
    ]);
    await iface.start();
    expect(await iface.isActive()).toBe(true);
    await iface.stop();
    await iface.undefine();
    expect(await hv.interfaces.find('lvts-h11-eth0')).toBeUndefined();

    await hv.interfaces.beginChanges();
    await hv.interfaces.define(xml('lvts-h11-eth1', '52:54:00:11:00:02'));
    expect((await hv.interfaces.get('52:54:00:11:00:02')).name).toBe('lvts-h11-eth1');
    await hv.interfaces.rollbackChanges();
    expect(await hv.interfaces.find('lvts-h11-eth1')).toBeUndefined();

    await hv.interfaces.beginChanges();
    const kept = await hv.interfaces.define(xml('lvts-h11-eth2', '52:54:00:11:00:03'));
    await hv.interfaces.commitChanges();
    expect((await hv.interfaces.get('lvts-h11-eth2')).mac).toBe('52:54:00:11:00:03');
    await kept.undefine();
  });

  it('refuses bad arguments before reaching C', async () => {
    await expect(hv.interfaces.get('')).rejects.toThrow(TypeError);
    await expect(hv.interfaces.define('')).rejects.toThrow(TypeError);
    await expect(hv.interfaces.list({ up: true } as never)).rejects.toThrow(/unknown option 'up'/);
  });
});

describe('node devices on test:///default', () => {
  it('lists devices whose names and parents virsh nodedev-dumpxml confirms, with capabilities', async () => {
    // virsh nodedev-list asks for active devices, a flag the test driver refuses: each device is checked alone.
    const devices = await hv.nodeDevices.list();
    expect(devices.map((d) => d.name)).toContain('computer');
    for (const d of devices) {
      expect(d).toBeInstanceOf(NodeDevice);
      const xml = virsh('nodedev-dumpxml', d.name);
      expect(xml).toContain(`<name>${d.name}</name>`);
      expect(await d.parentName()).toBe(/<parent>([^<]+)<\/parent>/.exec(xml)?.[1]);
    }
    expect(await hv.nodeDevices.count()).toBe(devices.length);
    const computer = await hv.nodeDevices.get('computer');
    expect(await computer.parentName()).toBeUndefined();
    expect(await computer.parent()).toBeUndefined();
    expect(await computer.capabilities()).toEqual(['system']);
    const host1 = await hv.nodeDevices.get('scsi_host1');
    expect(await host1.parentName()).toBe('computer');
    expect((await host1.parent())?.name).toBe('computer');
    expect(await host1.capabilities()).toEqual(['scsi_host']);
    const def = await host1.definition();
    expect(def.name).toBe('scsi_host1');
    expect(def.capabilities?.[0]?.type).toBe('scsi_host');
    expect(await hv.nodeDevices.find('lvts-h11-none')).toBeUndefined();
    expect(await libvirtCode(hv.nodeDevices.get('lvts-h11-none'))).toBe(ErrorCode.NO_NODE_DEVICE);
  });

  it('filters by capability name', async () => {
    const all = (await hv.nodeDevices.list()).map((d) => d.name);
    const hosts = (await hv.nodeDevices.list({ capability: 'scsi_host' })).map((d) => d.name);
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.every((n) => n.startsWith('scsi_host'))).toBe(true);
    expect(
      (await hv.nodeDevices.list({ capability: ['system', 'scsi_host'] })).map((d) => d.name).sort(),
    ).toEqual(all.sort());
    expect(await hv.nodeDevices.list({ capability: 'pci' })).toEqual([]);
    expect((await hv.nodeDevices.names()).sort()).toEqual(all);
    expect((await hv.nodeDevices.names({ capability: 'scsi_host' })).sort()).toEqual(hosts.sort());
    expect(await hv.nodeDevices.count({ capability: 'scsi_host' })).toBe(hosts.length);
  });

  it('creates a vHBA on an FC host and destroys it', async () => {
    const vhba = await hv.nodeDevices.create(
      "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>" +
        '<wwnn>2001001122334455</wwnn><wwpn>1001001122334455</wwpn></capability></capability></device>',
    );
    expect(await vhba.parentName()).toBe('scsi_host1');
    const def = await vhba.definition();
    expect(def.capabilities?.[0]?.capabilities?.[0]).toMatchObject({
      type: 'fc_host',
      wwnn: '2001001122334455',
      wwpn: '1001001122334455',
    });
    await vhba.stop();
    expect(await hv.nodeDevices.find(vhba.name)).toBeUndefined();
  });

  it('refuses bad arguments before reaching C', async () => {
    await expect(hv.nodeDevices.list({ capability: 'gpu' } as never)).rejects.toThrow(
      /must be one of system, pci/,
    );
    await expect(hv.nodeDevices.list({ capability: 7 } as never)).rejects.toThrow(TypeError);
    await expect(hv.nodeDevices.get('')).rejects.toThrow(TypeError);
    await expect(hv.nodeDevices.getScsiHostByWwn('', 'x')).rejects.toThrow(TypeError);
    const computer = await hv.nodeDevices.get('computer');
    await expect(computer.detach({ driver: 1 } as never)).rejects.toThrow(TypeError);
  });
});

describe('secrets on test:///default', () => {
  it('rejects with NO_SUPPORT: the test driver has no secret driver', async () => {
    expect(await libvirtCode(hv.secrets.list())).toBe(ErrorCode.NO_SUPPORT);
    expect(await libvirtCode(hv.secrets.count())).toBe(ErrorCode.NO_SUPPORT);
  });

  it('refuses bad keys and definitions before reaching C', async () => {
    await expect(hv.secrets.get('not-a-uuid')).rejects.toThrow(RangeError);
    await expect(hv.secrets.get({ usage: 'none', id: 'x' } as never)).rejects.toThrow(RangeError);
    await expect(hv.secrets.get({ usage: 'volume', id: '' })).rejects.toThrow(TypeError);
    await expect(hv.secrets.find({ usage: 'ceph', id: 'x', extra: 1 } as never)).rejects.toThrow(
      /unknown option 'extra'/,
    );
    await expect(hv.secrets.define(3 as never)).rejects.toThrow(TypeError);
    await expect(hv.secrets.list({ ephemeral: 'no' } as never)).rejects.toThrow(TypeError);
  });
});
