// The definitions of the seed's walk-through, shared by the driver and daemon tiers: a dir pool, a qcow2 disk,
// an isolated network (a bridge with no IP) and a small TCG guest booting from an ISO, with VNC.
import {
  DomainBuilder,
  type DomainDef,
  NetworkBuilder,
  type NetworkDef,
  StoragePoolBuilder,
  type StoragePoolDef,
  StorageVolumeBuilder,
  type StorageVolumeDef,
} from '../../src/xml/index.js';

export interface SeedNames {
  pool: string;
  poolDir: string;
  disk: string;
  iso: string;
  network: string;
  bridge: string;
  domain: string;
  snapshot: string;
}

/** Every name starts with `prefix` (`lvts-<id>-…`); the bridge name fits Linux's 15 characters. */
export function seedNames(prefix: string, bridge: string): SeedNames {
  return {
    pool: `${prefix}-pool`,
    poolDir: `/var/lib/libvirt/images/${prefix}-pool`,
    disk: `${prefix}-disk.qcow2`,
    iso: `${prefix}-install.iso`,
    network: `${prefix}-net`,
    bridge,
    domain: `${prefix}-vm`,
    snapshot: `${prefix}-snap`,
  };
}

export const poolDefinition = (n: SeedNames): StoragePoolDef =>
  new StoragePoolBuilder(n.pool, 'dir').target(n.poolDir).build();

export const diskDefinition = (n: SeedNames): StorageVolumeDef =>
  new StorageVolumeBuilder(n.disk).capacity('64 MiB').format('qcow2').build();

/** No `<forward>` and no `<ip>`: guests on it reach each other and nothing else; no dnsmasq, no firewall rules. */
export const networkDefinition = (n: SeedNames): NetworkDef =>
  new NetworkBuilder(n.network).bridge(n.bridge).build();

/** 64 MiB, one vCPU, the disk from the pool, the ISO as CD-ROM (booted first), the network, VGA and VNC. */
export function domainDefinition(n: SeedNames, isoPath: string, cpuModel: string | undefined): DomainDef {
  const builder = new DomainBuilder(n.domain, { type: 'qemu', arch: 'x86_64', machine: 'pc' })
    .memory('64 MiB')
    .vcpus(1)
    .disk({ source: { pool: n.pool, volume: n.disk }, format: 'qcow2' })
    .cdrom(isoPath)
    .network(n.network)
    .video('vga')
    .graphics('vnc', { listen: '127.0.0.1' });
  if (cpuModel !== undefined) builder.cpu({ model: cpuModel });
  return builder.build();
}
