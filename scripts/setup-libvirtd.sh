#!/usr/bin/env bash
# Installs libvirt + QEMU (software emulation, no KVM needed) from Debian's packages, with the tools the tests
# use beside them (Chromium among them), and starts libvirtd so that qemu:///system (and
# qemu+tcp://127.0.0.1/system) work. Idempotent; run as root.
#   scripts/setup-libvirtd.sh            install + start
#   scripts/setup-libvirtd.sh --start    start only (packages already present)
#
# This configures a THROWAWAY TEST HOST. What it relaxes, compared with a host you care about:
# - No authentication on the unix sockets (auth_unix_rw = "none"; Debian's libvirtd defaults to polkit, and with
#   it to a 0777 socket). The sockets /run/libvirt/libvirt-sock and libvirt-sock-ro are made 0770 root:root, so
#   only root can open them. (Setting "none" alone, as this script once did, left the socket world-writable: every
#   local user had read-write libvirt, which is root on the machine — it starts guests as root and writes files
#   where it is told.)
# - TCP without authentication or encryption (listen_tcp = 1, auth_tcp = "none", no TLS), for the qemu+tcp://
#   tests and peer-to-peer migration, on 127.0.0.1:16509 only. Loopback is open to every local user, so an
#   iptables rule (scripts/tcp-root-only.sh) rejects connections to that port from processes not running as root;
#   where iptables cannot add it the script prints a WARNING, and then any local user gets root through TCP.
# - Guests run as root (qemu.conf user/group = "root") with no security driver (security_driver = "none": no
#   AppArmor or SELinux confinement, no per-guest labels): a guest that breaks out of QEMU is root on the host.
# - Tests give guests VNC on 127.0.0.1 without a password and migrate over loopback unencrypted.
# The distribution's config files are kept once as <file>.orig-libvirt-ts. When the config this script writes
# differs from what is installed, a running libvirtd is restarted to apply it (guests keep running; open
# connections get EOF, so do not re-run it while tests run).
set -euo pipefail

# chromium: the headless browser test of examples/web-console (test/daemon/web-console.test.ts).
PACKAGES=(libvirt0 libvirt-dev libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu
  qemu-system-x86 qemu-utils iptables dnsmasq-base libxml2-utils virtinst gcc libc6-dev python3-libvirt
  xorriso iproute2 util-linux osinfo-db libosinfo-bin python3-gi gir1.2-libosinfo-1.0 chromium)

if [ "$(id -u)" != 0 ]; then
  echo "setup-libvirtd: must run as root" >&2
  exit 1
fi

if [ "${1:-}" != "--start" ]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup-libvirtd: installing ${missing[*]}"
    apt-get update -qq
    # The network driver needs iptables present before libvirtd starts, so everything goes in first.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

mkdir -p /var/log/libvirt /var/run/libvirt /var/lib/libvirt/images
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
id libvirt-qemu >/dev/null 2>&1 || useradd --system --no-create-home -g libvirt-qemu libvirt-qemu

# install_conf FILE: installs stdin as FILE unless FILE already holds exactly that (then nothing changes).
changed=0
install_conf() {
  local file=$1 content
  content=$(cat)
  [ -f "$file" ] && [ "$(cat "$file")" = "$content" ] && return 0
  if [ -f "$file" ] && ! grep -q '^# libvirt-ts test setup' "$file" && [ ! -e "$file.orig-libvirt-ts" ]; then
    cp "$file" "$file.orig-libvirt-ts"
  fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" >"$file"
  echo "setup-libvirtd: wrote $file"
  changed=1
}

install_conf /etc/libvirt/qemu.conf <<'CONF'
# libvirt-ts test setup (scripts/setup-libvirtd.sh): a throwaway test host, not a production one.
# Guests run as root with no security driver (no AppArmor/SELinux confinement, no per-guest labels).
user = "root"
group = "root"
security_driver = "none"
CONF

install_conf /etc/libvirt/libvirtd.conf <<'CONF'
# libvirt-ts test setup (scripts/setup-libvirtd.sh): a throwaway test host, not a production one.
# TCP without authentication or TLS, on loopback only (and only root's processes may connect: an iptables rule).
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
auth_tcp = "none"
# No authentication on the unix sockets, which only root can open.
auth_unix_rw = "none"
auth_unix_ro = "none"
unix_sock_group = "root"
unix_sock_rw_perms = "0770"
unix_sock_ro_perms = "0770"
CONF

# The system daemons are found by their pid files, not by name: tests may run a second libvirtd of their own.
# A pid counts only if it is that daemon and not a zombie (a killed daemon whose parent never reaped it).
running() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
  ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}
# Before the daemon listens: only root's processes may connect to its TCP port (see the header).
# shellcheck source=scripts/tcp-root-only.sh
. "$(dirname "$0")/tcp-root-only.sh"
tcp_root_only_add 16509 || true

running /run/virtlogd.pid virtlogd || virtlogd -d
if [ "$changed" = 1 ] && running /run/libvirtd.pid libvirtd; then
  echo "setup-libvirtd: configuration changed; restarting libvirtd"
  kill -TERM "$(cat /run/libvirtd.pid)"
  for _ in $(seq 1 300); do
    running /run/libvirtd.pid libvirtd || break
    sleep 0.1
  done
  if running /run/libvirtd.pid libvirtd; then
    echo "setup-libvirtd: libvirtd (pid $(cat /run/libvirtd.pid)) did not stop within 30 s" >&2
    exit 1
  fi
fi
running /run/libvirtd.pid libvirtd || libvirtd -d --listen

for _ in $(seq 1 300); do
  if virsh -c qemu:///system version >/dev/null 2>&1; then
    echo "setup-libvirtd: libvirtd is up ($(virsh -c qemu:///system version | grep -i 'running hypervisor' || true))"
    exit 0
  fi
  sleep 0.1
done
echo "setup-libvirtd: libvirtd did not answer on qemu:///system" >&2
exit 1
