#!/usr/bin/env bash
# The test driver's built-in documents (test:///default): domain, pool, volume, network, interface, node devices,
# capabilities and domain capabilities, snapshots and a checkpoint of its "test" domain, and volumes it creates.
source "$(dirname "$0")/lib.sh"

vt dumpxml test | save domain test-driver test
vt dumpxml test --inactive | cmp -s - "$OUT/domain/test-driver-test.xml" || vt dumpxml test --inactive | save domain test-driver test-inactive
for p in $(vt pool-list --all --name); do vt pool-dumpxml "$p" | save pool test-driver "$p"; done
for n in $(vt net-list --all --name); do vt net-dumpxml "$n" | save network test-driver "$n"; done
for i in $(vt iface-list --all | awk '{print $1}'); do vt iface-dumpxml "$i" | save interface test-driver "$i"; done
# nodedev-list fails on the test driver (it rejects virsh's listing flags), so the known devices are named.
for d in computer scsi_host1 scsi_host2 scsi_host11; do
  try nodedev "test-driver-$d" vt nodedev-dumpxml "$d" && vt nodedev-dumpxml "$d" | save nodedev test-driver "$d"
done
vt capabilities | save capabilities test-driver default
try domaincapabilities test-driver vt domcapabilities >/dev/null && vt domcapabilities | save domaincapabilities test-driver default

# Snapshots and checkpoints live in one virsh session: test:///default forgets everything between connections.
virsh -q -c "$TEST_URI" "snapshot-create-as test --name ts1 --description first; snapshot-create-as test --name ts2; snapshot-dumpxml test ts1; snapshot-dumpxml test ts2" 2>/dev/null |
  awk -v dir="$OUT/snapshot" 'BEGIN{system("mkdir -p " dir)} /^<domainsnapshot>/{n++; f=dir "/test-driver-ts" n ".xml"} n{print > f}'
virsh -q -c "$TEST_URI" "checkpoint-create-as test --name tc1 --description first; checkpoint-dumpxml test tc1" 2>/dev/null |
  awk -v dir="$OUT/checkpoint" 'BEGIN{system("mkdir -p " dir)} /^Domain checkpoint/{next} {print > dir "/test-driver-tc1.xml"}'
# Its default pool starts empty, so volumes are created and dumped in one session.
virsh -q -c "$TEST_URI" "vol-create-as default-pool tv-raw.img 1M --format raw; vol-create-as default-pool tv-sparse.qcow2 2M --allocation 0 --format qcow2; vol-dumpxml --pool default-pool tv-raw.img; vol-dumpxml --pool default-pool tv-sparse.qcow2" 2>/dev/null |
  awk -v dir="$OUT/volume" 'BEGIN{system("mkdir -p " dir)} /^<volume/{n++; f=dir "/test-driver-default-pool-tv" n ".xml"} n{print > f}'
