#!/usr/bin/env bash
# Installs libvirt + QEMU (software emulation, no KVM needed) from Debian's packages and starts libvirtd
# so that qemu:///system (and qemu+tcp://127.0.0.1/system) work. Idempotent; run as root.
#   scripts/setup-libvirtd.sh            install + start
#   scripts/setup-libvirtd.sh --start    start only (packages already present)
set -euo pipefail

PACKAGES=(libvirt0 libvirt-dev libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu
  qemu-system-x86 qemu-utils iptables dnsmasq-base libxml2-utils virtinst gcc libc6-dev python3-libvirt
  xorriso iproute2 util-linux)

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

conf=/etc/libvirt/qemu.conf
if ! grep -q '^# libvirt-ts test setup' "$conf" 2>/dev/null; then
  mkdir -p /etc/libvirt
  [ -f "$conf" ] && cp "$conf" "$conf.orig-libvirt-ts"
  cat >"$conf" <<'CONF'
# libvirt-ts test setup: guests run as root with no security driver (a CI sandbox, not a production host).
user = "root"
group = "root"
security_driver = "none"
CONF
fi

# Loopback TCP, no auth: for remote-transport tests (qemu+tcp://127.0.0.1/system). Listens on 127.0.0.1 only.
ldconf=/etc/libvirt/libvirtd.conf
if ! grep -q '^# libvirt-ts test setup' "$ldconf" 2>/dev/null; then
  [ -f "$ldconf" ] && cp "$ldconf" "$ldconf.orig-libvirt-ts"
  cat >"$ldconf" <<'CONF'
# libvirt-ts test setup
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
auth_tcp = "none"
auth_unix_rw = "none"
CONF
fi

# The system daemons are found by their pid files, not by name: tests may run a second libvirtd of their own.
# A pid counts only if it is that daemon and not a zombie (a killed daemon whose parent never reaped it).
running() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
  ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}
running /run/virtlogd.pid virtlogd || virtlogd -d
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
