#!/usr/bin/env bash
# Regenerates test/fixtures/xml/** from virt-install, a running qemu:///system libvirtd and test:///default,
# then writes test/fixtures/xml/README.md. Needs root (qemu:///system) and the virtinst package.
# Leaves libvirtd as found: everything it defines is named lvts-corpus-* and removed again, also on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

# cleanup: remove anything named $PREFIX* that a failed run might have left behind.
cleanup() {
  local x
  for x in $(vq list --all --name | grep "^$PREFIX"); do
    vq destroy "$x" >/dev/null 2>&1
    for s in $(vq snapshot-list "$x" --name 2>/dev/null); do vq snapshot-delete "$x" "$s" --metadata >/dev/null; done
    vq undefine "$x" --checkpoints-metadata --nvram >/dev/null 2>&1 || vq undefine "$x" >/dev/null
  done
  for x in $(vq net-list --all --name | grep "^$PREFIX"); do
    vq net-destroy "$x" >/dev/null 2>&1
    vq net-undefine "$x" >/dev/null
  done
  for x in $(vq pool-list --all --name | grep "^$PREFIX"); do
    vq pool-destroy "$x" >/dev/null 2>&1
    vq pool-undefine "$x" >/dev/null
  done
  for x in $(vq secret-list | awk '/lvts-corpus/ {print $1}'); do vq secret-undefine "$x" >/dev/null; done
  for x in $(vq nwfilter-binding-list | awk '$2 ~ /^lvts-corpus-/ {print $1}'); do vq nwfilter-binding-delete "$x" >/dev/null; done
  for x in $(vq nwfilter-list | awk '$2 ~ /^lvts-corpus-/ {print $2}'); do vq nwfilter-undefine "$x" >/dev/null 2>&1; done
  # Filters reference each other: a second pass removes those the first could not.
  for x in $(vq nwfilter-list | awk '$2 ~ /^lvts-corpus-/ {print $2}'); do vq nwfilter-undefine "$x" >/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

cleanup
rm -rf "$OUT"
mkdir -p "$OUT"
: >"$FAILURES"
for step in virt-install domains storage networks host iface-nwfilter-backup test-driver; do
  echo "== $step" >&2
  bash "$here/$step.sh"
done
bash "$here/index.sh"
rm -f "$FAILURES"
