// Storage pools and volumes, virsh-style:
//   npx tsx examples/storage.ts [-c URI] pool-list [--all] | pool-info POOL | pool-define-dir NAME PATH
//     | pool-remove POOL | vol-list POOL | vol-info POOL VOL | vol-create POOL NAME SIZE [--format qcow2|raw]
//     | vol-clone POOL VOL NEW | vol-resize POOL VOL SIZE | vol-delete POOL VOL | tour [--name POOL] [--dir PATH]
// SIZE takes units ('1 GiB', '512MiB'). `tour` runs the whole round in one process (define a dir pool, build,
// start, create a qcow2 and a raw volume, clone, resize, list, delete, stop, undefine), which is how to see it
// on test:///default, whose state lives only as long as the process.
import {
  ErrorCode,
  Hypervisor,
  LibvirtError,
  type StoragePool,
  StoragePoolBuilder,
  StorageVolumeBuilder,
} from 'libvirt-ts';
import { fail, isError, parseArgs, table, usage } from './lib/cli.js';

const USAGE =
  'usage: storage.ts [-c URI] pool-list [--all] | pool-info POOL | pool-define-dir NAME PATH | pool-remove POOL\n' +
  '  | vol-list POOL | vol-info POOL VOL | vol-create POOL NAME SIZE [--format F] | vol-clone POOL VOL NEW\n' +
  '  | vol-resize POOL VOL SIZE | vol-delete POOL VOL | tour [--name POOL] [--dir PATH]';
const args = parseArgs(process.argv.slice(2), ['format', 'dir', 'name']);
const [command, ...rest] = args.positional;
if (command === undefined) usage(USAGE);

await using hv = await Hypervisor.connect(args.uri).catch(fail);

function option(name: string): string | undefined {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
}

function need(count: number): string[] {
  if (rest.length < count) usage(`${command} needs ${count} argument(s)\n${USAGE}`);
  return rest;
}

/** Bytes as virsh prints them: 1.00 GiB, 512.00 MiB. */
function size(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(2)} ${units[unit]}`;
}

async function poolList(): Promise<void> {
  const pools = await hv.pools.list(args.options.has('all') ? undefined : { active: true });
  const rows: string[][] = [];
  await Promise.all(
    pools.map(async (p) => {
      try {
        const [info, autostart] = await Promise.all([p.info(), p.getAutostart()]);
        rows.push([p.name, info.state === 'running' ? 'active' : 'inactive', autostart ? 'yes' : 'no']);
      } catch (err) {
        // Undefined by someone else since the list: gone, so not listed.
        if (!isError(err, ErrorCode.NO_STORAGE_POOL)) throw err;
      }
    }),
  );
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
  console.log(table([['Name', 'State', 'Autostart'], ...rows]));
}

async function poolInfo(pool: StoragePool): Promise<void> {
  const [info, persistent, autostart] = await Promise.all([
    pool.info(),
    pool.isPersistent(),
    pool.getAutostart(),
  ]);
  const fields: [string, string][] = [
    ['Name', pool.name],
    ['UUID', pool.uuid],
    ['State', info.state],
    ['Persistent', persistent ? 'yes' : 'no'],
    ['Autostart', autostart ? 'yes' : 'no'],
    ['Capacity', size(info.capacity)],
    ['Allocation', size(info.allocation)],
    ['Available', size(info.available)],
  ];
  for (const [key, value] of fields) console.log(`${`${key}:`.padEnd(16)}${value}`);
}

async function volList(pool: StoragePool): Promise<void> {
  const volumes = await pool.volumes.list();
  const rows = volumes.map((v) => [v.name, v.path]).sort((a, b) => a[0]!.localeCompare(b[0]!));
  console.log(table([['Name', 'Path'], ...rows]));
}

async function volCreate(pool: StoragePool, name: string, capacity: string, format: string): Promise<void> {
  const builder = new StorageVolumeBuilder(name).capacity(capacity);
  if (format === 'qcow2' || format === 'raw') builder.format(format);
  else usage(`--format must be qcow2 or raw, got '${format}'`);
  const volume = await pool.volumes.create(builder.build());
  console.log(`Vol ${volume.name} created: ${volume.path}`);
}

async function tour(): Promise<void> {
  const name = option('name') ?? 'lvts-tour';
  const dir = option('dir') ?? `/tmp/${name}`;
  const pool = await hv.pools.define(new StoragePoolBuilder(name, 'dir').target(dir).build());
  try {
    await pool.build();
    await pool.start();
    console.log(`Pool ${pool.name} defined, built and started at ${dir}`);
    await volCreate(pool, 'disk.qcow2', '1 GiB', 'qcow2');
    await volCreate(pool, 'data.img', '16 MiB', 'raw');
    const source = await pool.volumes.get('disk.qcow2');
    const clone = await pool.volumes.create(
      new StorageVolumeBuilder('clone.qcow2').capacity('1 GiB').format('qcow2').build(),
      {
        from: source,
      },
    );
    console.log(`Vol ${clone.name} cloned from ${source.name}`);
    try {
      await clone.resize('2 GiB');
      console.log(`Vol ${clone.name} resized to ${size((await clone.info()).capacity)}`);
    } catch (err) {
      // The test driver has no virStorageVolResize; every real pool backend that can grow a volume has.
      if (!(err instanceof LibvirtError && err.code === ErrorCode.NO_SUPPORT)) throw err;
      console.log(`Vol ${clone.name} not resized: ${err.message}`);
    }
    await volList(pool);
    await poolInfo(pool);
    for (const volume of await pool.volumes.list()) {
      await volume.delete();
      console.log(`Vol ${volume.name} deleted`);
    }
  } finally {
    if (await pool.isActive()) await pool.stop();
    await pool.delete().catch(() => {}); // the directory; the test driver keeps none
    await pool.undefine();
    console.log(`Pool ${pool.name} stopped, deleted and undefined`);
  }
}

const pool = async (name: string) => hv.pools.get(name);

const actions: Record<string, () => Promise<void>> = {
  'pool-list': poolList,
  'pool-info': async () => poolInfo(await pool(need(1)[0]!)),
  'pool-define-dir': async () => {
    const [name, path] = need(2);
    const created = await hv.pools.define(new StoragePoolBuilder(name!, 'dir').target(path!).build());
    await created.build();
    await created.start();
    console.log(`Pool ${created.name} defined, built and started at ${path}`);
  },
  'pool-remove': async () => {
    const p = await pool(need(1)[0]!);
    if (await p.isActive()) await p.stop();
    await p.delete();
    await p.undefine();
    console.log(`Pool ${p.name} stopped, deleted and undefined`);
  },
  'vol-list': async () => volList(await pool(need(1)[0]!)),
  'vol-info': async () => {
    const [poolName, volName] = need(2);
    const volume = await (await pool(poolName!)).volumes.get(volName!);
    const info = await volume.info();
    console.log(`Name:           ${volume.name}\nType:           ${info.type}`);
    console.log(`Capacity:       ${size(info.capacity)}\nAllocation:     ${size(info.allocation)}`);
    console.log(`Path:           ${volume.path}`);
  },
  'vol-create': async () => {
    const [poolName, name, capacity] = need(3);
    await volCreate(await pool(poolName!), name!, capacity!, option('format') ?? 'qcow2');
  },
  'vol-clone': async () => {
    const [poolName, source, target] = need(3);
    const p = await pool(poolName!);
    const from = await p.volumes.get(source!);
    const def = await from.definition();
    const capacity = (await from.info()).capacity;
    const format = def.target?.format?.type;
    const builder = new StorageVolumeBuilder(target!).capacity(capacity);
    if (format === 'qcow2' || format === 'raw') builder.format(format);
    const clone = await p.volumes.create(builder.build(), { from });
    console.log(`Vol ${clone.name} cloned from ${from.name}`);
  },
  'vol-resize': async () => {
    const [poolName, volName, capacity] = need(3);
    const volume = await (await pool(poolName!)).volumes.get(volName!);
    await volume.resize(capacity!);
    console.log(`Size of volume '${volume.name}' successfully changed to ${capacity}`);
  },
  'vol-delete': async () => {
    const [poolName, volName] = need(2);
    const volume = await (await pool(poolName!)).volumes.get(volName!);
    await volume.delete();
    console.log(`Vol ${volume.name} deleted`);
  },
  tour,
};

const action = actions[command] ?? usage(`unknown command '${command}'\n${USAGE}`);
await action().catch(fail);
