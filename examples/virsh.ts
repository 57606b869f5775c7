// The virsh commands a VM owner uses most, in a few lines each:
//   npx tsx examples/virsh.ts [-c URI] list [--all] | dominfo DOMAIN | start DOMAIN [--paused]
//                                      | shutdown DOMAIN | destroy DOMAIN | suspend DOMAIN | resume DOMAIN
// URI defaults to test:///default (libvirt's in-process test driver: a fresh host with a running 'test' domain
// in every process, so changes do not outlive the command).
import { type Domain, ErrorCode, Hypervisor } from 'libvirt-ts';
import { fail, isError, parseArgs, table, usage } from './lib/cli.js';

const USAGE = 'usage: virsh.ts [-c URI] list [--all] | dominfo|start|shutdown|destroy|suspend|resume DOMAIN';
const args = parseArgs(process.argv.slice(2), []);
const [command, name] = args.positional;
if (command === undefined) usage(USAGE);

await using hv = await Hypervisor.connect(args.uri).catch(fail);

/** The domain named on the command line (by name or UUID, as virsh accepts). */
async function domain(): Promise<Domain> {
  if (name === undefined) usage(`${command} needs a domain name or UUID\n${USAGE}`);
  return hv.domains.get(name);
}

async function list(): Promise<void> {
  const domains = await hv.domains.list(args.options.has('all') ? undefined : { active: true });
  const rows: { id: number | undefined; row: string[] }[] = [];
  await Promise.all(
    domains.map(async (d) => {
      try {
        const [id, { state }] = await Promise.all([d.id(), d.info()]);
        rows.push({
          id,
          row: [id === undefined ? '-' : String(id), d.name, state === 'shutoff' ? 'shut off' : state],
        });
      } catch (err) {
        // Undefined by someone else between the list and these calls: it is gone, so it is not listed.
        if (!isError(err, ErrorCode.NO_DOMAIN)) throw err;
      }
    }),
  );
  // Running domains by id first, then the inactive ones by name, as virsh orders them.
  rows.sort(
    (a, b) =>
      (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER) ||
      a.row[1]!.localeCompare(b.row[1]!),
  );
  console.log(table([['Id', 'Name', 'State'], ...rows.map((r) => r.row)]));
}

async function dominfo(): Promise<void> {
  const d = await domain();
  const [id, info, state, persistent, autostart] = await Promise.all([
    d.id(),
    d.info(),
    d.state(),
    d.isPersistent(),
    d.getAutostart(),
  ]);
  const fields: [string, string][] = [
    ['Id', id === undefined ? '-' : String(id)],
    ['Name', d.name],
    ['UUID', d.uuid],
    ['State', `${info.state} (${state.reason})`],
    ['CPU(s)', String(info.vcpus)],
    // cpuTimeNs is a bigint (64-bit rule); seconds with one decimal fit a number easily.
    ['CPU time', `${(Number(info.cpuTimeNs / 100_000_000n) / 10).toFixed(1)}s`],
    ['Max memory', `${info.maxMemoryKiB} KiB`],
    ['Used memory', `${info.memoryKiB} KiB`],
    ['Persistent', persistent ? 'yes' : 'no'],
    ['Autostart', autostart ? 'enable' : 'disable'],
  ];
  for (const [key, value] of fields) console.log(`${`${key}:`.padEnd(16)}${value}`);
}

const actions: Record<string, () => Promise<void>> = {
  list,
  dominfo,
  start: async () => {
    const d = await domain();
    await d.start({ paused: args.options.has('paused') });
    console.log(`Domain '${d.name}' started${args.options.has('paused') ? ' (paused)' : ''}`);
  },
  shutdown: async () => {
    const d = await domain();
    await d.shutdown();
    console.log(`Domain '${d.name}' is being shutdown`);
  },
  destroy: async () => {
    const d = await domain();
    await d.destroy();
    console.log(`Domain '${d.name}' destroyed`);
  },
  suspend: async () => {
    const d = await domain();
    await d.suspend();
    console.log(`Domain '${d.name}' suspended`);
  },
  resume: async () => {
    const d = await domain();
    await d.resume();
    console.log(`Domain '${d.name}' resumed`);
  },
};

const action = actions[command] ?? usage(`unknown command '${command}'\n${USAGE}`);
await action().catch(fail);
