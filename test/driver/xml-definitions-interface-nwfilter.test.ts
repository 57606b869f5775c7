/**
 * Typed definitions through the object API on test:///default, whose interface driver (unlike the udev
 * backend of qemu:///system) defines interfaces: a bridge and a bond built with HostInterfaceBuilder are
 * defined, started, listed, read back typed with `definition()` and undefined; definitions that are neither
 * typed nor XML are refused before C. (The test driver has no storage pool capabilities: the daemon test
 * reads them.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { HostInterfaceBuilder, listUnknown } from '../../src/xml/index.js';

const URI = 'test:///default';
let hv: Hypervisor;
beforeAll(async () => {
  hv = await Hypervisor.connect(URI);
});
afterAll(async () => {
  await hv?.close();
});

describe('host interfaces from the builder on test:///default', () => {
  it('defines, starts, lists, reads back and undefines a bridge over an ethernet device', async () => {
    const def = HostInterfaceBuilder.bridge('lvts-xk-br0', { stp: false, delay: 0 })
      .member('lvts-xk-eth0')
      .startMode('onboot')
      .mtu(1500)
      .ip('203.0.113.5', 24)
      .gateway('203.0.113.1')
      .build();
    const iface = await hv.interfaces.define(def);
    expect(iface.name).toBe('lvts-xk-br0');
    expect(await iface.isActive()).toBe(false);
    await iface.start();
    expect(await iface.isActive()).toBe(true);
    expect((await hv.interfaces.list({ active: true })).map((i) => i.name)).toContain('lvts-xk-br0');

    const back = await iface.definition();
    expect(listUnknown(back)).toEqual([]);
    expect(back).toMatchObject({
      type: 'bridge',
      name: 'lvts-xk-br0',
      start: { mode: 'onboot' },
      mtu: { size: 1500 },
      protocols: [
        { family: 'ipv4', ips: [{ address: '203.0.113.5', prefix: 24 }], route: { gateway: '203.0.113.1' } },
      ],
      bridge: { stp: false, delay: 0, interfaces: [{ type: 'ethernet', name: 'lvts-xk-eth0' }] },
    });

    await iface.stop();
    await iface.undefine();
    expect(await hv.interfaces.find('lvts-xk-br0')).toBeUndefined();
  });

  it('defines a bond of two from the builder and reads it back', async () => {
    const def = HostInterfaceBuilder.bond('lvts-xk-bond0', {
      mode: 'active-backup',
      slaves: ['lvts-xk-eth1', 'lvts-xk-eth2'],
      miimon: { freq: 100 },
    })
      .startMode('none')
      .dhcp()
      .build();
    const iface = await hv.interfaces.define(def);
    const back = await iface.definition();
    expect(back.bond).toEqual({
      mode: 'active-backup',
      miimon: { freq: 100 },
      interfaces: [
        { type: 'ethernet', name: 'lvts-xk-eth1' },
        { type: 'ethernet', name: 'lvts-xk-eth2' },
      ],
    });
    expect(back.protocols).toEqual([{ family: 'ipv4', dhcp: {} }]);
    await iface.undefine();
  });

  it('refuses a definition that is neither typed nor XML before C', async () => {
    await expect(hv.interfaces.define(42 as never)).rejects.toThrow(TypeError);
    await expect(hv.interfaces.define('  ')).rejects.toThrow(TypeError);
    await expect(hv.nwfilters.define(null as never)).rejects.toThrow(TypeError);
    await expect(hv.nwfilterBindings.create([] as never)).rejects.toThrow(TypeError);
  });
});
