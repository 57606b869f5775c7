# shellcheck shell=bash
# Sourced by setup-libvirtd.sh and second-libvirtd.sh (not run on its own).
#
# A daemon listening on 127.0.0.1 without authentication is open to every local user, not only to root: loopback
# does not check who connects. These functions add (or remove) one iptables rule that rejects connections to
# 127.0.0.1:PORT made by any process not running as root (OUTPUT chain, `owner` match; packets without a socket,
# such as a TIME_WAIT ack, are left alone). Idempotent. When iptables cannot do it (no iptables, no CAP_NET_ADMIN,
# no owner match), tcp_root_only_add prints a warning and returns 1: the port is then open to every local user.

tcp_root_only_rule() {
  echo "OUTPUT -o lo -p tcp -d 127.0.0.1 --dport $1 -m owner --socket-exists ! --uid-owner 0" \
    "-m comment --comment libvirt-ts-root-only -j REJECT --reject-with tcp-reset"
}

tcp_root_only_add() {
  local rule
  rule=$(tcp_root_only_rule "$1")
  # shellcheck disable=SC2086 # the rule is meant to split into words
  if command -v iptables >/dev/null 2>&1 &&
    { iptables -w -C $rule 2>/dev/null || iptables -w -A $rule 2>/dev/null; }; then
    return 0
  fi
  echo "WARNING: could not restrict 127.0.0.1:$1 to root with iptables: any local user can connect to it" \
    "without authentication, which is root on this machine" >&2
  return 1
}

tcp_root_only_remove() {
  local rule
  rule=$(tcp_root_only_rule "$1")
  command -v iptables >/dev/null 2>&1 || return 0
  # shellcheck disable=SC2086
  while iptables -w -C $rule 2>/dev/null; do iptables -w -D $rule; done
}
