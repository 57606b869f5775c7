// The seed's walk-through: check the host, make a storage pool, a disk volume and an ISO, an isolated network,
// build a VM with a CPU model, memory, video and VNC, start it paused, resume it, print the VNC endpoint, and
// remove everything again (unless --keep).
//   npx tsx examples/create-vm-step-by-step.ts [URI] [--name NAME] [--iso PATH] [--network NAME] [--memory SIZE]
//                                 [--cpu MODEL] [--machine TYPE] [--dir PATH] [--keep]
// URI defaults to test:///default (libvirt's in-process test driver). On qemu:///system the pool lives under
// /var/lib/libvirt/images/NAME-pool and the network is a bridge without an IP address.
import {
  type Domain,
  DomainBuilder,
  ErrorCode,
  Hypervisor,
  LibvirtError,
  type Network,
  NetworkBuilder,
  type StoragePool,
  StoragePoolBuilder,
  type StorageVolume,
  StorageVolumeBuilder,
  type VirtualizationSupport,
} from 'libvirt-ts';
import { fail, parseArgs } from './lib/cli.js';

const args = parseArgs(
  process.argv.slice(2),
  ['name', 'iso', 'network', 'memory', 'cpu', 'machine', 'dir'],
  true,
);
const option = (name: string): string | undefined => {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
};
const name = option('name') ?? 'lvts-example-vm';
const keep = args.options.has('keep');

await using hv = await Hypervisor.connect(args.uri).catch(fail);
console.log(`Connected to ${hv.uri}`);

// 1. Can this host virtualise? KVM needs the CPU's extensions AND libvirt offering the 'kvm' domain type.
const support = await hv.virtualizationSupport();
console.log(
  `Host: ${support.arch}, hardware extensions: ${support.hardwareExtensions ?? 'none'}, ` +
    `KVM: ${support.kvm ? 'yes' : 'no'} → guests use '${support.recommendedVirtType}'`,
);
console.log(
  `  offers ${support.cpuModels.length} CPU models, disk buses [${support.diskBuses.join(', ')}], ` +
    `video [${support.videoModels.join(', ')}], firmware [${support.firmware.join(', ') || 'bios'}]`,
);

/** What is created, in order, so cleanup can undo it even when a step fails half-way. */
const created: { pool?: StoragePool; volumes: StorageVolume[]; network?: Network; domain?: Domain } = {
  volumes: [],
};

try {
  // 2. A directory pool for the disk and the ISO.
  const dir = option('dir') ?? `/var/lib/libvirt/images/${name}-pool`;
  const pool = await hv.pools.define(new StoragePoolBuilder(`${name}-pool`, 'dir').target(dir).build());
  created.pool = pool;
  await pool.build();
  await pool.start();
  console.log(`Pool '${pool.name}' at ${dir}: ${(await pool.info()).state}`);

  // 3. A 1 GiB qcow2 disk (thin: it takes almost no space until the guest writes).
  const disk = await pool.volumes.create(
    new StorageVolumeBuilder(`${name}.qcow2`).capacity('1 GiB').format('qcow2').build(),
  );
  created.volumes.push(disk);
  console.log(`Volume '${disk.name}': ${disk.path}`);

  // 4. The installation ISO: the one given, or a small placeholder volume (the guest just finds nothing to boot).
  let iso = option('iso');
  if (iso === undefined) {
    const placeholder = await pool.volumes.create(
      new StorageVolumeBuilder(`${name}-install.iso`).capacity('1 MiB').format('raw').build(),
    );
    created.volumes.push(placeholder);
    iso = placeholder.path;
  }
  console.log(`ISO: ${iso}`);

  // 5. The network: the one named, or an isolated bridge of our own (no forward, no IP address).
  let networkName = option('network');
  if (networkName === undefined) {
    const bridge = `lvbr${process.pid % 100000}`;
    const network = await hv.networks.define(new NetworkBuilder(`${name}-net`).bridge(bridge).build());
    created.network = network;
    await network.start();
    networkName = network.name;
    console.log(`Network '${network.name}': isolated bridge ${await network.bridgeName()}`);
  }

  // 6. The VM: CPU model, memory, video and VNC, disk from the pool volume, the ISO as a CD-ROM.
  const cpu = option('cpu') ?? pickCpuModel(support);
  // forHost: the host's virt type (kvm only where KVM can run), arch, and only what the host offers.
  const builder = new DomainBuilder(name, { machine: option('machine') ?? 'pc' })
    .forHost(support)
    .memory(option('memory') ?? '64 MiB')
    .vcpus(1)
    .disk({ source: { pool: pool.name, volume: disk.name }, format: 'qcow2' })
    .cdrom(iso)
    .network(networkName)
    .video(pickVideo(support))
    .graphics('vnc', { listen: '127.0.0.1' });
  if (cpu !== undefined) builder.cpu({ model: cpu });
  const domain = await hv.domains.define(builder.build());
  created.domain = domain;
  console.log(`Domain '${domain.name}' defined (${domain.uuid}), CPU model ${cpu ?? 'default'}`);

  // 7. Start paused, look, resume.
  await startPaused(domain);
  console.log(`Started paused: ${(await domain.state()).state}`);
  await domain.resume();
  console.log(`Resumed: ${(await domain.state()).state}`);

  // 8. Where to point a VNC client.
  for (const g of await domain.graphics()) {
    const where =
      g.port !== undefined
        ? `${g.listen ?? 'localhost'}:${g.port} (display :${g.port - 5900})`
        : `${g.listen ?? 'localhost'}, no port allocated (this driver runs no display)`;
    console.log(`${g.type.toUpperCase()}: ${where}`);
  }
} catch (err) {
  await cleanup();
  fail(err);
}

if (keep) console.log('Kept everything (--keep).');
else await cleanup();

/** Undoes what was created, newest first; each step is best-effort so one failure does not strand the rest. */
async function cleanup(): Promise<void> {
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const { domain, volumes, network, pool } = created;
  if (domain) {
    if (await domain.isActive().catch(() => false)) await step('destroy', () => domain.destroy());
    await step('undefine', () => domain.undefine());
  }
  for (const volume of volumes.reverse()) await step(`delete ${volume.name}`, () => volume.delete());
  if (network) {
    await step('network stop', () => network.stop());
    await step('network undefine', () => network.undefine());
  }
  if (pool) {
    await step('pool stop', () => pool.stop());
    await step('pool delete', () => pool.delete());
    await step('pool undefine', () => pool.undefine());
  }
  console.log('Cleaned up: domain, volumes, network and pool removed.');
}

/**
 * `start({ paused: true })`; the test driver refuses the paused flag (INVALID_ARG), so there the guest is
 * started and suspended at once, which leaves it in the same state.
 */
async function startPaused(domain: Domain): Promise<void> {
  try {
    await domain.start({ paused: true });
  } catch (err) {
    if (!(err instanceof LibvirtError && err.code === ErrorCode.INVALID_ARG)) throw err;
    console.log(`(${err.message}: starting, then suspending)`);
    await domain.start();
    await domain.suspend();
  }
}

/** A model this host can run as is: qemu64 when usable, else the first usable one; none listed → default. */
function pickCpuModel(s: VirtualizationSupport): string | undefined {
  const usable = s.cpuModels.filter((m) => m.usable === 'yes').map((m) => m.name);
  const candidates = usable.length > 0 ? usable : s.cpuModels.map((m) => m.name);
  return candidates.includes('qemu64') ? 'qemu64' : candidates[0];
}

/** VGA where offered (every guest OS drives it), else virtio. */
function pickVideo(s: VirtualizationSupport): 'vga' | 'virtio' {
  return s.videoModels.length === 0 || s.videoModels.includes('vga') ? 'vga' : 'virtio';
}
