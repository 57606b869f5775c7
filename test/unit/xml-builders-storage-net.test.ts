import { describe, expect, it } from 'vitest';
import {
  buildNetworkXml,
  listUnknown,
  NetworkBuilder,
  parseNetworkXml,
  parseStoragePoolXml,
  parseStorageVolumeXml,
  StoragePoolBuilder,
  StorageVolumeBuilder,
  XmlError,
} from '../../src/xml/index.js';

/** Runs `f` and returns the XmlError it throws (failing the test when it throws nothing or something else). */
function xmlErrorOf(f: () => unknown): XmlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(XmlError);
    return e as XmlError;
  }
  throw new Error('expected an XmlError');
}

describe('StoragePoolBuilder', () => {
  it('makes a dir pool with the target virt-manager proposes', () => {
    expect(new StoragePoolBuilder('images', 'dir').toXml()).toBe(`<pool type="dir">
  <name>images</name>
  <target>
    <path>/var/lib/libvirt/images/images</path>
  </target>
</pool>
`);
    const pool = new StoragePoolBuilder('images', 'dir').target('/srv/images', { mode: 0o755 }).build();
    expect(pool.target).toEqual({ path: '/srv/images', permissions: { mode: 0o755 } });
    expect(listUnknown(pool)).toEqual([]);
  });

  it('makes fs, netfs, logical, disk, iscsi and rbd pools from their source parts', () => {
    expect(new StoragePoolBuilder('f', 'fs').source({ device: '/dev/vdb1', format: 'xfs' }).build()).toEqual({
      type: 'fs',
      name: 'f',
      source: { devices: [{ path: '/dev/vdb1' }], format: { type: 'xfs' } },
      target: { path: '/var/lib/libvirt/images/f' },
    });
    expect(
      new StoragePoolBuilder('n', 'netfs')
        .source({
          host: { name: 'nas.example', port: 2049 },
          dir: '/export',
          format: 'nfs',
          protocolVersion: 4,
        })
        .target('/mnt/n')
        .mountOptions('soft', 'timeo=10')
        .build(),
    ).toEqual({
      type: 'netfs',
      name: 'n',
      source: {
        hosts: [{ name: 'nas.example', port: 2049 }],
        dir: { path: '/export' },
        format: { type: 'nfs' },
        protocol: { ver: 4 },
      },
      target: { path: '/mnt/n' },
      fsMountOpts: { options: [{ name: 'soft' }, { name: 'timeo=10' }] },
    });
    expect(
      new StoragePoolBuilder('vg0', 'logical').source({ device: ['/dev/sdb', '/dev/sdc'] }).build(),
    ).toEqual({
      type: 'logical',
      name: 'vg0',
      source: { devices: [{ path: '/dev/sdb' }, { path: '/dev/sdc' }], name: 'vg0' },
      target: { path: '/dev/vg0' },
    });
    expect(
      new StoragePoolBuilder('d', 'disk').source({ device: '/dev/sdd', format: 'gpt' }).build(),
    ).toMatchObject({
      source: { devices: [{ path: '/dev/sdd' }], format: { type: 'gpt' } },
      target: { path: '/dev' },
    });
    expect(
      new StoragePoolBuilder('i', 'iscsi')
        .source({
          host: '192.0.2.5',
          device: 'iqn.2013-06.com.example:target',
          initiator: 'iqn.2013-06.com.example:client',
          auth: { username: 'u', secret: { usage: 'chap-secret' } },
        })
        .build().source,
    ).toEqual({
      hosts: [{ name: '192.0.2.5' }],
      devices: [{ path: 'iqn.2013-06.com.example:target' }],
      initiator: { iqn: { name: 'iqn.2013-06.com.example:client' } },
      auth: { type: 'chap', username: 'u', secret: { usage: 'chap-secret' } },
    });
    const rbd = new StoragePoolBuilder('r', 'rbd')
      .source({ host: ['mon1.example', { name: 'mon2.example', port: 6789 }], name: 'libvirt-pool' })
      .refreshAllocation('capacity')
      .rbdConfig({ rbd_cache: 'true' })
      .build();
    expect(rbd.target).toBeUndefined();
    expect(rbd.source?.hosts).toHaveLength(2);
    const xml = new StoragePoolBuilder('r', 'rbd')
      .source({
        host: 'mon',
        name: 'p',
        auth: { username: 'admin', secret: { uuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87' } },
      })
      .toXml();
    expect(parseStoragePoolXml(xml).source?.auth?.type).toBe('ceph');
  });

  it('makes scsi pools from an adapter name or an fc_host description', () => {
    expect(new StoragePoolBuilder('s', 'scsi').source({ adapter: 'host0' }).build().source).toEqual({
      adapter: { type: 'scsi_host', name: 'host0' },
    });
    const fc = new StoragePoolBuilder('v', 'scsi')
      .source({
        adapter: {
          type: 'fc_host',
          parent: 'scsi_host5',
          wwnn: '20000000c9831b4b',
          wwpn: '10000000c9831b4b',
        },
      })
      .build();
    expect(fc.source?.adapter?.type).toBe('fc_host');
  });

  it('names the missing required source part', () => {
    expect(
      xmlErrorOf(() => new StoragePoolBuilder('n', 'netfs').source({ host: 'h' }).build()).message,
    ).toMatch(/netfs pool needs a source dir/);
    expect(xmlErrorOf(() => new StoragePoolBuilder('n', 'netfs').build()).message).toMatch(
      /needs a source host/,
    );
    expect(
      xmlErrorOf(() => new StoragePoolBuilder('i', 'iscsi').source({ host: 'h' }).build()).message,
    ).toMatch(/iscsi pool needs a source device/);
    expect(
      xmlErrorOf(() => new StoragePoolBuilder('r', 'rbd').source({ host: 'h' }).build()).message,
    ).toMatch(/rbd pool needs a source name/);
    expect(xmlErrorOf(() => new StoragePoolBuilder('f', 'fs').build()).message).toMatch(
      /fs pool needs a source device/,
    );
    expect(xmlErrorOf(() => new StoragePoolBuilder('d', 'disk').build()).code).toBe('BAD_INPUT');
  });

  it('refuses parts, formats and options a pool type does not take', () => {
    expect(xmlErrorOf(() => new StoragePoolBuilder('d', 'dir').source({ host: 'h' })).message).toMatch(
      /dir pools take no source 'host'/,
    );
    expect(
      xmlErrorOf(() => new StoragePoolBuilder('f', 'fs').source({ device: '/dev/x', format: 'nfs' })).message,
    ).toMatch(/fs pool format must be one of/);
    expect(
      xmlErrorOf(() => new StoragePoolBuilder('f', 'fs').source({ device: ['/dev/a', '/dev/b'] })).message,
    ).toMatch(/one source device/);
    expect(xmlErrorOf(() => new StoragePoolBuilder('r', 'rbd').target('/x')).message).toMatch(
      /rbd pools have no target/,
    );
    expect(xmlErrorOf(() => new StoragePoolBuilder('d', 'dir').target('relative')).message).toMatch(
      /absolute path/,
    );
    expect(xmlErrorOf(() => new StoragePoolBuilder('d', 'dir').mountOptions('x')).code).toBe('BAD_INPUT');
    expect(xmlErrorOf(() => new StoragePoolBuilder('a/b', 'dir')).message).toMatch(/must not contain '\/'/);
    expect(xmlErrorOf(() => new StoragePoolBuilder('p', 'tape' as 'dir')).message).toMatch(
      /storage pool type must be one of/,
    );
    expect(
      xmlErrorOf(() =>
        new StoragePoolBuilder('i', 'iscsi').source({ host: { name: 'h', port: 70000 }, device: 'iqn' }),
      ).message,
    ).toMatch(/port must be an integer from 1 to 65535/);
  });

  it('builds independent copies', () => {
    const builder = new StoragePoolBuilder('p', 'dir');
    const first = builder.build();
    first.name = 'changed';
    expect(builder.build().name).toBe('p');
  });
});

describe('StorageVolumeBuilder', () => {
  it('makes a sparse qcow2 image by default, sizes in bytes', () => {
    expect(new StorageVolumeBuilder('vm.qcow2').capacity('10 GiB').toXml()).toBe(`<volume>
  <name>vm.qcow2</name>
  <capacity unit="bytes">10737418240</capacity>
  <allocation unit="bytes">0</allocation>
  <target>
    <format type="qcow2"/>
  </target>
</volume>
`);
  });

  it('takes allocation, format, backing store, permissions and qcow2 options', () => {
    const vol = new StorageVolumeBuilder('overlay.qcow2')
      .capacity(1073741824)
      .allocation('1 MiB')
      .backingStore({ path: '/var/lib/libvirt/images/base.qcow2', format: 'qcow2' })
      .permissions({ mode: 0o600, owner: 107, group: 107 })
      .compat('1.1')
      .lazyRefcounts()
      .clusterSize('64 KiB')
      .build();
    expect(vol).toEqual({
      name: 'overlay.qcow2',
      capacity: { value: 1073741824, unit: 'bytes' },
      allocation: { value: 1048576, unit: 'bytes' },
      target: {
        format: { type: 'qcow2' },
        permissions: { mode: 0o600, owner: 107, group: 107 },
        compat: '1.1',
        features: { lazyRefcounts: true },
        clusterSize: { value: 65536, unit: 'bytes' },
      },
      backingStore: { path: '/var/lib/libvirt/images/base.qcow2', format: { type: 'qcow2' } },
    });
    expect(
      listUnknown(parseStorageVolumeXml(new StorageVolumeBuilder('r').capacity('1G').format('raw').toXml())),
    ).toEqual([]);
    expect(new StorageVolumeBuilder('lv').capacity('1G').format(null).build().target).toEqual({});
  });

  it('refuses a missing capacity, bad sizes and a backing store on a format without one', () => {
    expect(xmlErrorOf(() => new StorageVolumeBuilder('v').build()).message).toMatch(/needs a capacity/);
    expect(xmlErrorOf(() => new StorageVolumeBuilder('v').capacity('ten gigs')).code).toBe('INVALID_VALUE');
    expect(xmlErrorOf(() => new StorageVolumeBuilder('v').capacity(-1)).code).toBe('INVALID_VALUE');
    expect(
      xmlErrorOf(() =>
        new StorageVolumeBuilder('v').capacity('1G').format('raw').backingStore({ path: '/b' }).build(),
      ).message,
    ).toMatch(/backing store needs a volume format that supports one/);
    expect(xmlErrorOf(() => new StorageVolumeBuilder('v').format('ntfs' as 'raw')).message).toMatch(
      /volume format/,
    );
  });
});

describe('NetworkBuilder', () => {
  it('makes an isolated network from a name alone', () => {
    expect(new NetworkBuilder('lab').toXml()).toBe('<network>\n  <name>lab</name>\n</network>\n');
  });

  it('makes a NAT network with a bridge, an address and DHCP', () => {
    const net = new NetworkBuilder('nat0')
      .bridge('virbr10', { stp: true, delay: 0 })
      .forward('nat')
      .ip({ address: '192.0.2.1', prefix: 24, dhcp: { start: '192.0.2.100', end: '192.0.2.200' } })
      .build();
    expect(net).toEqual({
      name: 'nat0',
      bridge: { name: 'virbr10', stp: true, delay: 0 },
      forward: { mode: 'nat' },
      ips: [
        {
          address: '192.0.2.1',
          prefix: 24,
          dhcp: { ranges: [{ start: '192.0.2.100', end: '192.0.2.200' }] },
        },
      ],
    });
    expect(listUnknown(parseNetworkXml(buildNetworkXml(net)))).toEqual([]);
  });

  it('takes netmasks, IPv6, leases, fixed hosts, routes, domain, dns and dnsmasq options', () => {
    const net = new NetworkBuilder('full')
      .forward('route', { dev: 'eth0' })
      .ip({
        address: '198.51.100.1',
        netmask: '255.255.255.0',
        dhcp: {
          start: '198.51.100.10',
          end: '198.51.100.20',
          lease: { expiry: 2, unit: 'hours' },
          hosts: [{ mac: '52:54:00:00:00:01', name: 'a', ip: '198.51.100.5' }],
          bootp: { file: 'pxelinux.0' },
        },
        tftp: '/srv/tftp',
      })
      .ip({ address: '2001:db8::1', prefix: 64 })
      .route({ address: '203.0.113.0', prefix: 24, gateway: '198.51.100.2' })
      .domain('lab.example', { localOnly: true })
      .dns({ hosts: [{ ip: '198.51.100.5', hostnames: ['a'] }] })
      .mtu(9000)
      .dnsmasqOptions('log-dhcp')
      .build();
    expect(net.ips?.[1]).toEqual({ address: '2001:db8::1', family: 'ipv6', prefix: 64 });
    expect(net.ips?.[0]?.dhcp?.ranges?.[0]?.lease).toEqual({ expiry: 2, unit: 'hours' });
    expect(net.routes).toEqual([{ address: '203.0.113.0', prefix: 24, gateway: '198.51.100.2' }]);
    expect(listUnknown(parseNetworkXml(buildNetworkXml(net)))).toEqual([]);
  });

  it('makes bridge, macvtap and hostdev networks', () => {
    expect(new NetworkBuilder('br').forward('bridge').bridge('br0').build().forward).toEqual({
      mode: 'bridge',
    });
    expect(
      new NetworkBuilder('mv').forward('vepa', { interfaces: ['eth0', 'eth1'] }).build().forward,
    ).toEqual({
      mode: 'vepa',
      interfaces: [{ dev: 'eth0' }, { dev: 'eth1' }],
    });
    expect(new NetworkBuilder('sriov').forward('hostdev', { pf: 'eth3' }).build().forward).toEqual({
      mode: 'hostdev',
      managed: true,
      pf: { dev: 'eth3' },
    });
  });

  it('refuses combinations libvirt refuses', () => {
    expect(
      xmlErrorOf(() =>
        new NetworkBuilder('x')
          .forward('bridge')
          .bridge('br0')
          .ip({ address: '192.0.2.1', prefix: 24 })
          .build(),
      ).message,
    ).toMatch(/forward mode 'bridge' cannot have an <ip>/);
    expect(xmlErrorOf(() => new NetworkBuilder('x').forward('bridge').build()).message).toMatch(
      /needs .bridge\(name\)/,
    );
    expect(xmlErrorOf(() => new NetworkBuilder('x').forward('private').build()).message).toMatch(
      /needs a dev or interfaces/,
    );
    expect(
      xmlErrorOf(() => new NetworkBuilder('x').forward('vepa', { dev: 'eth0' }).bridge('br0').build())
        .message,
    ).toMatch(/takes no bridge/);
    expect(xmlErrorOf(() => new NetworkBuilder('x').forward('hostdev').build()).message).toMatch(
      /needs a pf/,
    );
    expect(xmlErrorOf(() => new NetworkBuilder('x').forward('route', { pf: 'eth0' })).code).toBe('BAD_INPUT');
    expect(xmlErrorOf(() => new NetworkBuilder('x').forward('bridge', { nat: {} })).message).toMatch(
      /nat options apply/,
    );
  });

  it('refuses bad addresses, prefixes and netmasks', () => {
    const b = new NetworkBuilder('x');
    expect(xmlErrorOf(() => b.ip({ address: '192.0.2.300', prefix: 24 })).message).toMatch(
      /IPv4 or IPv6 address/,
    );
    expect(xmlErrorOf(() => b.ip({ address: '192.0.2.1' })).message).toMatch(
      /exactly one of prefix or netmask/,
    );
    expect(xmlErrorOf(() => b.ip({ address: '192.0.2.1', prefix: 33 })).message).toMatch(
      /prefix must be an integer from 0 to 32/,
    );
    expect(xmlErrorOf(() => b.ip({ address: '2001:db8::1', netmask: '255.255.255.0' })).message).toMatch(
      /netmask is for IPv4/,
    );
    expect(
      xmlErrorOf(() =>
        b.ip({ address: '192.0.2.1', prefix: 24, dhcp: { start: '2001:db8::2', end: '2001:db8::9' } }),
      ).message,
    ).toMatch(/not an ipv4 address/);
    expect(xmlErrorOf(() => b.ip({ address: '2001:db8:::1', prefix: 64 })).code).toBe('BAD_INPUT');
    expect(xmlErrorOf(() => b.mac('01:00:5e:00:00:01')).message).toMatch(/unicast MAC/);
    expect(xmlErrorOf(() => b.uuid('not-a-uuid')).message).toMatch(/must be a UUID/);
  });
});
