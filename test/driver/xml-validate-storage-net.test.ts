/**
 * Every storage pool, storage volume and network builder output validates against libvirt's RelaxNG schemas
 * (virt-xml-validate), for every pool type the builder makes and the network shapes of virt-manager's wizard.
 */
import { describe, expect, it } from 'vitest';
import {
  buildNetworkXml,
  buildStoragePoolXml,
  buildStorageVolumeXml,
  NetworkBuilder,
  StoragePoolBuilder,
  type StoragePoolDef,
  StorageVolumeBuilder,
  type StorageVolumeDef,
} from '../../src/xml/index.js';
import { validateXml } from '../helpers/validate.js';

const SECRET_UUID = '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87';

const pools: Record<string, () => StoragePoolDef> = {
  'dir, defaults': () => new StoragePoolBuilder('lvts-dir', 'dir').build(),
  'dir, permissions and cow': () =>
    new StoragePoolBuilder('lvts-dir2', 'dir')
      .target('/srv/pool', {
        mode: 0o750,
        owner: 107,
        group: 107,
        label: 'system_u:object_r:virt_image_t:s0',
      })
      .cow(false)
      .build(),
  fs: () =>
    new StoragePoolBuilder('lvts-fs', 'fs')
      .source({ device: '/dev/vdb1', format: 'ext4' })
      .mountOptions('noatime')
      .build(),
  'netfs nfs': () =>
    new StoragePoolBuilder('lvts-nfs', 'netfs')
      .source({ host: 'nas.example.com', dir: '/export/images', format: 'nfs', protocolVersion: 4 })
      .build(),
  'netfs cifs': () =>
    new StoragePoolBuilder('lvts-cifs', 'netfs')
      .source({ host: 'nas.example.com', dir: 'share', format: 'cifs' })
      .build(),
  logical: () =>
    new StoragePoolBuilder('lvts-vg', 'logical')
      .source({ device: ['/dev/sdb', '/dev/sdc'], format: 'lvm2' })
      .build(),
  'logical, existing volume group': () =>
    new StoragePoolBuilder('lvts-vg2', 'logical').source({ name: 'vg0' }).build(),
  disk: () =>
    new StoragePoolBuilder('lvts-disk', 'disk')
      .source({ device: '/dev/sdd', format: 'gpt', partSeparator: true })
      .build(),
  iscsi: () =>
    new StoragePoolBuilder('lvts-iscsi', 'iscsi')
      .source({
        host: { name: '192.0.2.7', port: 3260 },
        device: 'iqn.2013-06.com.example:storage',
        initiator: 'iqn.2013-06.com.example:client',
        auth: { username: 'chap', secret: { usage: 'lvts-chap' } },
      })
      .build(),
  'iscsi-direct': () =>
    new StoragePoolBuilder('lvts-iscsi-direct', 'iscsi-direct')
      .source({
        host: '192.0.2.7',
        device: 'iqn.2013-06.com.example:storage',
        initiator: 'iqn.2013-06.com.example:c',
      })
      .build(),
  'scsi by name': () => new StoragePoolBuilder('lvts-scsi', 'scsi').source({ adapter: 'host0' }).build(),
  'scsi fc_host': () =>
    new StoragePoolBuilder('lvts-vhba', 'scsi')
      .source({
        adapter: {
          type: 'fc_host',
          parent: 'scsi_host5',
          managed: true,
          wwnn: '20000000c9831b4b',
          wwpn: '10000000c9831b4b',
        },
      })
      .build(),
  'scsi parentaddr': () =>
    new StoragePoolBuilder('lvts-scsi-pci', 'scsi')
      .source({
        adapter: {
          type: 'scsi_host',
          parentaddr: { uniqueId: 1, address: { domain: 0, bus: 0, slot: 0x1f, function: 2 } },
        },
      })
      .build(),
  mpath: () => new StoragePoolBuilder('lvts-mpath', 'mpath').build(),
  rbd: () =>
    new StoragePoolBuilder('lvts-rbd', 'rbd')
      .source({
        host: ['mon1.example.com', { name: 'mon2.example.com', port: 6789 }],
        name: 'libvirt-pool',
        auth: { username: 'libvirt', secret: { uuid: SECRET_UUID } },
      })
      .refreshAllocation('capacity')
      .rbdConfig({ client_mount_timeout: '45' })
      .build(),
  sheepdog: () =>
    new StoragePoolBuilder('lvts-sheep', 'sheepdog')
      .source({ host: 'sheep.example', name: 'cluster' })
      .build(),
  gluster: () =>
    new StoragePoolBuilder('lvts-gluster', 'gluster')
      .source({ host: 'gluster.example', name: 'gv0', dir: '/' })
      .build(),
  zfs: () => new StoragePoolBuilder('lvts-zfs', 'zfs').source({ name: 'tank', device: '/dev/sde' }).build(),
  vstorage: () => new StoragePoolBuilder('lvts-vstorage', 'vstorage').source({ name: 'cluster1' }).build(),
};

const volumes: Record<string, () => StorageVolumeDef> = {
  'qcow2 defaults': () => new StorageVolumeBuilder('vm.qcow2').capacity('10 GiB').build(),
  'raw preallocated': () =>
    new StorageVolumeBuilder('vm.img').capacity('1 GiB').allocation('1 GiB').format('raw').build(),
  'qcow2 overlay with options': () =>
    new StorageVolumeBuilder('overlay.qcow2')
      .capacity('20G')
      .backingStore({ path: '/var/lib/libvirt/images/base.qcow2', format: 'qcow2' })
      .permissions({ mode: 0o600, owner: 107, group: 107 })
      .compat('1.1')
      .lazyRefcounts()
      .clusterSize('64 KiB')
      .nocow()
      .build(),
  'luks encrypted': () =>
    new StorageVolumeBuilder('secret.img')
      .capacity('1 GiB')
      .format('raw')
      .encryption({ format: 'luks', secrets: [{ type: 'passphrase', uuid: SECRET_UUID }] })
      .build(),
  'no format (logical pool)': () => new StorageVolumeBuilder('lv0').capacity('4 GiB').format(null).build(),
};

const networks: Record<string, () => ReturnType<NetworkBuilder['build']>> = {
  isolated: () => new NetworkBuilder('lvts-isolated').build(),
  'isolated with bridge': () =>
    new NetworkBuilder('lvts-isolated-br').bridge('lvtsbr0', { stp: true, delay: 0 }).build(),
  nat: () =>
    new NetworkBuilder('lvts-nat')
      .forward('nat', {
        nat: { addresses: { start: '203.0.113.1', end: '203.0.113.9' }, ports: { start: 1024, end: 65535 } },
      })
      .bridge('lvtsbr1', { macTableManager: 'libvirt' })
      .ip({
        address: '192.0.2.1',
        prefix: 24,
        dhcp: {
          start: '192.0.2.100',
          end: '192.0.2.200',
          lease: { expiry: 1, unit: 'hours' },
          hosts: [{ mac: '52:54:00:00:00:01', name: 'fixed', ip: '192.0.2.5' }],
          bootp: { file: 'pxelinux.0', server: '192.0.2.1' },
        },
        tftp: '/srv/tftp',
      })
      .ip({
        address: '2001:db8:ca2:2::1',
        prefix: 64,
        dhcp: { start: '2001:db8:ca2:2::100', end: '2001:db8:ca2:2::1ff' },
      })
      .domain('lab.example', { localOnly: true })
      .dns({
        forwarders: [{ addr: '198.51.100.53' }],
        txts: [{ name: 'example', value: 'v' }],
        srvs: [{ service: 'ldap', protocol: 'tcp', target: 'ldap.lab.example', port: 389 }],
        hosts: [{ ip: '192.0.2.5', hostnames: ['fixed'] }],
      })
      .mtu(1400)
      .mac('52:54:00:0a:0b:0c')
      .dnsmasqOptions('log-queries')
      .build(),
  route: () =>
    new NetworkBuilder('lvts-route')
      .forward('route', { dev: 'eth0' })
      .ip({ address: '198.51.100.1', netmask: '255.255.255.0' })
      .route({ address: '203.0.113.0', prefix: 24, gateway: '198.51.100.2', metric: 1 })
      .build(),
  open: () =>
    new NetworkBuilder('lvts-open').forward('open').ip({ address: '203.0.113.1', prefix: 25 }).build(),
  'host bridge': () => new NetworkBuilder('lvts-bridge').forward('bridge').bridge('br0').build(),
  'ovs bridge with portgroups': () =>
    new NetworkBuilder('lvts-ovs')
      .forward('bridge')
      .bridge('ovsbr0')
      .virtualport({ type: 'openvswitch' })
      .vlan({ trunk: true, tags: [{ id: 42, nativeMode: 'untagged' }, { id: 47 }] })
      .portgroup({ name: 'eng', default: true, vlan: { tags: [{ id: 42 }] } })
      .portgroup({ name: 'slow', bandwidth: { inbound: { average: 1000, peak: 5000, burst: 1024 } } })
      .build(),
  vepa: () =>
    new NetworkBuilder('lvts-vepa')
      .forward('vepa', { interfaces: ['eth0', 'eth1'] })
      .virtualport({ type: '802.1Qbg', parameters: { managerid: 11, typeid: 1193047, typeidversion: 2 } })
      .build(),
  passthrough: () => new NetworkBuilder('lvts-pt').forward('passthrough', { dev: 'eth0' }).build(),
  hostdev: () => new NetworkBuilder('lvts-sriov').forward('hostdev', { pf: 'eth3', driver: 'vfio' }).build(),
  'bandwidth limited nat': () =>
    new NetworkBuilder('lvts-qos')
      .forward('nat')
      .bandwidth({ inbound: { average: 1000, peak: 5000, burst: 1024 }, outbound: { average: 128 } })
      .build(),
};

async function expectValid(xml: string, kind: 'pool' | 'vol' | 'network'): Promise<void> {
  const result = await validateXml(xml, kind);
  expect(result.ok ? [] : [xml, ...result.errors]).toEqual([]);
}

describe('builder outputs validate with virt-xml-validate', () => {
  it.each(Object.entries(pools))('pool: %s', async (_name, make) =>
    expectValid(buildStoragePoolXml(make()), 'pool'),
  );
  it.each(Object.entries(volumes))('volume: %s', async (_name, make) =>
    expectValid(buildStorageVolumeXml(make()), 'vol'),
  );
  it.each(Object.entries(networks))('network: %s', async (_name, make) =>
    expectValid(buildNetworkXml(make()), 'network'),
  );
});
