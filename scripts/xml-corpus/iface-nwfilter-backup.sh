#!/usr/bin/env bash
# Host interfaces, storage pool capabilities, network filters and their bindings, and domain backups from
# qemu:///system. Filters are defined, dumped and undefined at the end. One binding is made on a port device that
# does not exist (libvirt only records it); libvirt makes another for the NIC of the backup guest, whose
# <filterref> names a filter. Backups run on that tiny TCG guest with a qcow2 disk: a full pull over a unix socket
# that also makes a checkpoint, then an incremental pull over TCP from it. A push backup of the 16 MiB disk ends
# before backup-dumpxml can read it, so there is none. Addresses come from documentation ranges only.
source "$(dirname "$0")/lib.sh"

# Host interfaces as the udev backend reports them (this host's own devices), live and --inactive if it differs.
for i in $(vq iface-list --all | awk '{print $1}'); do
  vq iface-dumpxml "$i" | save interface libvirtd "$i"
  vq iface-dumpxml "$i" --inactive | cmp -s - "$OUT/interface/libvirtd-$i.xml" ||
    vq iface-dumpxml "$i" --inactive | save interface libvirtd "$i-inactive"
done

vq pool-capabilities | save storagepoolcaps libvirtd host

# filter <fixture name> <attributes of <filter>> <inner XML>: define lvts-corpus-f-<name>, dump, keep defined
# until the end (later filters reference earlier ones).
FILTERS=()
filter() {
  local name=${PREFIX}f-$1 file
  file=$(mktemp)
  printf '<filter name="%s" %s>\n%s\n</filter>\n' "$name" "$2" "$3" >"$file"
  if try nwfilter "libvirtd-$1" vq nwfilter-define "$file"; then
    vq nwfilter-dumpxml "$name" | save nwfilter libvirtd "$1"
    FILTERS=("$name" "${FILTERS[@]}")
  fi
  rm -f "$file"
}
filter no-spoofing "chain='mac' priority='-800'" "  <rule action='return' direction='out' priority='500'>
    <mac srcmacaddr='\$MAC'/>
  </rule>
  <rule action='drop' direction='out' priority='500'>
    <mac/>
  </rule>"
filter arp "chain='arp' priority='-500'" "  <rule action='return' direction='out' priority='400'>
    <arp match='yes' arpsrcmacaddr='\$MAC' arpsrcipaddr='\$IP' opcode='Request'/>
  </rule>
  <rule action='accept' direction='inout' priority='500'>
    <arp hwtype='1' protocoltype='0x0800' gratuitous='true' comment='gratuitous ARP'/>
  </rule>
  <rule action='accept' direction='in' priority='500'>
    <rarp srcmacaddr='52:54:00:00:00:01' srcmacmask='ff:ff:ff:00:00:00' dstmacaddr='ff:ff:ff:ff:ff:ff' opcode='Reply_Reverse'/>
  </rule>"
filter l2 "chain='root'" "  <uuid>6b3e1c0a-4a0e-4f39-9c1d-2f0b7d1a9e01</uuid>
  <rule action='accept' direction='out' priority='-500'>
    <mac protocolid='ipv4'/>
  </rule>
  <rule action='accept' direction='inout'>
    <mac protocolid='0x86dd' dstmacaddr='33:33:00:00:00:01' dstmacmask='ff:ff:00:00:00:00'/>
  </rule>
  <rule action='drop' direction='in' priority='100'>
    <vlan vlanid='42' encap-protocol='ipv4'/>
  </rule>
  <rule action='drop' direction='inout' priority='100'>
    <stp srcmacaddr='01:80:c2:00:00:00' type='0' flags='0x1' root-priority='32768' root-priority-hi='33000' root-cost='4' sender-priority='0x8000' port='1' port-hi='8' max-age='20' hello-time='2' forward-delay='15'/>
  </rule>
  <rule action='accept' direction='out'>
    <ip srcipaddr='\$IP' protocol='udp' srcportstart='68' dstportstart='67' dscp='8'/>
  </rule>
  <rule action='accept' direction='in'>
    <ipv6 srcipaddr='2001:db8::1' srcipmask='64' protocol='icmpv6' type='133' typeend='137'/>
  </rule>"
filter ipv4 "chain='ipv4' priority='-700'" "  <filterref filter='${PREFIX}f-no-spoofing'>
    <parameter name='MAC' value='52:54:00:12:34:56'/>
  </filterref>
  <rule action='accept' direction='in' priority='100'>
    <tcp dstportstart='22' state='NEW,ESTABLISHED' comment='ssh'/>
  </rule>
  <rule action='accept' direction='in' statematch='false'>
    <tcp srcipaddr='198.51.100.0' srcipmask='24' dstportstart='80' dstportend='443' flags='SYN,ACK/SYN'/>
  </rule>
  <rule action='accept' direction='out'>
    <udp dstipaddr='192.0.2.53' dstportstart='53' connlimit-above='10'/>
  </rule>
  <rule action='accept' direction='inout'>
    <sctp dstportstart='2905'/>
  </rule>
  <rule action='accept' direction='inout'>
    <icmp type='8' code='0' srcipfrom='203.0.113.1' srcipto='203.0.113.50'/>
  </rule>
  <rule action='accept' direction='inout'>
    <igmp/>
  </rule>
  <rule action='accept' direction='out'>
    <esp dstipaddr='203.0.113.9'/>
  </rule>
  <rule action='accept' direction='out'>
    <ah dstipaddr='203.0.113.9'/>
  </rule>
  <rule action='accept' direction='out'>
    <udplite dscp='0x2e'/>
  </rule>
  <rule action='reject' direction='in' priority='1000'>
    <all/>
  </rule>"
filter ipv6 "chain='ipv6'" "  <rule action='accept' direction='in'>
    <tcp-ipv6 dstportstart='22' srcipaddr='2001:db8::' srcipmask='32'/>
  </rule>
  <rule action='accept' direction='out'>
    <udp-ipv6 dstportstart='547'/>
  </rule>
  <rule action='accept' direction='inout'>
    <sctp-ipv6/>
  </rule>
  <rule action='accept' direction='inout'>
    <icmpv6 type='128'/>
  </rule>
  <rule action='accept' direction='out'>
    <esp-ipv6/>
  </rule>
  <rule action='accept' direction='out'>
    <ah-ipv6/>
  </rule>
  <rule action='accept' direction='out'>
    <udplite-ipv6/>
  </rule>
  <rule action='drop' direction='in' priority='900'>
    <all-ipv6/>
  </rule>"
filter top "chain='root'" "  <filterref filter='${PREFIX}f-no-spoofing'/>
  <filterref filter='${PREFIX}f-arp'>
    <parameter name='IP' value='203.0.113.10'/>
    <parameter name='IP' value='203.0.113.11'/>
  </filterref>
  <filterref filter='${PREFIX}f-ipv4'/>
  <rule action='drop' direction='inout' priority='1000'/>"

# A binding of the top filter to a port device nobody has (libvirt records it and applies no rules).
binding=$(mktemp)
cat >"$binding" <<BINDING
<filterbinding>
  <owner><name>${PREFIX}owner</name><uuid>5d1a4f3c-2c36-4b3e-9a8d-0b6f3e0d1a12</uuid></owner>
  <portdev name='lvtscorp0'/>
  <linkdev name='lvtscorplink0'/>
  <mac address='52:54:00:aa:bb:02'/>
  <filterref filter='${PREFIX}f-top'>
    <parameter name='MAC' value='52:54:00:aa:bb:02'/>
    <parameter name='IP' value='203.0.113.10'/>
  </filterref>
</filterbinding>
BINDING
if try nwfilterbinding libvirtd-top vq nwfilter-binding-create "$binding"; then
  vq nwfilter-binding-dumpxml lvtscorp0 | save nwfilterbinding libvirtd top
  vq nwfilter-binding-delete lvtscorp0 >/dev/null
fi
rm -f "$binding"

# Backups of a running tiny TCG guest (64 MiB, no OS) with a qcow2 disk.
mkdir -p "$WORK"
dom=${PREFIX}backup
qemu-img create -q -f qcow2 "$WORK/$dom.qcow2" 16M
domxml=$(mktemp)
cat >"$domxml" <<DOM
<domain type='qemu'>
  <name>$dom</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$WORK/$dom.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <source network='${PREFIX}filtered'/>
      <mac address='52:54:00:aa:bb:03'/>
      <model type='virtio'/>
      <filterref filter='${PREFIX}f-top'>
        <parameter name='IP' value='203.0.113.12'/>
      </filterref>
    </interface>
  </devices>
</domain>
DOM
# backup <fixture name> <backup XML> [checkpoint XML]: begin, dump, end the job (abort; a push may have ended).
backup() {
  local b c=
  b=$(mktemp)
  printf '%s\n' "$2" >"$b"
  if [ -n "${3:-}" ]; then
    c=$(mktemp)
    printf '%s\n' "$3" >"$c"
  fi
  if try domainbackup "libvirtd-$1" vq backup-begin "$dom" "$b" ${c:+"$c"}; then
    try domainbackup "libvirtd-$1" vq backup-dumpxml "$dom" && vq backup-dumpxml "$dom" | save domainbackup libvirtd "$1"
    vq domjobabort "$dom" >/dev/null 2>&1
  fi
  rm -f "$b" ${c:+"$c"}
}
netxml=$(mktemp)
printf "<network><name>%s</name><bridge name='lvtscorpf0'/></network>\n" "${PREFIX}filtered" >"$netxml"
try domainbackup libvirtd-guest vq net-create "$netxml"
rm -f "$netxml"
if try domainbackup libvirtd-guest vq define "$domxml" && try domainbackup libvirtd-guest vq start "$dom"; then
  # The binding libvirt made for the guest NIC's filterref.
  port=$(vq domiflist "$dom" | awk '$2 == "network" {print $1}')
  try nwfilterbinding libvirtd-guest-port vq nwfilter-binding-dumpxml "$port" &&
    vq nwfilter-binding-dumpxml "$port" | save nwfilterbinding libvirtd guest-port
  backup pull-unix "<domainbackup mode='pull'>
  <server transport='unix' socket='$WORK/$dom.sock'/>
  <disks>
    <disk name='vda' backup='yes' type='file'>
      <scratch file='$WORK/$dom-scratch1.qcow2'/>
    </disk>
  </disks>
</domainbackup>" "<domaincheckpoint><name>${PREFIX}cp1</name></domaincheckpoint>"
  backup pull-tcp-incremental "<domainbackup mode='pull'>
  <incremental>${PREFIX}cp1</incremental>
  <server name='localhost' port='10899'/>
  <disks>
    <disk name='vda' backup='yes' type='file' backupmode='incremental' exportname='lvts-vda' exportbitmap='lvts-bitmap'>
      <driver type='qcow2'/>
      <scratch file='$WORK/$dom-scratch2.qcow2'/>
    </disk>
  </disks>
</domainbackup>"
fi
vq destroy "$dom" >/dev/null 2>&1
vq undefine "$dom" --checkpoints-metadata >/dev/null 2>&1
vq net-destroy "${PREFIX}filtered" >/dev/null 2>&1
for f in "${FILTERS[@]}"; do vq nwfilter-undefine "$f" >/dev/null; done
rm -f "$domxml" "$WORK/$dom"*.qcow2 "$WORK/$dom.sock"
