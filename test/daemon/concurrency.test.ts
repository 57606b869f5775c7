// The same attribution check as the driver tier, on qemu:///system: every lookup is an RPC to libvirtd, so the
// errors come back over the wire and are raised on whichever worker thread made the call.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call } from '../../native/libvirt.js';
import { Domain, Hypervisor } from '../../src/index.js';
import { expectOwnNotFound } from '../helpers/attribution.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const NAME = `lvts-test-concurrency-${process.pid}`;
const DISK = `/var/lib/libvirt/images/${NAME}.qcow2`;

describeDaemon('concurrent lookups on a real libvirtd', () => {
  let hv: Hypervisor;
  let uuid: string;

  beforeAll(async () => {
    requireDaemon();
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', DISK, '16M']);
    hv = await Hypervisor.connect(DAEMON_URI);
    const conn = await call('virConnectOpen', DAEMON_URI);
    try {
      const xml = `<domain type='qemu'>
  <name>${NAME}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${DISK}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>`;
      const defined = await call('virDomainDefineXML', conn, xml);
      uuid = await call('virDomainGetUUIDString', defined);
    } finally {
      await conn.free();
    }
  });

  afterAll(async () => {
    try {
      virsh('undefine', NAME);
    } catch {
      // Not defined: beforeAll failed before the define.
    }
    rmSync(DISK, { force: true });
    await hv?.close();
  });

  it('rejects 200 concurrent missing names each with NO_DOMAIN naming itself, between 200 successes', async () => {
    const keys = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? `lvts-missing-${i}` : NAME));
    const results = await Promise.allSettled(keys.map((key) => hv.domains.get(key)));
    const found: Domain[] = [];
    results.forEach((result, i) => {
      if (i % 2 === 0) {
        expectOwnNotFound(result, keys[i]!);
      } else {
        expect(result.status).toBe('fulfilled');
        const domain = (result as PromiseFulfilledResult<Domain>).value;
        expect(domain).toBeInstanceOf(Domain);
        expect(domain.name).toBe(NAME);
        expect(domain.uuid).toBe(uuid);
        found.push(domain);
      }
    });
    expect(found).toHaveLength(200);
    await Promise.all(found.map((d) => d.free()));
  });
});
