// DomainBuilder.os(entry) against virt-install: for every OS of the installed osinfo-db that is not at its end
// of life, plus 20 that are, the builder's choices must be virt-install's (`virt-install --osinfo ID
// --print-xml --dry-run` on qemu:///system, with the same disk, network and graphics options). Deliberate
// differences are listed in docs/osinfo.md. The second test adds .forHost(await hv.virtualizationSupport()) and
// compares the host-driven choices too (type, arch, exact machine, CPU mode, TPM, loader), with virt-install
// given the recommended virt type (on a CPU without vmx/svm it would take kvm, which cannot run).
import { expect, it } from 'vitest';
import { Hypervisor } from '../../src/index.js';
import { loadOsinfo, type OsinfoEntry } from '../../src/osinfo/index.js';
import { DomainBuilder } from '../../src/xml/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { requireLibosinfoTools } from '../helpers/libosinfo-tools.js';
import {
  domainChoices as choices,
  comparedOses,
  comparedXml,
  compareTwoAtATime,
  hostChoices,
  virtInstallXml,
} from '../helpers/virt-install.js';

describeDaemon('DomainBuilder.os() against virt-install (qemu:///system)', () => {
  it('chooses what virt-install chooses for every non-EOL OS of osinfo-db and 20 EOL ones', async () => {
    requireDaemon();
    requireLibosinfoTools();
    const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });
    const { live, sample } = comparedOses(db);

    const results = await compareTwoAtATime(sample, async ({ shortId }) => {
      const entry = db.get(shortId) as OsinfoEntry;
      const theirs = choices(await virtInstallXml(DAEMON_URI, entry, ['--virt-type', 'kvm']));
      const mine = choices(comparedXml(new DomainBuilder('osinfo-cmp', { type: 'kvm' }).os(entry)));
      const diff = Object.keys(theirs).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]));
      return {
        shortId,
        diff: diff.map(
          (k) => `${k}: virt-install ${JSON.stringify(theirs[k])}, ours ${JSON.stringify(mine[k])}`,
        ),
      };
    });
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
    const { sample } = comparedOses(db);
    const hv = await Hypervisor.connect(DAEMON_URI);
    try {
      const support = await hv.virtualizationSupport();
      const results = await compareTwoAtATime(sample, async ({ shortId }) => {
        const entry = db.get(shortId) as OsinfoEntry;
        const stdout = await virtInstallXml(DAEMON_URI, entry, ['--virt-type', support.recommendedVirtType]);
        const ours = comparedXml(new DomainBuilder('osinfo-cmp').os(entry).forHost(support));
        const theirs = { ...choices(stdout), ...hostChoices(stdout) };
        const mine = { ...choices(ours), ...hostChoices(ours) };
        const diff = Object.keys(theirs).filter((k) => JSON.stringify(theirs[k]) !== JSON.stringify(mine[k]));
        return { shortId, diff: diff.map((k) => `${k}: virt-install ${theirs[k]}, ours ${mine[k]}`) };
      });
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
