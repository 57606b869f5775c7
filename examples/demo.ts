// A first look at a hypervisor: `npm run demo [uri]` (default test:///default, libvirt's in-process test
// driver, which needs no daemon). Prints the host, the versions, the node, a `virsh list --all`-like table,
// and what a typed error looks like.
import { type Domain, ErrorCode, Hypervisor, LibvirtError } from 'libvirt-ts';

const uri = process.argv[2] ?? 'test:///default';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => ` ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('   ')}`;
  const rule = '-'.repeat(line(rows[0]!).length + 1);
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].map((text) => text.trimEnd()).join('\n');
}

const MiB = (kib: number) => `${Math.round(kib / 1024)} MiB`;

async function describeDomain(domain: Domain): Promise<string[]> {
  const info = await domain.info();
  return [
    domain.name,
    info.state,
    MiB(info.memoryKiB),
    MiB(info.maxMemoryKiB),
    String(info.vcpus),
    domain.uuid,
  ];
}

function giveUp(err: unknown): never {
  const detail = err instanceof LibvirtError ? `${err.codeName}: ${err.message}` : String(err);
  console.error(`Could not connect to ${uri} (${detail})`);
  process.exit(1);
}

// `await using` closes the connection (and frees every domain obtained through it) when the block ends.
await using hv = await Hypervisor.connect(uri).catch(giveUp);

const [hostname, version, libVersion, node] = await Promise.all([
  hv.hostname(),
  hv.version(),
  hv.libVersion(),
  hv.nodeInfo(),
]);
console.log(`Connected to ${hv.uri}`);
console.log(`Host:        ${hostname}`);
console.log(`Hypervisor:  version ${version.text}`);
console.log(`libvirt:     version ${libVersion.text}`);
console.log(
  `Node:        ${node.model}, ${node.cpus} CPUs at ${node.mhz} MHz ` +
    `(${node.sockets} sockets x ${node.cores} cores x ${node.threads} threads, ${node.nodes} NUMA nodes), ` +
    `${MiB(node.memoryKiB)} memory`,
);

const domains = await hv.domains.list();
const rows = await Promise.all(domains.map(describeDomain));
rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
console.log(`\nDomains (${domains.length}):`);
console.log(table([['Name', 'State', 'Memory', 'Max memory', 'vCPUs', 'UUID'], ...rows]));

// Errors are LibvirtErrors with libvirt's code, named: compare against ErrorCode, not message text.
const missing = 'no-such-domain';
try {
  await hv.domains.get(missing);
} catch (err) {
  if (!(err instanceof LibvirtError) || err.code !== ErrorCode.NO_DOMAIN) throw err;
  console.log(`\nhv.domains.get('${missing}') rejected as expected:`);
  console.log(`  ${err.name} ${err.codeName} (code ${err.code}, from ${err.domainName}): ${err.message}`);
}
