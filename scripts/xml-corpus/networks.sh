#!/usr/bin/env bash
# Networks of every forward mode, defined (never started unless isolated and address-free) and dumped.
# Addresses come only from documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
source "$(dirname "$0")/lib.sh"

# net <fixture name> <inner XML> [start]: define lvts-corpus-net-<name>, dump, optionally start (isolated, no IP)
# and dump the live document too, then undefine.
net() {
  local fixture=$1 name=${PREFIX}net-$1 file
  file=$(mktemp)
  printf '<network>\n  <name>%s</name>\n%s\n</network>\n' "$name" "$2" >"$file"
  if try network "libvirtd-$fixture" vq net-define "$file"; then
    vq net-dumpxml "$name" | save network libvirtd "$fixture"
    if [ "${3:-}" = start ] && try network "libvirtd-$fixture-start" vq net-start "$name"; then
      vq net-dumpxml "$name" | save network libvirtd "$fixture-live"
      vq net-dumpxml "$name" --inactive | save network libvirtd "$fixture-live-inactive"
      try networkport "libvirtd-$fixture" port_dumps "$name" "$fixture"
      vq net-destroy "$name" >/dev/null
    fi
    vq net-undefine "$name" >/dev/null
  fi
  rm -f "$file"
}

# port_dumps <network> <fixture>: create a network port on a running network, dump it, delete it.
port_dumps() {
  local file uuid
  file=$(mktemp)
  cat >"$file" <<PORT
<networkport>
  <uuid>$(cat /proc/sys/kernel/random/uuid)</uuid>
  <owner><name>lvts-corpus-owner</name><uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a11</uuid></owner>
  <mac address='52:54:00:aa:bb:01'/>
  <bandwidth><inbound average='1000' peak='2000' burst='512'/><outbound average='500'/></bandwidth>
</networkport>
PORT
  vq net-port-create "$1" "$file" >/dev/null || return 1
  rm -f "$file"
  for uuid in $(vq net-port-list "$1" --uuid); do
    vq net-port-dumpxml "$1" "$uuid" | save networkport libvirtd "$2-port"
    vq net-port-delete "$1" "$uuid" >/dev/null
  done
}

net isolated-empty "" start
net isolated-bridge "  <bridge name='lvtsc0' stp='on' delay='0'/>
  <mtu size='9000'/>
  <domain name='corpus.example' localOnly='yes'/>" start
net isolated-ipv4-dhcp "  <bridge name='lvtsc1'/>
  <mac address='52:54:00:0a:0b:0c'/>
  <domain name='corpus.example'/>
  <dns enable='yes' forwardPlainNames='no'>
    <forwarder addr='192.0.2.53'/>
    <forwarder domain='example.com' addr='198.51.100.53'/>
    <txt name='example' value='example value'/>
    <host ip='192.0.2.10'><hostname>web</hostname><hostname>www</hostname></host>
    <srv service='name' protocol='tcp' domain='corpus.example' target='.' port='1024' priority='10' weight='10'/>
  </dns>
  <ip address='192.0.2.1' netmask='255.255.255.0' localPtr='yes'>
    <dhcp>
      <range start='192.0.2.100' end='192.0.2.200'><lease expiry='1' unit='hours'/></range>
      <host mac='52:54:00:00:00:99' name='fixed' ip='192.0.2.99'/>
      <bootp file='pxelinux.0' server='192.0.2.1'/>
    </dhcp>
    <tftp root='/srv/tftp'/>
  </ip>
  <ip family='ipv6' address='2001:db8:ca2:2::1' prefix='64'>
    <dhcp><range start='2001:db8:ca2:2::100' end='2001:db8:ca2:2::1ff'/><host id='0:4:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:63' name='v6host' ip='2001:db8:ca2:2::3'/></dhcp>
  </ip>
  <route address='198.51.100.0' prefix='24' gateway='192.0.2.2'/>
  <route family='ipv6' address='2001:db8:ca2:3::' prefix='64' gateway='2001:db8:ca2:2::2' metric='2'/>"
net nat "  <forward mode='nat'>
    <nat><address start='203.0.113.1' end='203.0.113.10'/><port start='1024' end='65535'/></nat>
  </forward>
  <bridge name='lvtsc2' stp='on' delay='0' macTableManager='libvirt'/>
  <ip address='198.51.100.1' prefix='24'><dhcp><range start='198.51.100.2' end='198.51.100.254'/></dhcp></ip>"
net nat-ipv6 "  <forward mode='nat' dev='eth0'><nat ipv6='yes'/><interface dev='eth0'/></forward>
  <bridge name='lvtsc3'/>
  <ip family='ipv6' address='2001:db8:ca2:4::1' prefix='64'/>"
net route "  <forward mode='route' dev='eth0'/>
  <bridge name='lvtsc4'/>
  <ip address='203.0.113.129' netmask='255.255.255.128'/>"
net open "  <forward mode='open'/>
  <bridge name='lvtsc5'/>
  <ip address='203.0.113.1' prefix='25'/>"
net bridge "  <forward mode='bridge'/>
  <bridge name='br0'/>"
net bridge-ovs "  <forward mode='bridge'/>
  <bridge name='ovsbr0'/>
  <virtualport type='openvswitch'/>
  <vlan trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan>
  <portgroup name='dontpanic' default='yes'><vlan><tag id='42'/></vlan></portgroup>
  <portgroup name='restricted'>
    <bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128' peak='256' burst='256'/></bandwidth>
  </portgroup>"
net private "  <forward mode='private'><interface dev='eth0'/><interface dev='eth1'/></forward>"
net vepa "  <forward mode='vepa'><interface dev='eth0'/><interface dev='eth1'/></forward>
  <virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' typeidversion='2' instanceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport>"
net vepa-8021qbh "  <forward mode='vepa'><interface dev='eth2'/></forward>
  <virtualport type='802.1Qbh'><parameters profileid='finance'/></virtualport>"
net passthrough "  <forward mode='passthrough' dev='eth0'><interface dev='eth0'/><interface dev='eth1'/></forward>"
net hostdev-pf "  <forward mode='hostdev' managed='yes'><pf dev='eth3'/></forward>"
net hostdev-addresses "  <forward mode='hostdev' managed='no'><driver name='vfio'/>
    <address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x1'/>
    <address type='pci' domain='0x0000' bus='0x04' slot='0x10' function='0x2'/>
  </forward>"
net bandwidth-portgroups "  <bridge name='lvtsc6'/>
  <bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128' peak='256' burst='256'/></bandwidth>
  <portgroup name='engineering' default='yes'><virtualport type='802.1Qbh'><parameters profileid='eng'/></virtualport></portgroup>
  <portgroup name='sales' trustGuestRxFilters='no'><bandwidth><inbound average='100'/></bandwidth></portgroup>"
net dns-disabled "  <forward mode='nat'/>
  <bridge name='lvtsc7'/>
  <dns enable='no'/>
  <ip address='192.0.2.65' netmask='255.255.255.192'/>"
net ipv6-only-isolated "  <bridge name='lvtsc8'/>
  <ip family='ipv6' address='2001:db8:ca2:5::1' prefix='64'/>
  <ip family='ipv6' address='2001:db8:ca2:6::1' prefix='64'/>"
net mtu-domain-nat "  <forward mode='nat'/>
  <bridge name='lvtsc9' zone='trusted'/>
  <mtu size='1400'/>
  <domain name='lvts.example' localOnly='no'/>
  <ip address='203.0.113.200' netmask='255.255.255.248'/>
  <metadata><lvts:info xmlns:lvts='https://example.com/lvts'><lvts:owner>corpus</lvts:owner></lvts:info></metadata>"
