#!/usr/bin/env bash
# virt-install --print-xml --dry-run over every option set in virt-install-options.txt.
# Each step of a multi-step install (cdrom/kernel installs print install + post-install documents) is one fixture.
source "$(dirname "$0")/lib.sh"

prepare_media() {
  mkdir -p "$WORK"
  truncate -s 1M "$WORK/tiny.iso"
  printf 'not a kernel\n' >"$WORK/vmlinuz"
  printf 'not an initrd\n' >"$WORK/initrd.img"
  [ -f "$WORK/base.qcow2" ] || qemu-img create -q -f qcow2 "$WORK/base.qcow2" 64M
  [ -f "$WORK/a.qcow2" ] || qemu-img create -q -f qcow2 -F qcow2 -b "$WORK/base.qcow2" "$WORK/a.qcow2"
  for f in c.raw d.raw e.raw f.img; do [ -f "$WORK/$f" ] || truncate -s 16M "$WORK/$f"; done
}

# split_documents <dir> <stem>: stdin holding one or more <domain> documents → <stem>.xml, <stem>-step2.xml, ...
split_documents() {
  awk -v dir="$1" -v stem="$2" '
    /^<domain[ >]/ { n++; file = dir "/" stem (n > 1 ? "-step" n : "") ".xml" }
    n > 0 { print > file }
    /^<\/domain>/ { close(file) }'
}

prepare_media
mkdir -p "$WORK/share-dir" "$OUT/domain"
images_pool_up
while IFS= read -r line; do
  case "$line" in '#'* | '') continue ;; esac
  name=${line%% *}
  opts=${line#* }
  uri=$QEMU_URI
  case "$name" in test:*) uri=$TEST_URI name=${name#test:} ;; esac
  opts=${opts//@IMG@/$WORK}
  opts=${opts//@ISO@/$WORK/tiny.iso}
  opts=${opts//@KERNEL@/$WORK/vmlinuz}
  opts=${opts//@INITRD@/$WORK/initrd.img}
  # The option sets are trusted, committed text; eval keeps their shell quoting (kernel_args="a b").
  if ! xml=$(eval "virt-install --connect '$uri' --print-xml --dry-run --noautoconsole --name '$PREFIX$name' $opts" 2>&1); then
    fail domain "virt-install-$name" "$(printf '%s' "$xml" | grep -m1 ERROR || printf '%s' "$xml" | tail -1)"
    continue
  fi
  printf '%s\n' "$xml" | split_documents "$OUT/domain" "virt-install-$name"
done <"$(dirname "$0")/virt-install-options.txt"

images_pool_down
