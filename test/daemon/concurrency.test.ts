// The same attribution check as the driver tier, on qemu:///system: every lookup is an RPC to libvirtd, so the
// errors come back over the wire and are raised on whichever worker thread made the call.
import { afterAll, beforeAll, it } from 'vitest';
import { call } from '../../native/libvirt.js';
import { Hypervisor } from '../../src/index.js';
import { expectConcurrentLookupsAttributed } from '../helpers/attribution.js';
import { DAEMON_URI, describeDaemon, requireDaemon } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-test-concurrency-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;

describeDaemon('concurrent lookups on a real libvirtd', () => {
  let hv: Hypervisor;
  let uuid: string;

  beforeAll(async () => {
    requireDaemon();
    createImage(DISK);
    hv = await Hypervisor.connect(DAEMON_URI);
    const conn = await call('virConnectOpen', DAEMON_URI);
    try {
      const defined = await call('virDomainDefineXML', conn, tinyGuestXml(NAME, DISK));
      uuid = await call('virDomainGetUUIDString', defined);
    } finally {
      await conn.free();
    }
  });

  afterAll(async () => {
    removeGuest(NAME, [DISK]);
    await hv?.close();
  });

  it('rejects 200 concurrent missing names each with NO_DOMAIN naming itself, between 200 successes', async () => {
    await expectConcurrentLookupsAttributed(hv, { name: NAME, uuid });
  });
});
