// DomainBuilder.os(entry).forHost(support) against virt-install on recorded hosts, without a daemon: virt-install
// runs on its test-suite connection (test/helpers/virt-install.ts), which answers with the recorded capabilities
// and domain capabilities of this machine (test/fixtures/xml: /dev/kvm present, no vmx) or an edited copy (a CPU
// with vmx; hosts without virtio video, swtpm, firmware auto-selection or UEFI). `support` is
// summarizeVirtualization() of the same documents, as hv.virtualizationSupport() reads them: the domain
// capabilities of libvirt's default machine (pc), while virt-install is given those of the machine it picks
// (q35 or pc). One OS stands for each distinct guest profile among the non-EOL OSes of osinfo-db and 20 EOL ones
// (memory and vCPUs aside, which do not depend on the host; test/daemon/osinfo-virt-install.test.ts compares
// those for every OS).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  summarizeVirtualization,
  type VirtualizationSupport,
} from '../../src/host/virtualization-support.js';
import { loadOsinfo, type OsinfoEntry } from '../../src/osinfo/index.js';
import { DomainBuilder, parseCapabilitiesXml, parseDomainCapabilitiesXml } from '../../src/xml/index.js';
import {
  comparedOses,
  comparedXml,
  compareTwoAtATime,
  describeWithVirtInstall,
  domainChoices,
  hostChoices,
  magicUri,
  requireVirtInstall,
  virtInstallXml,
} from '../helpers/virt-install.js';

const fixture = (p: string): string => readFileSync(new URL(`../fixtures/xml/${p}`, import.meta.url), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'lvts-forhost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CAPS = fixture('capabilities/libvirtd-host.xml');
/** No virtio video, no swtpm (no 'emulator' TPM backend), no firmware auto-selection (libvirt before 5.2). */
const poorer = (xml: string) =>
  xml
    .replace(/(<video supported='yes'>[\s\S]*?)\s*<value>virtio<\/value>/, '$1')
    .replace(/(<tpm supported='yes'>[\s\S]*?)\s*<value>emulator<\/value>/, '$1')
    .replace(/<enum name='firmware'>[\s\S]*?<\/enum>/, "<enum name='firmware'/>");
/** ... and no UEFI image either. */
const poorest = (xml: string) =>
  poorer(xml).replace(/(<loader supported='yes'>)(?:\s*<value>[^<]*<\/value>)+/, '$1');

interface RecordedHost {
  name: string;
  caps: string;
  /** Domain capabilities per machine family, as libvirt answers for the host's virt type. */
  domcaps: { pc: string; q35: string };
  /** virt-install options that are not the OS's: on a host without vmx, virt-install would pick kvm. */
  virtInstallArgs: string[];
}

const hosts: RecordedHost[] = [
  {
    name: 'this host (kvm offered, no vmx)',
    caps: CAPS,
    domcaps: {
      pc: fixture('domaincapabilities/libvirtd-qemu-x86_64-pc.xml'),
      q35: fixture('domaincapabilities/libvirtd-qemu-x86_64-q35.xml'),
    },
    // virt-install's own choice here is kvm, which dies at start (the deliberate difference, docs/osinfo.md).
    virtInstallArgs: ['--virt-type', 'qemu'],
  },
  {
    name: 'this host with vmx (KVM usable)',
    caps: CAPS.replace(/(<host>[\s\S]*?<cpu>[\s\S]*?)(<\/cpu>)/, "$1<feature name='vmx'/>$2"),
    domcaps: {
      pc: fixture('domaincapabilities/libvirtd-kvm-x86_64-pc.xml'),
      q35: fixture('domaincapabilities/libvirtd-kvm-x86_64-q35.xml'),
    },
    virtInstallArgs: [],
  },
  {
    name: "no virtio video, no swtpm, no firmware='efi' (UEFI images only)",
    caps: CAPS,
    domcaps: {
      pc: poorer(fixture('domaincapabilities/libvirtd-qemu-x86_64-pc.xml')),
      q35: poorer(fixture('domaincapabilities/libvirtd-qemu-x86_64-q35.xml')),
    },
    virtInstallArgs: ['--virt-type', 'qemu'],
  },
  {
    name: 'no virtio video, no swtpm, no UEFI',
    caps: CAPS,
    domcaps: {
      pc: poorest(fixture('domaincapabilities/libvirtd-qemu-x86_64-pc.xml')),
      q35: poorest(fixture('domaincapabilities/libvirtd-qemu-x86_64-q35.xml')),
    },
    virtInstallArgs: ['--virt-type', 'qemu'],
  },
];

/**
 * Differences the builder makes on purpose, each with its reason. Only the "no firmware='efi'" host reaches the
 * loader fallback (libvirt before 5.2 had no firmware auto-selection): hv.virtualizationSupport() reads the
 * domain capabilities of the default machine (pc), which list only the plain image, while virt-install reads
 * q35's, whose first image matching its patterns is OVMF_CODE_4M.ms.fd, the secure-boot build, which it then
 * loads without SMM (it looks for "secboot" in the name); the plain image boots.
 */
const DELIBERATE: { host: string; key: string; reason: string }[] = [
  {
    host: "no virtio video, no swtpm, no firmware='efi' (UEFI images only)",
    key: 'loader',
    reason: "the default machine's UEFI images (pc), not q35's",
  },
];

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describeWithVirtInstall('DomainBuilder.os().forHost() against virt-install on recorded hosts', () => {
  it('chooses what virt-install chooses, host-driven choices included, for one OS of each profile', async () => {
    requireVirtInstall();
    const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });
    const { sample: all } = comparedOses(db);
    const byProfile = new Map<string, OsinfoEntry>();
    for (const s of all) {
      const entry = db.get(s.shortId) as OsinfoEntry;
      const { id: _id, memoryBytes: _m, vcpus: _v, ...rest } = entry.guest;
      const key = JSON.stringify(rest);
      if (!byProfile.has(key)) byProfile.set(key, entry);
    }
    const sample = [...byProfile.values()];

    const lines: string[] = [];
    const bad: string[] = [];
    const listed: string[] = [];
    for (const [h, host] of hosts.entries()) {
      const capsFile = write(`caps-${h}.xml`, host.caps);
      const domcapsFile = {
        pc: write(`domcaps-${h}-pc.xml`, host.domcaps.pc),
        q35: write(`domcaps-${h}-q35.xml`, host.domcaps.q35),
      };
      const support: VirtualizationSupport = summarizeVirtualization(
        parseCapabilitiesXml(host.caps),
        parseDomainCapabilitiesXml(host.domcaps.pc),
        [],
      );
      const compare = async (entry: OsinfoEntry) => {
        const ours = comparedXml(new DomainBuilder('osinfo-cmp').os(entry).forHost(support));
        const connect = magicUri(capsFile, entry.guest.q35 ? domcapsFile.q35 : domcapsFile.pc);
        const stdout = await virtInstallXml(connect, entry, host.virtInstallArgs);
        const theirs = { ...domainChoices(stdout), ...hostChoices(stdout) };
        const mine = { ...domainChoices(ours), ...hostChoices(ours) };
        const keys = Object.keys(theirs).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]));
        const deliberate = (k: string) => DELIBERATE.find((d) => d.host === host.name && d.key === k);
        const say = (k: string) => `${k}: virt-install ${theirs[k]}, ours ${mine[k]}`;
        return {
          entry,
          theirs,
          diff: keys.filter((k) => !deliberate(k)).map(say),
          listed: keys.filter((k) => deliberate(k)).map((k) => `${say(k)} (${deliberate(k)?.reason})`),
        };
      };

      const results = await compareTwoAtATime(sample, compare);
      const failed = results.filter((r) => r.diff.length > 0);
      const seen = (k: string) => [...new Set(results.map((r) => String(r.theirs[k])))].sort().join(', ');
      lines.push(
        `  ${host.name}: ${results.length - failed.length}/${results.length} agree ` +
          `(type ${seen('type')}; machines ${seen('machine')}; firmware ${seen('firmware')}; ` +
          `loader ${seen('loader')}; TPM ${seen('tpmModel')}; video ${seen('videoModel')}; CPU ${seen('cpuMode')})`,
      );
      for (const r of failed) bad.push(`${host.name}, ${r.entry.shortIds[0]}: ${r.diff.join('; ')}`);
      for (const r of results) {
        for (const l of r.listed) listed.push(`${host.name}, ${r.entry.shortIds[0]}: ${l}`);
      }
    }
    console.log(
      `[osinfo] DomainBuilder.os().forHost() vs virt-install, ${sample.length} OSes (one per profile of ` +
        `${all.length}) on ${hosts.length} recorded hosts:\n${lines.join('\n')}` +
        listed.map((l) => `\n  deliberate: ${l}`).join('') +
        bad.map((b) => `\n  ${b}`).join(''),
    );
    expect(bad).toEqual([]);
    // Every listed difference still happens (else the list is stale).
    for (const d of DELIBERATE)
      expect(listed.some((l) => l.startsWith(`${d.host}, `) && l.includes(`${d.key}:`))).toBe(true);
    expect(sample.length).toBeGreaterThan(10);
  }, 300_000);
});
