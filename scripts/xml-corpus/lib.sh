# Shared helpers for the corpus generator (sourced, not run).
# Everything this generator creates in libvirt is named with $PREFIX so cleanup can find it.
set -u
PREFIX=lvts-corpus-
QEMU_URI=qemu:///system
TEST_URI=test:///default
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${OUT:-$ROOT/test/fixtures/xml}
# Scratch images/ISO/kernel live where the qemu driver may read them when a guest starts.
WORK=${WORK:-/var/lib/libvirt/images/lvts-corpus}
FAILURES=${FAILURES:-$OUT/.failures.tsv}

vq() { virsh -q -c "$QEMU_URI" "$@"; }
vt() { virsh -q -c "$TEST_URI" "$@"; }

# save <kind> <source> <name>: stdin → test/fixtures/xml/<kind>/<source>-<name>.xml (skips empty output).
save() {
  local kind=$1 source=$2 name=$3 tmp
  mkdir -p "$OUT/$kind"
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -s "$tmp" ] && grep -q '<' "$tmp"; then
    mv "$tmp" "$OUT/$kind/$source-$name.xml"
  else
    rm -f "$tmp"
    fail "$kind" "$source-$name" "empty output"
  fi
}

# fail <kind> <what> <reason>: recorded for the README's "what failed" table.
fail() {
  local reason
  # Temp file names and the checkout path are dropped so the README does not change from run to run.
  reason=$(printf '%s' "$3" | tr '\n\t' '  ' | sed -e 's|/tmp/tmp\.[A-Za-z0-9]*|<file>|g' -e "s|$ROOT/||g" -e 's/  */ /g' | cut -c1-220)
  printf '%s\t%s\t%s\n' "$1" "$2" "$reason" >>"$FAILURES"
  echo "  failed: $1 $2: $reason" >&2
}

# try <kind> <what> <cmd...>: run cmd; on failure record stderr and return 1.
try() {
  local kind=$1 what=$2 err
  shift 2
  if ! err=$("$@" 2>&1 >/dev/null); then
    fail "$kind" "$what" "$err"
    return 1
  fi
}

# virt-install (even with --dry-run) defines and autostarts a dir pool for every directory holding a disk it is
# given, and leaves it behind. Owning a pool over the scratch dir up front stops that; images_pool_down removes it.
IMAGES_POOL=${PREFIX}images
images_pool_up() {
  mkdir -p "$WORK"
  if ! vq pool-info "$IMAGES_POOL" >/dev/null 2>&1; then
    vq pool-define-as "$IMAGES_POOL" dir --target "$WORK" >/dev/null
    vq pool-start "$IMAGES_POOL" >/dev/null
  fi
  vq pool-refresh "$IMAGES_POOL" >/dev/null
}
images_pool_down() {
  vq pool-destroy "$IMAGES_POOL" >/dev/null 2>&1
  vq pool-undefine "$IMAGES_POOL" >/dev/null 2>&1
}
