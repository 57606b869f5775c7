// DomainBuilder.firmware(): UEFI and secure boot as virt-install chooses them on this host (issue 9). For an OS
// that does not require UEFI (Debian 11), `.os().forHost().firmware(...)` against `virt-install --boot uefi[,
// firmware.feature0.name=secure-boot,firmware.feature0.enabled=yes|no] --print-xml` on qemu:///system: the
// firmware, the secure-boot feature asked of libvirt's auto-selection, the loader, SMM and the TPM agree.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Hypervisor, type VirtualizationSupport } from '../../src/index.js';
import { loadOsinfo } from '../../src/osinfo/index.js';
import { buildDomainXml, DomainBuilder } from '../../src/xml/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { describeWithVirtInstall, hostChoices, requireVirtInstall } from '../helpers/virt-install.js';

const run = promisify(execFile);
const db = loadOsinfo({ dirs: '/usr/share/osinfo', cacheDir: false });

/** What firmware choice an XML document makes, in either quoting. */
function firmwareChoices(xml: string) {
  const attr = (re: RegExp) => re.exec(xml)?.[1];
  return {
    firmware: attr(/<os [^>]*firmware=["']([^"']+)["']/) ?? 'bios',
    secureBoot:
      attr(/<feature [^>]*enabled=["'](yes|no)["'] [^>]*name=["']secure-boot["']/) ??
      attr(/<feature [^>]*name=["']secure-boot["'] [^>]*enabled=["'](yes|no)["']/) ??
      '(none)',
    ...hostChoices(xml),
  };
}

const CASES: { name: string; boot: string; choice: Parameters<DomainBuilder['firmware']>[0] }[] = [
  { name: 'UEFI', boot: 'uefi', choice: 'efi' },
  {
    name: 'secure boot on',
    boot: 'uefi,firmware.feature0.name=secure-boot,firmware.feature0.enabled=yes',
    choice: { secureBoot: true },
  },
  {
    name: 'secure boot off',
    boot: 'uefi,firmware.feature0.name=secure-boot,firmware.feature0.enabled=no',
    choice: { secureBoot: false },
  },
];

describeDaemon('DomainBuilder.firmware() against virt-install', () => {
  describeWithVirtInstall('on qemu:///system', () => {
    let hv: Hypervisor;
    let support: VirtualizationSupport;
    beforeAll(async () => {
      requireDaemon();
      if (process.env.CI === 'true') requireVirtInstall();
      hv = await Hypervisor.connect(DAEMON_URI);
      support = await hv.virtualizationSupport();
    });
    afterAll(async () => {
      await hv?.close();
    });

    for (const c of CASES) {
      it(`${c.name}: as --boot ${c.boot}`, async () => {
        const debian = db.get('debian11');
        if (!debian) throw new Error('osinfo-db has no debian11');
        expect(debian.support.requiresEfi).toBe(false); // UEFI only because it is asked for
        const { stdout } = await run('virt-install', [
          '--connect',
          DAEMON_URI,
          '--osinfo',
          'debian11',
          '--print-xml',
          '--dry-run',
          '--noautoconsole',
          '--name',
          'lvts-wizard-fw',
          '--virt-type',
          support.recommendedVirtType,
          '--disk',
          'none',
          '--nonetworks',
          '--boot',
          c.boot,
        ]);
        const ours = buildDomainXml(
          new DomainBuilder('lvts-wizard-fw').os(debian).forHost(support).firmware(c.choice).build(),
        );
        expect(firmwareChoices(ours)).toEqual(firmwareChoices(stdout));
        expect(firmwareChoices(ours).firmware).toBe('efi');
        const asked = c.choice === 'efi' ? undefined : c.choice.secureBoot;
        expect(firmwareChoices(ours).secureBoot).toBe(asked === undefined ? '(none)' : asked ? 'yes' : 'no');
      }, 120_000);
    }

    it('refuses a bad choice, and a host without UEFI', () => {
      expect(() => new DomainBuilder('x').firmware('bios' as never)).toThrow(/takes 'efi' or/);
      expect(() => new DomainBuilder('x').firmware({ secure: true } as never)).toThrow(
        /unknown option 'secure'/,
      );
      const noUefi = { ...support, firmware: [], firmwareImages: [] };
      expect(() => new DomainBuilder('x').forHost(noUefi).firmware('efi').build()).toThrow(
        /the host offers no UEFI firmware/,
      );
    });
  });
});
