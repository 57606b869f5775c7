/**
 * dom.blockJobs, dom.agent, dom.checkpoints/dom.backup and dom.openChannel on real TCG guests
 * (qemu:///system), each step checked with virsh or qemu-img: an active commit with pivot over an external
 * overlay, a pull, a copy with pivot, a live resize; every agent call rejecting with libvirt's typed "agent not
 * connected" error on a guest without an OS; checkpoints and a pull-mode backup with a checkpoint.
 * Everything is named lvts-h16-* and removed, also after a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BlockJobInfo, type Domain, ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { IMAGES, tinyGuestXml } from '../helpers/tiny-guest.js';

const PREFIX = `lvts-h16-${process.pid}`;
const file = (n: string) => `${IMAGES}/${PREFIX}-${n}.qcow2`;
const FILES = ['jobs-base', 'jobs-top', 'jobs-top2', 'jobs-copy', 'cp-disk', 'cp-scratch'].map(file);
const SOCKET = `/var/lib/libvirt/qemu/${PREFIX}-nbd.sock`;

/** The tiny guest with a guest-agent channel and a test channel. */
function guestXml(name: string, disk: string): string {
  return tinyGuestXml(name, disk, {
    devices: `<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
<channel type='unix'><source mode='bind'/><target type='virtio' name='org.lvts.test.0'/></channel>`,
  });
}

function quiet(...args: string[]): void {
  try {
    virsh(...args);
  } catch {
    // already gone
  }
}

/** The source file of vda, as libvirtd reports it. */
function vdaSource(name: string): string {
  const line = virsh('domblklist', name)
    .split('\n')
    .find((l) => l.trim().startsWith('vda'));
  return line?.trim().split(/\s+/)[1] ?? '';
}

function backingFile(image: string): string | undefined {
  const info = JSON.parse(
    execFileSync('qemu-img', ['info', '-U', '--output=json', image], { encoding: 'utf8' }),
  );
  return info['backing-filename'];
}

/** Polls the job until `done` says so (a bound against a hung job, not a speed goal). */
async function waitJob(
  dom: Domain,
  done: (info: BlockJobInfo | undefined) => boolean,
): Promise<BlockJobInfo | undefined> {
  for (let i = 0; i < 1200; i++) {
    const info = await dom.blockJobs.info('vda');
    if (done(info)) return info;
    await sleep(50);
  }
  throw new Error('block job did not reach the expected phase');
}
const ready = (i: BlockJobInfo | undefined) => i !== undefined && i.end > 0 && i.cur === i.end;

describeDaemon('block jobs, agent, checkpoints and backup on qemu:///system', () => {
  let hv: Hypervisor;
  const jobsName = `${PREFIX}-jobs`;
  const cpName = `${PREFIX}-cp`;

  function cleanUp(): void {
    quiet('destroy', jobsName);
    quiet('destroy', cpName);
    for (const f of FILES) rmSync(f, { force: true });
  }

  /** The guest of the agent and checkpoint tests: each test can run alone. */
  async function cpGuest(): Promise<Domain> {
    const running = await hv.domains.find(cpName);
    if (running) return running;
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file('cp-disk'), '16M']);
    return hv.domains.create(guestXml(cpName, file('cp-disk')));
  }

  beforeAll(async () => {
    requireDaemon();
    cleanUp();
    hv = await Hypervisor.connect(DAEMON_URI);
  });

  afterAll(async () => {
    await hv?.close();
    cleanUp();
  });

  it('active commit with pivot, pull, copy with pivot and live resize, each checked with virsh/qemu-img', async () => {
    const [base, top, top2, copy] = [
      file('jobs-base'),
      file('jobs-top'),
      file('jobs-top2'),
      file('jobs-copy'),
    ];
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base!, '16M']);
    const dom = await hv.domains.create(guestXml(jobsName, base!));
    expect(await dom.blockJobs.info('vda')).toBeUndefined();

    // An external disk-only overlay: vda becomes top, backed by base.
    const snapshotXml = `<domainsnapshot><name>s1</name><disks><disk name='vda' snapshot='external'>
      <driver type='qcow2'/><source file='${top}'/></disk></disks></domainsnapshot>`;
    await dom.snapshots.create(snapshotXml, { diskOnly: true, noMetadata: true });
    expect(vdaSource(jobsName)).toBe(top);
    expect(backingFile(top!)).toBe(base);

    // Active commit: top into base; the job waits in its ready phase for the pivot.
    await dom.blockJobs.commit('vda', { active: true, bandwidth: 64 * 1024 * 1024 });
    const committed = await waitJob(dom, ready);
    expect(committed?.type).toBe('active-commit');
    expect(virsh('blockjob', jobsName, 'vda', '--raw')).toMatch(/type=Active Block Commit/);
    await dom.blockJobs.setSpeed('vda', 0);
    await dom.blockJobs.abort('vda', { pivot: true });
    await waitJob(dom, (i) => i === undefined);
    expect(vdaSource(jobsName)).toBe(base);

    // Pull: a new overlay absorbs its backing file and stands alone.
    await dom.snapshots.create(snapshotXml.replace(top!, top2!), { diskOnly: true, noMetadata: true });
    expect(backingFile(top2!)).toBe(base);
    await dom.blockJobs.pull('vda');
    await waitJob(dom, (i) => i === undefined);
    expect(vdaSource(jobsName)).toBe(top2);
    expect(backingFile(top2!)).toBeUndefined();

    // Copy to a new file, typed destination, then pivot onto it.
    await dom.blockJobs.copy(
      'vda',
      { disk: { type: 'file', driver: { type: 'qcow2' }, source: { file: copy } } },
      { granularity: 65536, bufSize: 1024 * 1024 },
    );
    const copying = await waitJob(dom, ready);
    expect(copying?.type).toBe('copy');
    expect(virsh('blockjob', jobsName, 'vda', '--raw')).toMatch(/type=Block Copy/);
    await dom.blockJobs.abort('vda', { pivot: true });
    await waitJob(dom, (i) => i === undefined);
    expect(vdaSource(jobsName)).toBe(copy);
    expect(existsSync(copy!)).toBe(true);

    // Rebase onto nothing is a full pull: it runs and ends on the standalone copy.
    await dom.blockJobs.rebase('vda', undefined);
    await waitJob(dom, (i) => i === undefined);

    await dom.blockJobs.resize('vda', '32 MiB');
    expect(virsh('domblkinfo', jobsName, 'vda')).toMatch(/Capacity:\s+33554432/);

    const err = await dom.blockJobs.abort('vda').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    await dom.destroy();
  });

  it('every agent call rejects with the typed agent error on a guest without an agent; channels open', async () => {
    const dom = await cpGuest();
    const agentCalls: [string, () => Promise<unknown>][] = [
      ['fsFreeze', () => dom.agent.fsFreeze()],
      ['fsThaw', () => dom.agent.fsThaw()],
      ['fsTrim', () => dom.agent.fsTrim()],
      ['fsInfo', () => dom.agent.fsInfo()],
      ['guestInfo', () => dom.agent.guestInfo({ types: ['os'] })],
      ['hostname', () => dom.agent.hostname({ source: 'agent' })],
      ['interfaceAddresses', () => dom.agent.interfaceAddresses({ source: 'agent' })],
      ['setUserPassword', () => dom.agent.setUserPassword('root', 'pw')],
      ['authorizedKeys', () => dom.agent.authorizedKeys('root')],
      ['setAuthorizedKeys', () => dom.agent.setAuthorizedKeys('root', ['ssh-ed25519 AAAA x'])],
      ['time', () => dom.agent.time()],
      ['setTime', () => dom.agent.setTime({ sync: true })],
      ['guestVcpus', () => dom.agent.guestVcpus()],
      ['setGuestVcpus', () => dom.agent.setGuestVcpus('0', true)],
      ['agentCommand', () => dom.agent.agentCommand({ execute: 'guest-ping' }, { timeout: 'nowait' })],
    ];
    for (const [name, run] of agentCalls) {
      const err = await run().then(
        () => new Error(`${name} resolved`),
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(LibvirtError);
      expect((err as LibvirtError).code, `${name}: ${(err as Error).message}`).toBe(
        ErrorCode.AGENT_UNRESPONSIVE,
      );
    }
    // virsh sees the same: the agent channel exists but nothing answers on it.
    expect(() => virsh('domhostname', cpName, '--source', 'agent')).toThrow(/not connected|not responding/);
    await dom.agent.setResponseTimeout(5);
    await dom.agent.setResponseTimeout('default');
    // Without an agent, DHCP leases still answer (no interfaces: an empty list).
    expect(await dom.agent.interfaceAddresses({ source: 'lease' })).toEqual([]);

    const channel: Duplex = await dom.openChannel('org.lvts.test.0');
    expect(channel.writable).toBe(true);
    channel.destroy();
    const missing = await dom.openChannel('org.lvts.none').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(LibvirtError);
  });

  it('checkpoints and a pull-mode backup that creates one, checked with virsh', async () => {
    const dom = await cpGuest();
    const c1 = await dom.checkpoints.create({ name: 'c1', description: 'first' });
    const c2 = await dom.checkpoints.create('<domaincheckpoint><name>c2</name></domaincheckpoint>');
    expect(virsh('checkpoint-list', cpName, '--name').trim().split('\n').sort()).toEqual(['c1', 'c2']);
    expect(virsh('checkpoint-parent', cpName, 'c2').trim()).toBe('c1');
    expect((await c2.parent())?.name).toBe('c1');
    expect((await c1.children()).map((c) => c.name)).toEqual(['c2']);
    expect((await c2.definition()).disks?.disks?.[0]).toMatchObject({ name: 'vda', checkpoint: 'bitmap' });
    expect((await c2.definition({ size: true })).disks?.disks?.[0]?.size).toBeTypeOf('number');

    const scratch = file('cp-scratch');
    const backupXml = `<domainbackup mode='pull'><incremental>c1</incremental>
      <server transport='unix' socket='${SOCKET}'/>
      <disks><disk name='vda' backup='yes' type='file'><scratch file='${scratch}'/></disk></disks>
    </domainbackup>`;
    await dom.backup.begin(backupXml, { name: 'c3' });
    expect(await dom.backup.xml()).toContain(`<incremental>c1</incremental>`);
    expect(virsh('backup-dumpxml', cpName)).toContain(SOCKET);
    expect((await dom.blockJobs.info('vda'))?.type).toBe('backup');
    expect(virsh('checkpoint-list', cpName, '--name').trim().split('\n').sort()).toEqual(['c1', 'c2', 'c3']);
    virsh('domjobabort', cpName);

    await c2.delete();
    expect(virsh('checkpoint-list', cpName, '--name').trim().split('\n').sort()).toEqual(['c1', 'c3']);
    await c1.delete({ children: true });
    expect(virsh('checkpoint-list', cpName, '--name').trim()).toBe('');
    await dom.destroy();
  });

  it('a privileged connection declares the client it acts for (setIdentity) and keeps working', async () => {
    const other = await Hypervisor.connect(DAEMON_URI);
    try {
      await other.setIdentity({ userName: 'root', unixUserId: 0, unixGroupId: 0, processId: process.pid });
      expect(await other.isAlive()).toBe(true);
      expect(await other.hostname()).toBe(virsh('hostname').trim());
    } finally {
      await other.close();
    }
  });
});
