// libvirt-ts/admin without a daemon: argument checks, libvirt's typed errors for admin URIs that cannot work, and
// admin calls beside a test:///default connection in the same process (libvirt-admin.so.0 runs in the admin host
// process: in this one its GLib types would collide with libvirt.so's and abort; see native/admin/host.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin, LibvirtError } from '../../src/admin/index.js';
import { Hypervisor } from '../../src/index.js';

describe('libvirt-ts/admin without a daemon', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    hv = await Hypervisor.connect('test:///default');
  });
  afterAll(async () => {
    await hv?.close();
  });

  it('checks the URI before anything reaches C', async () => {
    await expect(Admin.connect('')).rejects.toThrow(TypeError);
    await expect(Admin.connect(5 as never)).rejects.toThrow(TypeError);
    await expect(Admin.connect('libvirtd:///system\0x')).rejects.toThrow(/NUL/);
  });

  it('a socket nobody listens on is libvirt typed error, and this process libvirt connection goes on', async () => {
    const err = await Admin.connect('libvirtd:///system?socket=/nonexistent/lvts-admin-sock').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).codeName).toBe('SYSTEM_ERROR');
    expect((err as LibvirtError).message).toContain('/nonexistent/lvts-admin-sock');
    expect((err as LibvirtError).function).toBe('virAdmConnectOpen');
    expect(await hv.hostname()).toBeTypeOf('string');
    expect((await hv.domains.list()).length).toBeGreaterThan(0);
  });

  it('URIs libvirt-admin does not take are libvirt typed errors', async () => {
    const param = await Admin.connect('libvirtd:///system?nosuch=1').catch((e: unknown) => e);
    expect(param).toBeInstanceOf(LibvirtError);
    expect((param as LibvirtError).codeName).toBe('CONFIG_UNSUPPORTED');
    expect((param as LibvirtError).message).toContain("Unknown URI parameter 'nosuch'");
    const scheme = await Admin.connect('qemu:///system').catch((e: unknown) => e);
    expect(scheme).toBeInstanceOf(LibvirtError);
    expect((scheme as LibvirtError).codeName).toBe('CONFIG_UNSUPPORTED');
  });

  it('reports the version of the libvirt-admin library, the same as libvirt.so here', async () => {
    const version = await Admin.clientLibraryVersion();
    expect(version.text).toBe((await hv.libVersion()).text);
  });
});
