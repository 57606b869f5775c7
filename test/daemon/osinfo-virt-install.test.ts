// DomainBuilder.os(entry) against virt-install: for every OS of the installed osinfo-db that is not at its end
// of life, plus 20 that are, the builder's choices must be virt-install's (`virt-install --osinfo ID
// --print-xml --dry-run` on qemu:///system, with the same disk, network and graphics options). Deliberate
// differences are listed in docs/osinfo.md. The second test adds .forHost(await hv.virtualizationSupport()) and
// compares the host-driven choices too (type, arch, exact machine, CPU mode, TPM, loader), with virt-install
// given the recommended virt type (on a CPU without vmx/svm it would take kvm, which cannot run).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { loadOsinfo, type OsinfoEntry } from '../../src/osinfo/index.js';
import { buildDomainXml, DomainBuilder } from '../../src/xml/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { requireLibosinfoTools } from '../helpers/libosinfo-tools.js';
import { domainChoices as choices, hostChoices } from '../helpers/virt-install.js';

const run = promisify(execFile);

describeDaemon('DomainBuilder.os() against virt-install (qemu:///system)', () => {
  it('chooses what virt-install chooses for every non-EOL OS of osinfo-db and 20 EOL ones', async () => {
    requireDaemon();
    requireLibosinfoTools();
    const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });
    const live = db.list();
    const eol = db.list({ includeEol: true }).filter((s) => s.eol);
    const step = Math.max(1, Math.floor(eol.length / 20));
    const sample = [...live, ...eol.filter((_, i) => i % step === 0).slice(0, 20)];

    const compare = async (shortId: string) => {
      const entry = db.get(shortId) as OsinfoEntry;
      const { stdout } = await run(
        'virt-install',
        [
          '--connect',
          DAEMON_URI,
          '--osinfo',
          shortId,
          '--print-xml',
          '--dry-run',
          '--noautoconsole',
          '--name',
          'osinfo-cmp',
          '--virt-type',
          'kvm',
          // A path outside every pool: virt-install neither creates a volume nor needs (or makes) a pool.
          '--disk',
          'path=/dev/null,device=disk',
          '--network',
          'network=default',
          '--graphics',
          'vnc',
          '--boot',
          'hd',
          // With no resources in osinfo-db virt-install wants a size; the builder's default is 1 GiB.
          ...(entry.guest.memoryBytes === undefined ? ['--memory', '1024'] : []),
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const ours = buildDomainXml(
        new DomainBuilder('osinfo-cmp', { type: 'kvm' })
          .os(entry)
          .disk({ source: { file: '/dev/null' } })
          .network('default')
          .graphics('vnc')
          .build(),
      );
      const theirs = choices(stdout);
      const mine = choices(ours);
      const diff = Object.keys(theirs).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]));
      return {
        shortId,
        diff: diff.map(
          (k) => `${k}: virt-install ${JSON.stringify(theirs[k])}, ours ${JSON.stringify(mine[k])}`,
        ),
      };
    };

    const results: { shortId: string; diff: string[] }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < sample.length) {
        const s = sample[next++];
        if (s) results.push(await compare(s.shortId));
      }
    };
    await Promise.all([worker(), worker()]);
    const bad = results.filter((r) => r.diff.length > 0);
    console.log(
      `[osinfo] DomainBuilder.os() vs virt-install: ${results.length - bad.length}/${results.length} OSes agree ` +
        `(${live.length} not at end of life, ${sample.length - live.length} at end of life)` +
        bad.map((r) => `\n  ${r.shortId}: ${r.diff.join('; ')}`).join(''),
    );
    expect(bad).toEqual([]);
    expect(live.length).toBeGreaterThan(50);
  }, 900_000);

  it('with forHost(), chooses what virt-install chooses on this host, host-driven choices included', async () => {
    requireDaemon();
    requireLibosinfoTools();
    const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });
    const live = db.list();
    const eol = db.list({ includeEol: true }).filter((s) => s.eol);
    const step = Math.max(1, Math.floor(eol.length / 20));
    const sample = [...live, ...eol.filter((_, i) => i % step === 0).slice(0, 20)];
    const hv = await Hypervisor.connect(DAEMON_URI);
    try {
      const support = await hv.virtualizationSupport();
      const compare = async (shortId: string) => {
        const entry = db.get(shortId) as OsinfoEntry;
        const { stdout } = await run(
          'virt-install',
          [
            '--connect',
            DAEMON_URI,
            '--osinfo',
            shortId,
            '--print-xml',
            '--dry-run',
            '--noautoconsole',
            '--name',
            'osinfo-cmp',
            '--virt-type',
            support.recommendedVirtType,
            '--disk',
            'path=/dev/null,device=disk',
            '--network',
            'network=default',
            '--graphics',
            'vnc',
            '--boot',
            'hd',
            ...(entry.guest.memoryBytes === undefined ? ['--memory', '1024'] : []),
          ],
          { maxBuffer: 16 * 1024 * 1024 },
        );
        const ours = buildDomainXml(
          new DomainBuilder('osinfo-cmp')
            .os(entry)
            .forHost(support)
            .disk({ source: { file: '/dev/null' } })
            .network('default')
            .graphics('vnc')
            .build(),
        );
        const theirs = { ...choices(stdout), ...hostChoices(stdout) };
        const mine = { ...choices(ours), ...hostChoices(ours) };
        const diff = Object.keys(theirs).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]));
        return { shortId, diff: diff.map((k) => `${k}: virt-install ${theirs[k]}, ours ${mine[k]}`) };
      };
      const results: { shortId: string; diff: string[] }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < sample.length) {
          const s = sample[next++];
          if (s) results.push(await compare(s.shortId));
        }
      };
      await Promise.all([worker(), worker()]);
      const bad = results.filter((r) => r.diff.length > 0);
      console.log(
        `[osinfo] DomainBuilder.os().forHost() vs virt-install --virt-type ${support.recommendedVirtType}: ` +
          `${results.length - bad.length}/${results.length} OSes agree` +
          bad.map((r) => `\n  ${r.shortId}: ${r.diff.join('; ')}`).join(''),
      );
      expect(bad).toEqual([]);
    } finally {
      await hv.close();
    }
  }, 900_000);
});
