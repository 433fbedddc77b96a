#!/bin/bash
# scripts/lab/lab-down.sh (from recipes/swarm-lab) - tear the 3-node lab down completely (idempotent, safe to re-run):
# stop the node daemons by PID, remove their leftovers, netns, veths, bridge, iptables rule,
# cgroups, sockets, exec-roots and (unless KEEP_DATA=1) the data-roots.  Never touches the default daemon.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
T0=$(ts)
for n in $NODES; do   # stop the daemons in parallel
  ( p=$(node_pid "$n")
    if [ -n "$p" ]; then t=$(ts); stop_node "$n"; log "n$n: dockerd $p stopped in $(dt "$t" "$(ts)")s"; else stop_node "$n"; fi ) &
done
wait
for n in $NODES; do
  ns=$(node_ns "$n")
  ip link del "labv$n" 2>/dev/null || true            # deleting one end removes the peer in the netns
  ip netns list | grep -qw "^$ns" && ip netns del "$ns"
  rm -f "/run/lab-n$n.sock"
  rm -rf "$(node_exec "$n")"
  # container cgroups created under --cgroup-parent /lab-nN (children first)
  for cg in /sys/fs/cgroup/*/lab-n"$n" /sys/fs/cgroup/lab-n"$n"; do
    [ -d "$cg" ] || continue
    find "$cg" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$cg" 2>/dev/null || true
  done
  if [ "${KEEP_DATA:-0}" != 1 ]; then rm -rf "$(node_dir "$n")"; fi
done
# bridge + FORWARD rule go only when no other lab node is still plugged in (e.g. NODES=9 measure run)
if [ -z "$(ls /sys/class/net/$BR/brif 2>/dev/null)" ]; then
  ip link show "$BR" >/dev/null 2>&1 && ip link del "$BR"
  while iptables -C FORWARD -i "$BR" -o "$BR" -m comment --comment swarm-lab -j ACCEPT 2>/dev/null; do
    iptables -D FORWARD -i "$BR" -o "$BR" -m comment --comment swarm-lab -j ACCEPT
  done
fi
rmdir "$LAB/nodes" 2>/dev/null || true
left=$(for n in $NODES; do pids_matching "/run/lab-n$n"; done)
[ -n "$left" ] && log "WARNING: processes still referencing /run/lab-nN: $left"
log "lab down in $(dt "$T0" "$(ts)")s (netns: $(ip netns list | grep -c '^labn' || true), bridge: $(ip link show "$BR" >/dev/null 2>&1 && echo present || echo gone))"
