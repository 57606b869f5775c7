/**
 * Snapshot, checkpoint and network port XML built by the model is accepted by a real libvirtd (qemu:///system),
 * and what libvirtd writes back — those objects, the host's capabilities, domain capabilities and every node
 * device — reads with listUnknown() empty and round-trips. Everything created is named lvts-h7-* and removed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildCapabilitiesXml,
  buildDomainCapabilitiesXml,
  buildDomainCheckpointXml,
  buildDomainSnapshotXml,
  buildNetworkPortXml,
  buildNodeDeviceXml,
  listUnknown,
  parseCapabilitiesXml,
  parseDomainCapabilitiesXml,
  parseDomainCheckpointXml,
  parseDomainSnapshotXml,
  parseNetworkPortXml,
  parseNodeDeviceXml,
} from '../../src/xml/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';
import { xmlDifferences } from '../helpers/xml-semantic.js';

const DOMAIN = 'lvts-h7-snap';
const NETWORK = 'lvts-h7-net';
const BRIDGE = 'lvtsh7br0';
const IMAGE = `${IMAGES}/${DOMAIN}.qcow2`;
const OWNER_UUID = '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a77';
const PORT_UUID = '5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a78';

let work: string;
let fileCount = 0;
/** virsh takes definitions from files. */
function file(xml: string): string {
  const path = join(work, `def-${++fileCount}.xml`);
  writeFileSync(path, xml);
  return path;
}

function quiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // not running / already gone
  }
}

/** Removes what this test creates, also what a crashed earlier run left behind. */
function cleanUp(): void {
  removeGuest(DOMAIN, [IMAGE]);
  quiet('net-destroy', NETWORK);
  quiet('net-undefine', NETWORK);
}

/** A document libvirtd wrote reads with nothing unknown and builds back to the same document. */
function expectTypedRoundTrip<T extends object>(
  xml: string,
  parse: (x: string) => T,
  build: (d: T) => string,
): T {
  const def = parse(xml);
  expect(listUnknown(def)).toEqual([]);
  expect(xmlDifferences(xml, build(def))).toEqual([]);
  return def;
}

describeDaemon('snapshot, checkpoint and network port XML in libvirtd', () => {
  beforeAll(() => {
    requireDaemon();
    work = mkdtempSync(join(tmpdir(), 'lvts-h7-'));
    cleanUp();
    createImage(IMAGE, '64M');
    virsh('define', file(tinyGuestXml(DOMAIN, IMAGE)));
  });

  afterAll(() => {
    cleanUp();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates an internal snapshot from built XML and reads it back', () => {
    const built = buildDomainSnapshotXml({
      name: 's1',
      description: 'built by libvirt-ts',
      memory: { snapshot: 'no' },
      disks: { disks: [{ name: 'vda', snapshot: 'internal' }] },
    });
    virsh('snapshot-create', DOMAIN, file(built));
    const snap = expectTypedRoundTrip(
      virsh('snapshot-dumpxml', DOMAIN, 's1'),
      parseDomainSnapshotXml,
      buildDomainSnapshotXml,
    );
    expect(snap).toMatchObject({
      name: 's1',
      description: 'built by libvirt-ts',
      state: 'shutoff',
      memory: { snapshot: 'no' },
      disks: { disks: [{ name: 'vda', snapshot: 'internal' }] },
    });
    expect(snap.creationTime).toBeTypeOf('number');
    expect(snap.domain?.name).toBe(DOMAIN);
    virsh('snapshot-delete', DOMAIN, 's1');
  });

  it('creates a checkpoint from built XML on the running guest and reads it back', () => {
    virsh('start', DOMAIN);
    const built = buildDomainCheckpointXml({
      name: 'c1',
      description: 'built by libvirt-ts',
      disks: { disks: [{ name: 'vda', checkpoint: 'bitmap' }] },
    });
    virsh('checkpoint-create', DOMAIN, file(built));
    const cp = expectTypedRoundTrip(
      virsh('checkpoint-dumpxml', DOMAIN, 'c1', '--size'),
      parseDomainCheckpointXml,
      buildDomainCheckpointXml,
    );
    expect(cp.disks?.disks).toEqual([
      { name: 'vda', checkpoint: 'bitmap', bitmap: 'c1', size: expect.any(Number) },
    ]);
    expect(cp.domain?.name).toBe(DOMAIN);
    virsh('checkpoint-delete', DOMAIN, 'c1');
    virsh('destroy', DOMAIN);
  });

  it('creates a network port from built XML and reads it back', () => {
    // Isolated, no IP addresses: safe to start.
    virsh('net-define', file(`<network><name>${NETWORK}</name><bridge name='${BRIDGE}'/></network>`));
    virsh('net-start', NETWORK);
    const built = buildNetworkPortXml({
      uuid: PORT_UUID,
      owner: { name: 'lvts-h7-owner', uuid: OWNER_UUID },
      mac: { address: '52:54:00:aa:bb:77' },
      bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 } },
    });
    virsh('net-port-create', NETWORK, file(built));
    const port = expectTypedRoundTrip(
      virsh('net-port-dumpxml', NETWORK, PORT_UUID),
      parseNetworkPortXml,
      buildNetworkPortXml,
    );
    expect(port).toMatchObject({
      uuid: PORT_UUID,
      owner: { name: 'lvts-h7-owner', uuid: OWNER_UUID },
      mac: { address: '52:54:00:aa:bb:77' },
      bandwidth: { inbound: { average: 1000, peak: 2000, burst: 512 } },
      plug: { type: 'network', bridge: BRIDGE },
    });
    virsh('net-port-delete', NETWORK, PORT_UUID);
  });

  it('reads the live capabilities, domain capabilities and every node device', () => {
    const caps = expectTypedRoundTrip(virsh('capabilities'), parseCapabilitiesXml, buildCapabilitiesXml);
    expect(caps.host?.cpu?.arch).toBeTypeOf('string');
    const domcaps = expectTypedRoundTrip(
      virsh('domcapabilities', '--virttype', 'qemu'),
      parseDomainCapabilitiesXml,
      buildDomainCapabilitiesXml,
    );
    expect(domcaps.domain).toBe('qemu');
    const devices = virsh('nodedev-list')
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    expect(devices.length).toBeGreaterThan(0);
    for (const device of devices) {
      const dev = expectTypedRoundTrip(
        virsh('nodedev-dumpxml', device),
        parseNodeDeviceXml,
        buildNodeDeviceXml,
      );
      expect(dev.name).toBe(device);
    }
  });
});
