#!/usr/bin/env bash
# Host documents from qemu:///system: capabilities, domain capabilities for each virt type/arch/machine the
# installed emulators offer, a handful of node devices, and secrets (defined, dumped, undefined).
source "$(dirname "$0")/lib.sh"

vq capabilities | save capabilities libvirtd host

# domcaps <fixture name> <virsh options...>
domcaps() {
  local fixture=$1
  shift
  try domaincapabilities "libvirtd-$fixture" vq domcapabilities "$@" &&
    vq domcapabilities "$@" | save domaincapabilities libvirtd "$fixture"
}
domcaps default
for virttype in qemu kvm; do
  for machine in pc q35; do domcaps "$virttype-x86_64-$machine" --virttype "$virttype" --arch x86_64 --machine "$machine"; done
done
domcaps qemu-x86_64-microvm --virttype qemu --arch x86_64 --machine microvm
domcaps qemu-x86_64-isapc --virttype qemu --arch x86_64 --machine isapc
domcaps qemu-i686-pc --virttype qemu --arch i686 --machine pc
domcaps qemu-i686-q35 --virttype qemu --arch i686 --machine q35
domcaps qemu-i686-emulator --virttype qemu --arch i686 --emulatorbin /usr/bin/qemu-system-i386
domcaps kvm-i686-pc --virttype kvm --arch i686 --machine pc
# Every other installed qemu-system-* binary (this machine may have only x86).
for bin in /usr/bin/qemu-system-*; do
  arch=${bin#/usr/bin/qemu-system-}
  case "$arch" in x86_64 | i386 | x86_64-microvm) continue ;; esac
  domcaps "qemu-$arch" --virttype qemu --emulatorbin "$bin"
done

# A handful of node devices: the computer, and the first device of each capability present.
vq nodedev-dumpxml computer | save nodedev libvirtd computer
for cap in pci net storage scsi_host scsi usb_device usb_dev usb vports mdev css_device ccw_device drm; do
  dev=$(vq nodedev-list --cap "$cap" 2>/dev/null | head -1)
  [ -n "$dev" ] && vq nodedev-dumpxml "$dev" | save nodedev libvirtd "$dev"
done

# secret <fixture name> <uuid> <inner XML>: define, dump, undefine (no value is ever set).
secret() {
  local file
  file=$(mktemp)
  printf '<secret ephemeral="no" private="yes">\n  <uuid>%s</uuid>\n%s\n</secret>\n' "$2" "$3" >"$file"
  if try secret "libvirtd-$1" vq secret-define "$file"; then
    vq secret-dumpxml "$2" | save secret libvirtd "$1"
    vq secret-undefine "$2" >/dev/null
  fi
  rm -f "$file"
}
secret volume 8f1b7a3e-5c2d-4e6f-9a1b-0c2d3e4f5a61 "  <description>LUKS passphrase of a corpus volume</description>
  <usage type='volume'><volume>$WORK/lvts-corpus-encrypted.qcow2</volume></usage>"
secret ceph 2ec115d7-3a88-3ceb-bc12-0ac909a6fd87 "  <usage type='ceph'><name>client.admin lvts-corpus</name></usage>"
secret iscsi 8f1b7a3e-5c2d-4e6f-9a1b-0c2d3e4f5a63 "  <description>iSCSI CHAP</description>
  <usage type='iscsi'><target>lvts-corpus-chap</target></usage>"
secret tls 8f1b7a3e-5c2d-4e6f-9a1b-0c2d3e4f5a64 "  <usage type='tls'><name>lvts-corpus-tls</name></usage>"
secret vtpm 8f1b7a3e-5c2d-4e6f-9a1b-0c2d3e4f5a65 "  <description>vTPM state</description>
  <usage type='vtpm'><name>lvts-corpus-vtpm</name></usage>"
