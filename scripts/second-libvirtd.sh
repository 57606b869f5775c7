#!/usr/bin/env bash
# A second libvirtd on this machine, for migration tests between two daemons. It runs in a private mount namespace
# (unshare -m) where /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt are its
# own directories under $LVTS_SECOND_DIR, with its own host UUID; it is reached only over loopback TCP:
#   qemu+tcp://127.0.0.1:16510/system
# /var/lib/libvirt/images is shared with the first daemon (bind-mounted back in), so a guest's disk has the same
# path on both sides, as on shared storage. Run as root.
#   scripts/second-libvirtd.sh start     start (idempotent) and wait until it answers
#   scripts/second-libvirtd.sh stop      destroy its guests, stop it, remove its directories
#   scripts/second-libvirtd.sh status    exit 0 when it answers
#
# A throwaway test daemon, with the same relaxations as setup-libvirtd.sh (see its header):
# - TCP without authentication or TLS on 127.0.0.1:$PORT; an iptables rule (scripts/tcp-root-only.sh) rejects
#   connections to it from processes not running as root, and where iptables cannot add it the script prints a
#   WARNING: any local user then gets read-write libvirt, which is root.
# - No authentication on its unix sockets, which are 0770 root:root in $LVTS_SECOND_DIR (itself 0700).
# - Guests as root, no security driver; also no cgroups (see qemu.conf below).
set -euo pipefail

BASE=${LVTS_SECOND_DIR:-/var/tmp/lvts-second-libvirtd}
PORT=${LVTS_SECOND_PORT:-16510}
URI="qemu+tcp://127.0.0.1:${PORT}/system"
PIDFILE="$BASE/libvirtd.pid"
# Differs from the first daemon's: libvirt refuses to migrate a guest to a host with its own UUID.
HOST_UUID=${LVTS_SECOND_HOST_UUID:-5ec0dd00-1b7a-4c3e-9d2f-1e2d3c4b5a69}

# shellcheck source=scripts/tcp-root-only.sh
. "$(dirname "$0")/tcp-root-only.sh"

answers() {
  virsh -c "$URI" version >/dev/null 2>&1
}

running_pid() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && cat "$PIDFILE"
}

start() {
  if [ "$(id -u)" != 0 ]; then
    echo "second-libvirtd: must run as root" >&2
    exit 1
  fi
  tcp_root_only_add "$PORT" || true
  if running_pid >/dev/null && answers; then
    echo "second-libvirtd: already running at $URI"
    return 0
  fi
  mkdir -p "$BASE"/{etc,run,lib/images,cache,log}
  chmod 0700 "$BASE"
  cat >"$BASE/etc/libvirtd.conf" <<CONF
# libvirt-ts second daemon (scripts/second-libvirtd.sh)
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$PORT"
auth_tcp = "none"
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_group = "root"
unix_sock_rw_perms = "0770"
unix_sock_ro_perms = "0770"
host_uuid = "$HOST_UUID"
CONF
  # Port ranges apart from the first daemon's defaults (VNC 5900+, migration 49152+), so both can allocate at
  # once; no cgroups (the two daemons would name a guest's cgroup alike); QEMU's output to a file, not virtlogd.
  cat >"$BASE/etc/qemu.conf" <<'CONF'
# libvirt-ts second daemon
user = "root"
group = "root"
security_driver = "none"
remote_display_port_min = 6900
remote_display_port_max = 6999
remote_websocket_port_min = 7700
remote_websocket_port_max = 7799
migration_port_min = 49400
migration_port_max = 49499
cgroup_controllers = [ ]
stdio_handler = "file"
CONF
  touch "$BASE/etc/libvirt.conf"
  rm -f "$PIDFILE"
  unshare -m --propagation private bash -c '
    set -e
    BASE=$1
    # Bound before /var/lib/libvirt is covered; the --rbind below carries it along.
    mount --bind /var/lib/libvirt/images "$BASE/lib/images"
    mount --bind "$BASE/etc" /etc/libvirt
    mount --bind "$BASE/run" /run/libvirt
    mount --rbind "$BASE/lib" /var/lib/libvirt
    mkdir -p /var/cache/libvirt /var/log/libvirt
    mount --bind "$BASE/cache" /var/cache/libvirt
    mount --bind "$BASE/log" /var/log/libvirt
    exec libvirtd -d --listen -f "$BASE/etc/libvirtd.conf" -p "$BASE/libvirtd.pid"
  ' second-libvirtd "$BASE"
  for _ in $(seq 1 150); do
    if answers; then
      echo "second-libvirtd: up at $URI (pid $(cat "$PIDFILE"))"
      return 0
    fi
    sleep 0.1
  done
  echo "second-libvirtd: did not answer at $URI; see $BASE/log" >&2
  exit 1
}

stop() {
  if answers; then
    for dom in $(virsh -c "$URI" list --name --all); do
      virsh -c "$URI" destroy "$dom" >/dev/null 2>&1 || true
      virsh -c "$URI" undefine "$dom" >/dev/null 2>&1 || true
    done
  fi
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  # The namespace (and its mounts) went away with the daemon; only plain directories are left.
  rm -rf "$BASE"
  tcp_root_only_remove "$PORT"
  echo "second-libvirtd: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
