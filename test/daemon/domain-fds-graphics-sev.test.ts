// The last goal functions on qemu:///system with a tiny TCG guest: detaching a device by alias, handing file
// descriptors to libvirt (virDomainFDAssociate; virDomainCreate(XML)WithFiles, which QEMU refuses), QEMU
// serving VNC on a socket this process made (virDomainOpenGraphics), and SEV launch security on a host without
// SEV (typed errors). Each result is checked independently (virsh, the socket's own bytes, fstat).
import { closeSync, fstatSync, openSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Domain, Hypervisor, LibvirtError } from '../../src/index.js';
import { describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';
import { createImage, IMAGES, removeGuest, tinyGuestXml } from '../helpers/tiny-guest.js';

const NAME = `lvts-qemu-fds-${process.pid}`;
const DISK = `${IMAGES}/${NAME}.qcow2`;
const SOCKET = `/tmp/${NAME}.sock`;
const XML = tinyGuestXml(NAME, DISK, {
  devices: `<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
<rng model='virtio'><backend model='random'>/dev/urandom</backend><alias name='ua-lvts-rng'/></rng>`,
});

async function libvirtError(promise: Promise<unknown>): Promise<LibvirtError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LibvirtError);
  return err as LibvirtError;
}

describeDaemon('detach by alias, fds, graphics on a given socket, SEV on qemu:///system', () => {
  let hv: Hypervisor;
  let dom: Domain;

  beforeAll(async () => {
    requireDaemon();
    removeGuest(NAME, [DISK]);
    createImage(DISK);
    hv = await Hypervisor.connect('qemu:///system');
    dom = await hv.domains.define(XML);
  }, 120_000);

  afterAll(async () => {
    removeGuest(NAME, [DISK, SOCKET]);
    await hv?.close();
  });

  it('detachDeviceAlias removes the device with that alias from the persistent definition', async () => {
    expect(virsh('dumpxml', '--inactive', NAME)).toContain("<alias name='ua-lvts-rng'/>");
    await dom.detachDeviceAlias('ua-lvts-rng', { config: true });
    const xml = virsh('dumpxml', '--inactive', NAME);
    expect(xml).not.toContain('ua-lvts-rng');
    expect(xml).not.toContain('<rng');
    const err = await libvirtError(dom.detachDeviceAlias('ua-lvts-none', { config: true }));
    // libvirt 9.0 reports it as an internal error naming the alias.
    expect(err.message).toMatch(/ua-lvts-none/);
  });

  it('start({ files }) reaches virDomainCreateWithFiles, which the QEMU driver refuses (NO_SUPPORT)', async () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const err = await libvirtError(dom.start({ files: [fd] }));
      expect(err.codeName).toBe('NO_SUPPORT');
      expect(err.message).toMatch(/virDomainCreateWithFiles/);
      const created = await libvirtError(hv.domains.create(XML.replace(NAME, `${NAME}-t`), { files: [fd] }));
      expect(created.codeName).toBe('NO_SUPPORT');
      // The descriptor is still ours.
      expect(fstatSync(fd).isCharacterDevice()).toBe(true);
    } finally {
      closeSync(fd);
    }
    expect(virsh('domstate', NAME).trim()).toBe('shut off');
  });

  it('fdAssociate hands descriptors to libvirt under a name; they stay ours', async () => {
    await dom.start();
    await dom.waitFor('running', { timeoutMs: 60_000 });
    const fd = openSync(DISK, 'r');
    try {
      await dom.fdAssociate('lvts-group', [fd], { writable: false });
      expect(fstatSync(fd).isFile()).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('connectGraphics: QEMU serves VNC on a socket this process made', async () => {
    let server: Server | undefined;
    try {
      const accepted = new Promise<Socket>((resolve) => {
        server = createServer(resolve);
      });
      await new Promise<void>((resolve) => server!.listen(SOCKET, resolve));
      const client = new Socket();
      await new Promise<void>((resolve) => client.connect(SOCKET, resolve));
      client.pause();
      const peer = await accepted;
      const banner = new Promise<string>((resolve) =>
        peer.once('data', (b: Buffer) => resolve(b.toString())),
      );
      const fd = (client as unknown as { _handle: { fd: number } })._handle.fd;
      await dom.connectGraphics(fd, { idx: 0, skipAuth: true });
      // libvirt gave QEMU its own copy: closing ours leaves QEMU's end open.
      client.destroy();
      expect(await banner).toMatch(/^RFB 003\.\d{3}\n/);
      peer.destroy();
    } finally {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
  });

  it('SEV launch security on a guest and host without SEV: typed errors', async () => {
    // A guest without <launchSecurity> has no launch security parameters.
    const info = await dom.launchSecurity.info();
    expect(info).toEqual({
      measurement: undefined,
      apiMajor: undefined,
      apiMinor: undefined,
      buildId: undefined,
      policy: undefined,
      params: {},
    });
    const set = await libvirtError(dom.launchSecurity.setState({ secret: 'AAAA', header: 'AAAA' }));
    expect(set.codeName).toBe('OPERATION_UNSUPPORTED');
    expect(set.message).toMatch(/SEV/);
    const host = await libvirtError(hv.host.sevInfo());
    expect(host.codeName).toBe('OPERATION_UNSUPPORTED');
    expect(host.message).toMatch(/SEV/);
  });
});
