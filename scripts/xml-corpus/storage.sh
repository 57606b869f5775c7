#!/usr/bin/env bash
# Storage pools of every type libvirt knows (defined, not started, except the dir pool that holds volumes), their
# pool-dumpxml, and volumes of several formats with their vol-dumpxml. Hosts use documentation addresses only.
source "$(dirname "$0")/lib.sh"

# pool <fixture name> <pool type> <inner XML>: define lvts-corpus-pool-<fixture name>, dump it, undefine it.
pool() {
  local fixture=$1 type=$2 name=${PREFIX}pool-$1 file
  file=$(mktemp)
  printf '<pool type="%s">\n  <name>%s</name>\n%s\n</pool>\n' "$type" "$name" "$3" >"$file"
  if try pool "libvirtd-$fixture" vq pool-define "$file"; then
    vq pool-dumpxml "$name" | save pool libvirtd "$fixture"
    vq pool-undefine "$name" >/dev/null
  fi
  rm -f "$file"
}

pool dir dir "  <target><path>$WORK/pool-dir</path><permissions><mode>0755</mode><owner>0</owner><group>0</group></permissions></target>"
pool fs fs "  <source><device path='/dev/lvts-corpus-none'/><format type='ext4'/></source>
  <target><path>$WORK/pool-fs</path></target>"
pool fs-auto fs "  <source><device path='/dev/lvts-corpus-none2'/><format type='auto'/></source>
  <target><path>$WORK/pool-fs2</path></target>"
pool netfs-nfs netfs "  <source><host name='203.0.113.20'/><dir path='/export/images'/><format type='nfs'/><protocol ver='4'/></source>
  <target><path>$WORK/pool-nfs</path></target>"
pool netfs-cifs netfs "  <source><host name='fileserver.example.com'/><dir path='share'/><format type='cifs'/></source>
  <target><path>$WORK/pool-cifs</path></target>"
pool netfs-gluster netfs "  <source><host name='203.0.113.21'/><dir path='/gv0'/><format type='glusterfs'/></source>
  <target><path>$WORK/pool-glusterfs</path></target>"
pool logical logical "  <source><device path='/dev/lvts-corpus-pv1'/><device path='/dev/lvts-corpus-pv2'/><name>lvtsvg</name><format type='lvm2'/></source>
  <target><path>/dev/lvtsvg</path></target>"
pool disk disk "  <source><device path='/dev/lvts-corpus-disk'/><format type='gpt'/></source>
  <target><path>/dev</path></target>"
pool iscsi iscsi "  <source><host name='203.0.113.22' port='3260'/><device path='iqn.2013-06.com.example:iscsi-pool'/>
    <initiator><iqn name='iqn.2013-06.com.example:client'/></initiator></source>
  <target><path>/dev/disk/by-path</path></target>"
pool iscsi-chap iscsi "  <source><host name='203.0.113.23'/><device path='iqn.2013-06.com.example:chap'/>
    <auth type='chap' username='lvts'><secret usage='lvts-corpus-chap'/></auth></source>
  <target><path>/dev/disk/by-path</path></target>"
pool iscsi-direct iscsi-direct "  <source><host name='203.0.113.24'/><device path='iqn.2013-06.com.example:direct'/>
    <initiator><iqn name='iqn.2013-06.com.example:initiator'/></initiator></source>"
pool rbd rbd "  <source><name>rbdpool</name><host name='203.0.113.25' port='6789'/><host name='203.0.113.26' port='6789'/>
    <auth type='ceph' username='admin'><secret uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/></auth>
    <config opt='client_mount_timeout' value='45'/></source>"
pool gluster gluster "  <source><host name='203.0.113.27'/><dir path='/'/><name>gv0</name></source>"
pool scsi scsi "  <source><adapter type='scsi_host' name='host0'/></source>
  <target><path>/dev/disk/by-path</path></target>"
pool scsi-fchost scsi "  <source><adapter type='fc_host' parent='scsi_host5' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b' managed='yes'/></source>
  <target><path>/dev/disk/by-path</path></target>"
pool scsi-parentaddr scsi "  <source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/></parentaddr></adapter></source>
  <target><path>/dev/disk/by-path</path></target>"
pool mpath mpath "  <target><path>/dev/mapper</path></target>"
pool zfs zfs "  <source><name>lvtszpool</name><device path='/dev/lvts-corpus-zdev'/></source>"
pool vstorage vstorage "  <source><name>lvtscluster</name></source>
  <target><path>$WORK/pool-vstorage</path></target>"
pool sheepdog sheepdog "  <source><name>sheep</name><host name='203.0.113.28' port='7000'/></source>"

# Volumes live in a started dir pool of their own.
vpool=${PREFIX}volumes
mkdir -p "$WORK/volumes"
if try volume "libvirtd-pool-$vpool" vq pool-define-as "$vpool" dir --target "$WORK/volumes" &&
  try volume "libvirtd-pool-start" vq pool-start "$vpool"; then
  vq pool-dumpxml "$vpool" | save pool libvirtd dir-started
  try volume raw vq vol-create-as "$vpool" raw.img 16M --format raw
  try volume raw-sparse vq vol-create-as "$vpool" sparse.img 64M --allocation 0 --format raw
  try volume qcow2 vq vol-create-as "$vpool" disk.qcow2 32M --format qcow2
  try volume qcow2-prealloc vq vol-create-as "$vpool" prealloc.qcow2 8M --allocation 8M --format qcow2 --prealloc-metadata
  try volume qcow2-backing vq vol-create-as "$vpool" overlay.qcow2 32M --format qcow2 \
    --backing-vol disk.qcow2 --backing-vol-format qcow2
  try volume qcow2-chain vq vol-create-as "$vpool" overlay2.qcow2 32M --format qcow2 \
    --backing-vol overlay.qcow2 --backing-vol-format qcow2
  try volume vmdk vq vol-create-as "$vpool" disk.vmdk 16M --format vmdk
  try volume vdi vq vol-create-as "$vpool" disk.vdi 16M --format vdi
  try volume clone vq vol-clone --pool "$vpool" disk.qcow2 clone.qcow2
  volxml=$(mktemp)
  cat >"$volxml" <<VOL
<volume>
  <name>compat.qcow2</name>
  <capacity unit='MiB'>24</capacity>
  <allocation unit='bytes'>0</allocation>
  <target>
    <format type='qcow2'/>
    <permissions><mode>0640</mode><owner>0</owner><group>0</group><label>lvts</label></permissions>
    <compat>1.1</compat>
    <clusterSize unit='KiB'>128</clusterSize>
    <nocow/>
    <features><lazy_refcounts/></features>
  </target>
</volume>
VOL
  try volume from-xml vq vol-create "$vpool" "$volxml"
  rm -f "$volxml"
  vq pool-refresh "$vpool" >/dev/null
  for v in $(vq vol-list "$vpool" | awk '{print $1}'); do
    vq vol-dumpxml --pool "$vpool" "$v" | save volume libvirtd "${v//./-}"
  done
  vq pool-destroy "$vpool" >/dev/null
  vq pool-delete "$vpool" >/dev/null 2>&1
  vq pool-undefine "$vpool" >/dev/null
fi
rm -rf "$WORK/volumes"
