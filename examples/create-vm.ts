// The New VM wizard in one call: hv.domains.createFromIso() detects the OS from the ISO (or takes --os), chooses for
// that OS and this host, creates the disk volume in the pool, defines the guest and starts it paused.
//   npx tsx examples/create-vm.ts [URI] --iso PATH [--os SHORT-ID] [--name NAME] [--pool POOL]
//                                          [--network NAME] [--disk-size SIZE] [--remove]
// URI defaults to test:///default (its pool is 'default-pool'); --remove undoes everything at the end.
import { Hypervisor } from 'libvirt-ts';
import { loadOsinfo, type OsinfoEntry } from 'libvirt-ts/osinfo';
import { fail, parseArgs, usage } from './lib/cli.js';

const args = parseArgs(process.argv.slice(2), ['iso', 'os', 'name', 'pool', 'network', 'disk-size'], true);
const option = (name: string): string | undefined => {
  const value = args.options.get(name);
  return typeof value === 'string' ? value : undefined;
};
const iso = option('iso') ?? usage('--iso PATH is required (an absolute path the daemon can read)');

// The OS by hand (--os debian11, as virt-install's --osinfo), else detected from the ISO.
let os: OsinfoEntry | 'detect' = 'detect';
const osId = option('os');
if (osId !== undefined) {
  const entry = loadOsinfo().get(osId);
  if (entry === undefined) usage(`unknown OS '${osId}' (osinfo-query os lists the short ids)`);
  os = entry;
}

await using hv = await Hypervisor.connect(args.uri).catch(fail);
const {
  domain,
  volume,
  os: chosen,
} = await hv.domains
  .createFromIso({
    name: option('name') ?? 'lvts-example-iso',
    iso,
    os,
    pool: option('pool') ?? (hv.uri.startsWith('test:') ? 'default-pool' : 'default'),
    network: option('network') ?? 'default',
    ...(option('disk-size') !== undefined ? { diskSize: option('disk-size') } : {}),
  })
  .catch(fail);

const def = await domain.definition();
const disk = def.devices?.disks?.find((d) => d.device === 'disk');
console.log(
  `OS: ${chosen.name} (${chosen.shortIds[0]}${osId === undefined ? ', detected from the ISO' : ''})`,
);
console.log(
  `Domain '${domain.name}': type ${def.type}, machine ${def.os?.type?.machine ?? '(driver default)'}`,
);
console.log(
  `  ${def.vcpu?.value} vCPUs, ${(def.memory?.value ?? 0) / 1024} MiB, firmware ${def.os?.firmware ?? 'bios'}`,
);
console.log(`  disk ${volume.path} (${disk?.driver?.type}, bus ${disk?.target?.bus})`);
console.log(
  `  NIC ${def.devices?.interfaces?.[0]?.model?.type}, video ${def.devices?.videos?.[0]?.model?.type}`,
);
console.log(`State: ${(await domain.state()).state}`);

if (args.options.has('remove')) {
  await domain.destroy();
  // A UEFI guest's variable store goes too (QEMU keeps it otherwise; the test driver refuses the flag).
  await domain.undefine(def.os?.firmware === 'efi' || def.os?.loader ? { nvram: true } : undefined);
  await volume.delete();
  console.log('Removed the domain and its volume.');
}
