#!/bin/bash
# scripts/lab/lab-up.sh (from recipes/swarm-lab) - 3-node Docker Swarm on ONE machine: 3 extra dockerd, each in its own netns
# (veth into bridge labbr0, 198.18.0.0/24), own data-root/exec-root/socket/pidfile, vfs storage.
# n1 = manager (leader), n2/n3 = workers (MANAGERS=3 makes n2,n3 managers too).
# Idempotent: every step checks what already exists; re-running only repairs what is missing.
# Does not touch the default daemon (/var/run/docker.sock) or its swarm.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
for c in ip iptables unshare nsenter setsid dockerd; do command -v $c >/dev/null || { echo "missing $c" >&2; exit 1; }; done
MANAGERS=${MANAGERS:-1}
HEARTBEAT=${HEARTBEAT:-5s}          # swarm dispatcher heartbeat (default 5s); node is marked down after ~3 missed periods
T_ALL=$(ts)
mkdir -p "$LAB/out"
# the numbers-api images, saved from the default engine (scripts/images.sh builds them there and saves the tar)
if [ ! -f "$IMG_TAR" ]; then
  DOCKER_HOST=unix:///var/run/docker.sock bash "$REPO_ROOT/scripts/images.sh" >/dev/null
  [ -f "$IMG_TAR" ] || { mkdir -p "$(dirname "$IMG_TAR")"; "$DOCKER_BIN" -H unix:///var/run/docker.sock save -o "$IMG_TAR" "$IMG_REPO:v1" "$IMG_REPO:v2" "$IMG_REPO:v3"; }
fi

# ---- 1. bridge on the host -------------------------------------------------------------
ip link show "$BR" >/dev/null 2>&1 || ip link add "$BR" type bridge
ip -4 addr show dev "$BR" | grep -q "inet $NET_PREFIX.1/" || ip addr add "$NET_PREFIX.1/$NET_CIDR" dev "$BR"
ip link set "$BR" up
# The default dockerd sets the FORWARD policy to DROP and br_netfilter (bridge-nf-call-iptables=1)
# sends bridged frames through it -> node<->node traffic on labbr0 is silently dropped without this:
iptables -C FORWARD -i "$BR" -o "$BR" -m comment --comment swarm-lab -j ACCEPT 2>/dev/null ||
  iptables -I FORWARD 1 -i "$BR" -o "$BR" -m comment --comment swarm-lab -j ACCEPT

# ---- 2. one netns + veth per node ------------------------------------------------------
for n in $NODES; do
  ns=$(node_ns "$n"); hv=labv$n
  ip netns list | grep -qw "^$ns" || ip netns add "$ns"
  ip -n "$ns" link set lo up
  if ! ip link show "$hv" >/dev/null 2>&1; then
    ip -n "$ns" link del eth0 2>/dev/null || true
    ip link add "$hv" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$hv" master "$BR" up
  ip -n "$ns" -4 addr show dev eth0 | grep -q "inet $(node_ip "$n")/" || ip -n "$ns" addr add "$(node_ip "$n")/$NET_CIDR" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route replace default via "$NET_PREFIX.1"
done
T_NET=$(ts)

# ---- 3. dockerd per node ---------------------------------------------------------------
start_node() {
  local n=$1 dir t0 p
  dir=$(node_dir "$n")
  if node_alive "$n"; then log "n$n: dockerd already running (pid $(node_pid "$n"))"; return 0; fi
  [ -n "$(node_pid "$n")" ] && { log "n$n: dockerd process exists but API does not answer -> restarting it"; stop_node "$n"; }
  # a crashed (SIGKILLed) dockerd leaves its pidfile; dockerd refuses to start while /proc/<pid> exists
  # (e.g. still a zombie) -> remove a pidfile that does not point at our live dockerd
  rm -f "$dir/dockerd.pid"
  mkdir -p "$dir/data" "$(node_exec "$n")"
  [ -f "$dir/daemon.json" ] || echo '{}' > "$dir/daemon.json"   # isolates from /etc/docker/daemon.json
  t0=$(ts)
  setsid unshare --mount --uts --propagation slave -- "$LAB_SCRIPTS/node-dockerd.sh" "$n" \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
  p=$!
  for _ in $(seq 300); do
    dn "$n" version -f '{{.Server.Version}}' >/dev/null 2>&1 && break
    kill -0 "$p" 2>/dev/null || { echo "n$n: dockerd died, see $dir/dockerd.log" >&2; tail -20 "$dir/dockerd.log" >&2; return 1; }
    sleep 0.1
  done
  log "n$n: dockerd pid $p up in $(dt "$t0" "$(ts)")s  (sock $(node_sock "$n"), log $dir/dockerd.log)"
  echo "dockerd_start_n$n $(dt "$t0" "$(ts)")" >> "$LAB/out/timings.txt"
}
for n in $NODES; do start_node "$n" & done; wait      # start the three daemons in parallel
for n in $NODES; do node_alive "$n" || { echo "n$n not up" >&2; exit 1; }; done
T_D=$(ts)

# ---- 4. images (no registry: docker load the saved tar on every node) -------------------
for n in $NODES; do
  [ "${LOAD_IMAGES:-1}" = 1 ] || break
  if ! dn "$n" image inspect "$IMG_REPO:v2" >/dev/null 2>&1; then
    t0=$(ts); dn "$n" load -q -i "$IMG_TAR" >/dev/null; log "n$n: images loaded in $(dt "$t0" "$(ts)")s"
  fi
done
T_I=$(ts)

# ---- 5. swarm ----------------------------------------------------------------------------
sw_state() { dn "$1" info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null; }
F=${NODES%% *}                       # first node of $NODES = the swarm's first manager (n1)
MIP=$(node_ip "$F")
if [ "$(sw_state "$F")" != active ]; then
  t0=$(ts)
  dn "$F" swarm init --advertise-addr "$MIP" --listen-addr "$MIP:2377" \
     --default-addr-pool 198.19.0.0/16 --default-addr-pool-mask-length 24 \
     --dispatcher-heartbeat "$HEARTBEAT" >/dev/null
  log "n$F: swarm init in $(dt "$t0" "$(ts)")s"
fi
WTOK=$(dn "$F" swarm join-token -q worker); MTOK=$(dn "$F" swarm join-token -q manager)
for n in $NODES; do
  [ "$n" = "$F" ] && continue
  if [ "$(sw_state "$n")" != active ]; then
    tok=$WTOK; [ "$n" -le "$MANAGERS" ] && tok=$MTOK
    t0=$(ts)
    dn "$n" swarm join --token "$tok" --advertise-addr "$(node_ip "$n")" --listen-addr "$(node_ip "$n"):2377" "$MIP:2377" >/dev/null
    log "n$n: swarm join in $(dt "$t0" "$(ts)")s"
  fi
done
for n in $NODES; do   # labels for placement constraints (node names = hostnames labn1..3)
  dn "$F" node update --label-add lab.numbers=true --label-add "lab.zone=z$n" "$(node_ns "$n")" >/dev/null
done
T_S=$(ts)
log "lab up: network $(dt "$T_ALL" "$T_NET")s, daemons $(dt "$T_NET" "$T_D")s, images $(dt "$T_D" "$T_I")s, swarm $(dt "$T_I" "$T_S")s, TOTAL $(dt "$T_ALL" "$T_S")s"
echo "lab_up_total $(dt "$T_ALL" "$T_S")" >> "$LAB/out/timings.txt"
dn "$F" node ls
echo "use: docker -H $(node_sock "$F") ...   (or: . $LAB_SCRIPTS/lib.sh; dn $F node ls)"
