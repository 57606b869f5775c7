#!/usr/bin/env bash
# libvirtd's own domain documents: every virt-install fixture (qemu/kvm) defined on qemu:///system and dumped
# (plus --inactive/--security-info/--migratable when they differ), two started guests' live XML, snapshots and
# checkpoints. Everything is undefined again at the end.
source "$(dirname "$0")/lib.sh"

# dump_variants <domain> <fixture stem>: dumpxml, and each flag variant whose output differs from the plain one.
dump_variants() {
  local dom=$1 stem=$2 base flag variant
  base=$(vq dumpxml "$dom") || return 1
  printf '%s\n' "$base" | save domain libvirtd "$stem"
  for flag in inactive security-info migratable; do
    variant=$(vq dumpxml "$dom" "--$flag") || continue
    [ "$variant" = "$base" ] || printf '%s\n' "$variant" | save domain libvirtd "$stem-$flag"
  done
}

undefine() {
  vq destroy "$1" >/dev/null 2>&1
  vq undefine "$1" --snapshots-metadata --checkpoints-metadata --nvram >/dev/null 2>&1 ||
    vq undefine "$1" --snapshots-metadata >/dev/null 2>&1
}

# 1. define → dump → undefine every virt-install document written for qemu:///system.
for f in "$OUT"/domain/virt-install-*.xml; do
  grep -q '<domain type="test"' "$f" && continue
  stem=$(basename "$f" .xml)
  stem=${stem#virt-install-}
  dom=$(sed -n 's:.*<name>\(.*\)</name>.*:\1:p' "$f" | head -1)
  try domain "libvirtd-define-$stem" vq define "$f" || continue
  dump_variants "$dom" "defined-$stem" || fail domain "libvirtd-defined-$stem" "dumpxml failed"
  undefine "$dom"
done

images_pool_up

# 2. Started guests (64 MiB, qcow2, TCG) with VNC: the live XML carries runtime ids, aliases and ports.
mkdir -p "$WORK"
guest_xml() {
  local name=$1 extra=$2
  qemu-img create -q -f qcow2 "$WORK/$name.qcow2" 64M
  # shellcheck disable=SC2086 # $extra holds several options on purpose
  virt-install --connect "$QEMU_URI" --print-xml --dry-run --noautoconsole --name "$PREFIX$name" \
    --memory 64 --virt-type qemu --machine pc --import --disk "$WORK/$name.qcow2,bus=virtio" \
    --osinfo generic --network none --graphics vnc,listen=127.0.0.1 $extra
}
for spec in "running-vnc|--video vga" "running-devices|--video virtio --rng /dev/urandom --serial pty --channel unix,target_type=virtio,name=org.qemu.guest_agent.0 --watchdog i6300esb"; do
  name=${spec%%|*}
  xmlfile=$(mktemp)
  guest_xml "$name" "${spec#*|}" >"$xmlfile" 2>/dev/null
  if try domain "libvirtd-$name" vq define "$xmlfile" && try domain "libvirtd-$name" vq start "$PREFIX$name"; then
    dump_variants "$PREFIX$name" "$name"
  fi
  undefine "$PREFIX$name"
  rm -f "$xmlfile" "$WORK/$name.qcow2"
done

# 3. Snapshots and checkpoints on a shut-off qcow2 domain (and one running guest for a memory snapshot).
name=snapshots
xmlfile=$(mktemp)
guest_xml "$name" "--video vga" >"$xmlfile" 2>/dev/null
if try snapshot "libvirtd-define-$name" vq define "$xmlfile"; then
  dom=$PREFIX$name
  try snapshot internal-plain vq snapshot-create-as "$dom" --name s1
  try snapshot internal-described vq snapshot-create-as "$dom" --name s2 --description "second, child of s1"
  try snapshot external-disk-only vq snapshot-create-as "$dom" --name s3-external --disk-only \
    --diskspec "vda,snapshot=external,file=$WORK/$name.s3.qcow2"
  if try snapshot running-guest vq start "$dom"; then
    try snapshot running-memory vq snapshot-create-as "$dom" --name s4-running --description "taken while running"
    try checkpoint create vq checkpoint-create-as "$dom" --name c1 --description "first checkpoint"
    try checkpoint create-second vq checkpoint-create-as "$dom" --name c2
    for c in $(vq checkpoint-list "$dom" --name 2>/dev/null); do
      vq checkpoint-dumpxml "$dom" "$c" | save checkpoint libvirtd "$c"
      vq checkpoint-dumpxml "$dom" "$c" --no-domain | save checkpoint libvirtd "$c-no-domain"
      vq checkpoint-dumpxml "$dom" "$c" --size 2>/dev/null | save checkpoint libvirtd "$c-size"
    done
    vq destroy "$dom" >/dev/null
  fi
  for s in $(vq snapshot-list "$dom" --name 2>/dev/null); do
    vq snapshot-dumpxml "$dom" "$s" | save snapshot libvirtd "$s"
    vq snapshot-dumpxml "$dom" "$s" --security-info | cmp -s - "$OUT/snapshot/libvirtd-$s.xml" ||
      vq snapshot-dumpxml "$dom" "$s" --security-info | save snapshot libvirtd "$s-security-info"
  done
  # External snapshots have to be deleted by hand (libvirt 9.0 cannot delete them), so only the metadata goes.
  for c in $(vq checkpoint-list "$dom" --name 2>/dev/null); do vq checkpoint-delete "$dom" "$c" --metadata >/dev/null; done
  undefine "$dom"
fi
rm -f "$xmlfile" "$WORK/$name".*
images_pool_down
