import { reconnect } from '../../common/reconnect.js';
import { attr, child, element, leaf, list, type XmlType } from '../../engine/describe.js';
import { oneOf, onOff, str, uint, uuid, yesNo } from '../../engine/kinds.js';
import { pciDeviceInfo } from './device-info.js';

export const INTERFACE_TYPES = [
  'network',
  'bridge',
  'direct',
  'ethernet',
  'user',
  'hostdev',
  'vhostuser',
  'server',
  'client',
  'mcast',
  'udp',
  'vdpa',
  'null',
  'vds',
  'internal',
] as const;

/** `<source>`: depends on type: network, bridge, dev (+mode for direct), path (vhostuser/vdpa), address/port. */
export const interfaceSource = element({
  network: attr(str),
  portgroup: attr(str),
  portid: attr(uuid),
  bridge: attr(str),
  dev: attr(str),
  mode: attr(oneOf('vepa', 'bridge', 'private', 'passthrough', 'client', 'server')),
  type: attr(oneOf('unix')),
  path: attr(str),
  address: attr(str),
  port: attr(uint),
  local: child(element({ address: attr(str), port: attr(uint) })),
  // type 'vds' (VMware distributed switch)
  switchid: attr(uuid),
  portgroupid: attr(str),
  connectionid: attr(uint),
  /** type 'bridge': who manages the bridge's MAC table. */
  macTableManager: attr(oneOf('kernel', 'libvirt')),
  /** vhostuser client: reconnect when the socket goes away. */
  reconnect: child(reconnect),
});

/** `<portForward proto= address= dev=><range start= end= to= exclude=/></portForward>` of a passt NIC. */
export const portForward = element({
  proto: attr(oneOf('tcp', 'udp')),
  address: attr(str),
  dev: attr(str),
  ranges: list(
    element({ start: attr(uint), end: attr(uint), to: attr(uint), exclude: attr(yesNo) }),
    'range',
  ),
});

/** `<virtualport type=><parameters .../></virtualport>` (802.1Qbg/Qbh, Open vSwitch, midonet). */
export const virtualPort = element({
  type: attr(oneOf('802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet')),
  parameters: child(
    element({
      managerid: attr(uint),
      typeid: attr(uint),
      typeidversion: attr(uint),
      instanceid: attr(uuid),
      profileid: attr(str),
      interfaceid: attr(uuid),
    }),
  ),
});

const bandwidthLimit = element({
  average: attr(uint),
  peak: attr(uint),
  burst: attr(uint),
  floor: attr(uint),
});

/** `<bandwidth><inbound average= peak= burst=/><outbound .../></bandwidth>`, in KiB/s. */
export const bandwidth = element({
  classID: attr(uint),
  inbound: child(bandwidthLimit),
  outbound: child(bandwidthLimit),
});

/** `<vlan trunk=><tag id= nativeMode=/></vlan>`. */
export const vlan = element({
  trunk: attr(yesNo),
  tags: list(element({ id: attr(uint), nativeMode: attr(oneOf('tagged', 'untagged')) }), 'tag'),
});

/** `<ip address= prefix= family=/>` and `<route>` set on a guest NIC (user, ethernet). */
export const interfaceIp = element({
  address: attr(str),
  prefix: attr(uint),
  family: attr(oneOf('ipv4', 'ipv6')),
  peer: attr(str),
});
export const interfaceRoute = element({
  family: attr(oneOf('ipv4', 'ipv6')),
  address: attr(str),
  netmask: attr(str),
  prefix: attr(uint),
  gateway: attr(str),
  metric: attr(uint),
});

const virtioOffloads = element({
  csum: attr(onOff),
  gso: attr(onOff),
  tso4: attr(onOff),
  tso6: attr(onOff),
  ecn: attr(onOff),
  ufo: attr(onOff),
  mrgRxbuf: attr(onOff, 'mrg_rxbuf'),
});

/** `<driver>`: backend and virtio tuning (vhost, queues, offloads). */
export const interfaceDriver = element({
  name: attr(oneOf('qemu', 'vhost', 'kvm', 'vfio', 'xen')),
  txmode: attr(oneOf('iothread', 'timer')),
  ioeventfd: attr(onOff),
  eventIdx: attr(onOff, 'event_idx'),
  queues: attr(uint),
  rxQueueSize: attr(uint, 'rx_queue_size'),
  txQueueSize: attr(uint, 'tx_queue_size'),
  iommu: attr(onOff),
  ats: attr(onOff),
  packed: attr(onOff),
  pagePerVq: attr(onOff, 'page_per_vq'),
  rss: attr(onOff),
  rssHashReport: attr(onOff, 'rss_hash_report'),
  host: child(virtioOffloads),
  guest: child(virtioOffloads),
});

/** `<interface type=>`: a guest NIC of any type (formatdomain "Network interfaces"). */
export const networkInterface = element({
  type: attr(oneOf(...INTERFACE_TYPES)),
  managed: attr(yesNo),
  trustGuestRxFilters: attr(yesNo),
  source: child(interfaceSource),
  mac: child(element({ address: attr(str), type: attr(oneOf('generated', 'static')), check: attr(yesNo) })),
  virtualport: child(virtualPort),
  ips: list(interfaceIp, 'ip'),
  routes: list(interfaceRoute, 'route'),
  script: child(element({ path: attr(str) })),
  downscript: child(element({ path: attr(str) })),
  backenddomain: child(element({ name: attr(str) })),
  target: child(element({ dev: attr(str), managed: attr(yesNo) })),
  guest: child(element({ dev: attr(str), actual: attr(str) })),
  model: child(element({ type: attr(str) })),
  backend: child(
    element({ type: attr(oneOf('default', 'passt')), tap: attr(str), vhost: attr(str), logFile: attr(str) }),
  ),
  driver: child(interfaceDriver),
  filterref: child(
    element({
      filter: attr(str),
      parameters: list(element({ name: attr(str), value: attr(str) }), 'parameter'),
    }),
  ),
  tune: child(element({ sndbuf: leaf(uint) })),
  teaming: child(element({ type: attr(oneOf('persistent', 'transient')), persistent: attr(str) })),
  link: child(element({ state: attr(oneOf('up', 'down')) })),
  mtu: child(element({ size: attr(uint) })),
  bandwidth: child(bandwidth),
  vlan: child(vlan),
  coalesce: child(element({ rx: child(element({ frames: child(element({ max: attr(uint) })) })) })),
  portOptions: child(element({ isolated: attr(yesNo) }), 'port'),
  portForwards: list(portForward, 'portForward'),
  ...pciDeviceInfo,
});
export type NetworkInterface = XmlType<typeof networkInterface>;
