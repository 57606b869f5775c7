/**
 * virt-install for the tests that compare DomainBuilder with it: the choices both make, read from a domain
 * XML's text, and virt-install's test-suite connection (a "magic" URI: libvirt's in-process test driver that
 * virt-install treats as `qemu:///system` and that answers with recorded capabilities and domain
 * capabilities), so a recorded host can be compared without a daemon. Locally a missing virt-install skips
 * those tests with the reason printed; with CI=true it fails them. scripts/setup-libvirtd.sh installs it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe } from 'vitest';
import type { OsinfoDb, OsinfoEntry, OsinfoSummary } from '../../src/osinfo/index.js';
import { buildDomainXml, type DomainBuilder } from '../../src/xml/index.js';

const run = promisify(execFile);

/** The OSes the comparisons cover: every OS of osinfo-db not at its end of life, plus 20 that are (spread evenly). */
export function comparedOses(db: OsinfoDb): { live: OsinfoSummary[]; sample: OsinfoSummary[] } {
  const live = db.list();
  const eol = db.list({ includeEol: true }).filter((s) => s.eol);
  const step = Math.max(1, Math.floor(eol.length / 20));
  return { live, sample: [...live, ...eol.filter((_, i) => i % step === 0).slice(0, 20)] };
}

/**
 * `virt-install --osinfo ID --print-xml --dry-run` on `connect`, with the devices `comparedXml` gives the
 * builder: a disk path outside every pool (virt-install neither creates a volume nor needs a pool), the default
 * network, VNC, boot from disk; 1 GiB when osinfo-db has no memory for the OS (the builder's default), since
 * virt-install then wants a size. `extra`: more options (the virt type, the machine).
 */
export async function virtInstallXml(
  connect: string,
  entry: OsinfoEntry,
  extra: readonly string[] = [],
): Promise<string> {
  const args = ['--connect', connect, '--osinfo', entry.shortIds[0] as string, '--print-xml', '--dry-run'];
  args.push('--noautoconsole', '--name', 'osinfo-cmp', ...extra, '--disk', 'path=/dev/null,device=disk');
  args.push('--network', 'network=default', '--graphics', 'vnc', '--boot', 'hd');
  if (entry.guest.memoryBytes === undefined) args.push('--memory', '1024');
  return (await run('virt-install', args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** The builder's XML with the devices virt-install is given in `virtInstallXml`. */
export function comparedXml(builder: DomainBuilder): string {
  return buildDomainXml(
    builder
      .disk({ source: { file: '/dev/null' } })
      .network('default')
      .graphics('vnc')
      .build(),
  );
}

/** `compare` over every item, two at a time (each virt-install is a Python process of its own). */
export async function compareTwoAtATime<T, R>(
  items: readonly T[],
  compare: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) results.push(await compare(items[next++] as T));
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** The choices compared, read from a domain XML's text (either quoting style). */
export function domainChoices(xml: string): Record<string, unknown> {
  const attr = (re: RegExp) => re.exec(xml)?.[1];
  const all = (re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]);
  const devices = xml.slice(xml.indexOf('<devices>'));
  return {
    machineQ35: /q35/.test(attr(/<type [^>]*machine=["']([^"']+)["']/) ?? ''),
    memoryKiB: Number(attr(/<currentMemory[^>]*>(\d+)</)),
    vcpus: Number(attr(/<vcpu[^>]*>(\d+)</)),
    firmware: attr(/<os [^>]*firmware=["']([^"']+)["']/) ?? 'bios',
    diskBus: attr(/<disk [^>]*device=["']disk["'][\s\S]*?<target [^>]*bus=["']([^"']+)["']/),
    nicModel: attr(/<interface [\s\S]*?<model type=["']([^"']+)["']/),
    videoModel: attr(/<video>\s*<model type=["']([^"']+)["']/),
    tpm: /<tpm[ >]/.test(devices),
    clock: attr(/<clock offset=["']([^"']+)["']/),
    hypervClock: /<timer name=["']hypervclock["'] present=["']yes["']/.test(xml),
    hyperv: /<hyperv[ >]/.test(xml),
    usbControllers: all(/<controller type=["']usb["'] [^>]*model=["']([^"']+)["']/g).sort(),
    rng: /<rng[ >]/.test(devices),
    memballoon: attr(/<memballoon model=["']([^"']+)["']/) ?? '(libvirt default)',
    tablet: /<input type=["']tablet["']/.test(devices),
    guestAgent: /org\.qemu\.guest_agent\.0/.test(devices),
  };
}

/** What DomainBuilder.forHost() adds to the comparison: the host-driven choices, exactly. */
export function hostChoices(xml: string): Record<string, unknown> {
  const attr = (re: RegExp) => re.exec(xml)?.[1];
  return {
    type: attr(/<domain [^>]*type=["']([^"']+)["']/),
    arch: attr(/<type [^>]*arch=["']([^"']+)["']/),
    machine: attr(/<type [^>]*machine=["']([^"']+)["']/),
    cpuMode: attr(/<cpu [^>]*mode=["']([^"']+)["']/) ?? '(none)',
    tpmModel:
      attr(/<tpm [^>]*model=["']([^"']+)["']/) ?? (/<tpm[ >]/.test(xml) ? '(libvirt default)' : '(none)'),
    tpmBackend: attr(/<tpm[\s\S]*?<backend type=["']([^"']+)["']/) ?? '(none)',
    loader: attr(/<loader[^>]*>([^<]+)</) ?? '(none)',
    smm: /<smm state=["']on["']/.test(xml),
  };
}

/**
 * The `--connect` URI of virt-install's test suite (virtinst/uri.py, MagicURI): the test driver, advertised
 * as qemu:///system, answering with these capabilities and domain capabilities files (one document for every
 * machine and virt type asked for), with predictable UUIDs and MACs.
 */
export function magicUri(capsFile: string, domcapsFile: string): string {
  return `__virtinst_test__test:///default,fakeuri=qemu:///system,caps=${capsFile},domcaps=${domcapsFile},predictable`;
}

function missing(): string | undefined {
  try {
    execFileSync('virt-install', ['--version'], { stdio: 'pipe' });
  } catch {
    return 'virt-install is not installed (apt-get install virtinst)';
  }
  return undefined;
}

const reason = missing();
const inCI = process.env.CI === 'true';
if (reason && !inCI) console.warn(`[virt-install comparison] skipped: ${reason}`);

/** `describe` for tests that run virt-install: skips locally without it, fails under CI=true. */
export const describeWithVirtInstall: typeof describe = (
  reason && !inCI ? describe.skip : describe
) as typeof describe;

/** Throws under CI=true when virt-install is missing. */
export function requireVirtInstall(): void {
  if (reason) throw new Error(`CI=true but virt-install is missing: ${reason}`);
}
