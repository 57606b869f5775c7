// Secrets, node devices and interfaces on a real libvirtd (qemu:///system). A secret goes through define →
// setValue → getValue → lookups → undefine, checked with virsh secret-list / secret-get-value; node devices and
// interfaces are the host's own, read and compared with virsh nodedev-* / iface-* (nothing on the host changes).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ErrorCode, Hypervisor, LibvirtError } from '../../src/index.js';
import { DAEMON_URI, describeDaemon, requireDaemon, virsh } from '../helpers/daemon.js';

const VOLUME = '/var/lib/libvirt/images/lvts-h11-encrypted.qcow2';
const CEPH = 'lvts-h11-ceph';

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** UUIDs of secrets whose usage names this test's objects (also ones a crashed run left behind). */
function ownSecrets(): string[] {
  return lines(virsh('secret-list'))
    .slice(2)
    .filter((line) => line.includes(VOLUME) || line.includes(CEPH))
    .map((line) => line.split(/\s+/)[0] as string);
}

describeDaemon('secrets on a real libvirtd', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    requireDaemon();
    for (const uuid of ownSecrets()) virsh('secret-undefine', uuid);
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
    for (const uuid of ownSecrets()) virsh('secret-undefine', uuid);
  });

  it('defines a volume secret, stores a value virsh reads back, looks it up and undefines it', async () => {
    const secret = await hv.secrets.define({
      ephemeral: false,
      private: false,
      description: 'lvts-h11 volume passphrase',
      usage: { type: 'volume', volume: VOLUME },
    });
    expect(secret.usage).toEqual({ type: 'volume', id: VOLUME });
    expect(ownSecrets()).toEqual([secret.uuid]);
    expect((await secret.definition()).description).toBe('lvts-h11 volume passphrase');

    await secret.setValue('s3cr3t passphrase');
    expect(virsh('secret-get-value', secret.uuid).trim()).toBe(
      Buffer.from('s3cr3t passphrase').toString('base64'),
    );
    expect((await secret.getValue()).toString('utf8')).toBe('s3cr3t passphrase');
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await secret.setValue(binary);
    expect(virsh('secret-get-value', secret.uuid).trim()).toBe(binary.toString('base64'));
    expect(Buffer.compare(await secret.getValue(), binary)).toBe(0);

    expect((await hv.secrets.get(secret.uuid)).usage.id).toBe(VOLUME);
    expect((await hv.secrets.get({ usage: 'volume', id: VOLUME })).uuid).toBe(secret.uuid);
    expect((await hv.secrets.list({ private: false })).map((s) => s.uuid)).toContain(secret.uuid);
    expect((await hv.secrets.list({ private: true })).map((s) => s.uuid)).not.toContain(secret.uuid);
    expect(await hv.secrets.count()).toBe(lines(virsh('secret-list')).length - 2);
    expect(await hv.secrets.uuids()).toContain(secret.uuid);

    await secret.undefine();
    expect(ownSecrets()).toEqual([]);
    expect(await hv.secrets.find(secret.uuid)).toBeUndefined();
    expect(await hv.secrets.find({ usage: 'volume', id: VOLUME })).toBeUndefined();
    const err = await hv.secrets.get(secret.uuid).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect((err as LibvirtError).code).toBe(ErrorCode.NO_SECRET);
  });

  it('keeps a private secret value from being read back', async () => {
    const secret = await hv.secrets.define(
      `<secret ephemeral='no' private='yes'><usage type='ceph'><name>${CEPH}</name></usage></secret>`,
    );
    try {
      expect(secret.usage).toEqual({ type: 'ceph', id: CEPH });
      await secret.setValue(new Uint8Array([1, 2, 3]));
      await expect(secret.getValue()).rejects.toBeInstanceOf(LibvirtError);
      expect((await hv.secrets.list({ private: true })).map((s) => s.uuid)).toContain(secret.uuid);
    } finally {
      await secret.undefine();
    }
  });

  it('refuses a value that is neither bytes nor a string before reaching C', async () => {
    const secret = await hv.secrets.define({ usage: { type: 'ceph', name: CEPH } });
    try {
      await expect(secret.setValue(42 as never)).rejects.toThrow(TypeError);
    } finally {
      await secret.undefine();
    }
  });
});

describeDaemon('node devices and interfaces of the host, as virsh sees them', () => {
  let hv: Hypervisor;
  beforeAll(async () => {
    requireDaemon();
    hv = await Hypervisor.connect(DAEMON_URI);
  });
  afterAll(async () => {
    await hv?.close();
  });

  it('lists the node devices virsh nodedev-list shows, also by capability', async () => {
    expect((await hv.nodeDevices.list()).map((d) => d.name).sort()).toEqual(
      lines(virsh('nodedev-list')).sort(),
    );
    expect((await hv.nodeDevices.list({ capability: 'net' })).map((d) => d.name).sort()).toEqual(
      lines(virsh('nodedev-list', '--cap', 'net')).sort(),
    );
    // ACTIVE is flag bit 31: it must reach C unsigned (virsh nodedev-list asks for active devices too).
    expect((await hv.nodeDevices.list({ active: true })).map((d) => d.name).sort()).toEqual(
      lines(virsh('nodedev-list')).sort(),
    );
    expect((await hv.nodeDevices.list({ inactive: true })).map((d) => d.name).sort()).toEqual(
      lines(virsh('nodedev-list', '--inactive')).sort(),
    );
    expect((await hv.nodeDevices.list({ capability: ['pci', 'net'] })).length).toBe(
      lines(virsh('nodedev-list', '--cap', 'pci,net')).length,
    );
  });

  it('reads parents, capabilities and typed definitions that match virsh nodedev-dumpxml', async () => {
    const computer = await hv.nodeDevices.get('computer');
    expect(await computer.parentName()).toBeUndefined();
    expect(await computer.capabilities()).toEqual(['system']);
    const [pci] = await hv.nodeDevices.list({ capability: 'pci' });
    if (!pci) throw new Error('this host shows no PCI device');
    const xml = virsh('nodedev-dumpxml', pci.name);
    expect(await pci.parentName()).toBe(/<parent>([^<]+)<\/parent>/.exec(xml)?.[1]);
    expect(await pci.capabilities()).toContain('pci');
    const def = await pci.definition();
    expect(def.name).toBe(pci.name);
    expect(def.capabilities?.[0]?.type).toBe('pci');
    expect(def.path).toBe(/<path>([^<]+)<\/path>/.exec(xml)?.[1]);
    expect(await hv.nodeDevices.count()).toBe(lines(virsh('nodedev-list')).length);
    expect((await hv.nodeDevices.names({ capability: 'pci' })).sort()).toEqual(
      lines(virsh('nodedev-list', '--cap', 'pci')).sort(),
    );
  });

  it('lists the interfaces virsh iface-list shows, by name and MAC', async () => {
    const rows = lines(virsh('iface-list', '--all'))
      .slice(2)
      .map((line) => line.split(/\s+/));
    const listed = await hv.interfaces.list();
    // libvirt's udev backend leaves the loopback device out of the old name lists; ListAll (virsh) has it.
    expect((await hv.interfaces.names()).sort()).toEqual(
      rows
        .map(([n]) => n)
        .filter((n) => n !== 'lo')
        .sort(),
    );
    expect(listed.map((i) => [i.name, i.mac]).sort()).toEqual(
      rows.map(([name, , mac]) => [name, mac]).sort(),
    );
    const [name, state, mac] = rows[0] as string[];
    const iface = await hv.interfaces.get(name as string);
    expect(iface.mac).toBe(mac);
    expect(await iface.isActive()).toBe(state === 'active');
    expect(await iface.xml()).toContain(`name='${name}'`);
    expect((await hv.interfaces.list({ active: true })).length).toBe(
      rows.filter((r) => r[1] === 'active').length,
    );
  });
});
