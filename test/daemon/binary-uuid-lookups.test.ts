/**
 * Lookups by a UUID's 16 raw bytes on qemu:///system (virNetworkLookupByUUID, virNetworkPortLookupByUUID,
 * virDomainLookupByUUID): the bytes of the UUID virsh reports find the same object. A transient isolated
 * network (a bridge with no IP) and a port on it, named lvts-h16-*, removed also after a failure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, type LibvirtError } from '../../src/index.js';
import { NetworkBuilder } from '../../src/xml/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const NET = `lvts-h16-uuid-${process.pid}`;
const bytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');

describeDaemon('lookups by binary UUID on qemu:///system', () => {
  let hv: Hypervisor;

  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    try {
      virsh('net-destroy', NET);
    } catch {
      // already gone
    }
  });

  it('finds a network and its port by the bytes of the UUIDs virsh reports', async () => {
    const net = await hv.networks.create(new NetworkBuilder(NET).build());
    const netUuid = virsh('net-uuid', NET).trim();
    expect((await hv.networks.get(bytes(netUuid))).name).toBe(NET);

    const port = await net.ports.create({
      owner: { name: `${NET}-owner`, uuid: '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a16' },
      mac: { address: '52:54:00:aa:16:01' },
    });
    const listed = virsh('net-port-list', NET);
    expect(listed).toContain(port.uuid);
    expect((await net.ports.get(bytes(port.uuid))).uuid).toBe(port.uuid);
    await port.delete();
    expect(await net.ports.find(bytes(port.uuid))).toBeUndefined();
    const err = await net.ports.get(bytes(port.uuid)).catch((e: unknown) => e);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_NETWORK_PORT);

    await net.stop();
    expect(await hv.networks.find(bytes(netUuid))).toBeUndefined();
  });
});
