# scripts/lab/lib.sh - shared settings for the 3-node swarm lab (source it, don't run it).
# Adapted from recipes/swarm-lab (lib.sh). Data lives under $LAB; nothing outside it is written except:
#   /run/lab-nN.sock (node API sockets), /run/lab-nN (exec roots), netns labn1..3, bridge labbr0, veths,
#   one iptables FORWARD rule (comment swarm-lab), cgroups lab-nN.
set -u
LAB_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LAB_SCRIPTS/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout
LAB=${LAB:-$CACHE/lab}
DOCKER_BIN=${DOCKER_BIN:-$(command -v docker)}
IMG_REPO=${IMG_REPO:-swarm-rollout/numbers-api}
IMG_TAR=$CACHE/numbers-api/numbers-api-images.tar   # written by scripts/images.sh: docker save of v1,v2,v3

# multi-node lab
NODES=${NODES:-"1 2 3"}
BR=labbr0
NET_PREFIX=198.18.0            # host bridge = .1, node N = .(10+N)
NET_CIDR=24
node_ip()   { echo "$NET_PREFIX.$((10 + $1))"; }
node_ns()   { echo "labn$1"; }
node_sock() { echo "unix:///run/lab-n$1.sock"; }
node_dir()  { echo "$LAB/nodes/n$1"; }            # data-root, pidfile, log live here
node_exec() { echo "/run/lab-n$1"; }              # exec-root: keep it SHORT (unix socket paths < 108 chars)
dn()        { local n=$1; shift; "$DOCKER_BIN" -H "$(node_sock "$n")" "$@"; }   # docker CLI against node N

ts()  { date +%s.%N; }
dt()  { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }   # seconds between two ts values
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# ---- node process helpers (used by lab-up/lab-down/lab-node) ----
# pids whose command line contains $1 (pure bash: never matches our own grep)
pids_matching() {
  local d a
  for d in /proc/[0-9]*; do
    { mapfile -d '' a < "$d/cmdline"; } 2>/dev/null || continue   # process may vanish meanwhile
    [ "${#a[@]}" -gt 0 ] && [[ " ${a[*]} " == *"$1"* ]] && echo "${d#/proc/}"
  done
  return 0
}
is_node_dockerd() {   # is pid $2 really node $1's dockerd? (guards against stale pidfiles / pid reuse)
  local a
  { mapfile -d '' a < "/proc/$2/cmdline"; } 2>/dev/null || return 1
  [[ "${a[0]##*/}" == dockerd && " ${a[*]} " == *" -H $(node_sock "$1") "* ]]
}
node_pid() {   # pid of node N's dockerd (pidfile, else by its unique socket in the cmdline)
  local p
  p=$(cat "$(node_dir "$1")/dockerd.pid" 2>/dev/null || true)
  if [ -n "$p" ] && is_node_dockerd "$1" "$p"; then echo "$p"; return 0; fi
  for p in $(pids_matching "-H $(node_sock "$1")"); do is_node_dockerd "$1" "$p" && { echo "$p"; return 0; }; done
  return 0
}
node_alive() { [ -n "$(node_pid "$1")" ] && dn "$1" version -f '{{.Server.Version}}' >/dev/null 2>&1; }
# stop node N's dockerd by pid: SIGTERM (dockerd stops its containers + its containerd), wait, KILL if needed;
# then clean leftovers that belong ONLY to this node: containerd/shims (their cmdline has /run/lab-nN/)
# and container processes (they live in cgroup /lab-nN thanks to --cgroup-parent).
stop_node() {
  local n=$1 p i f
  p=$(node_pid "$n")
  if [ -n "$p" ]; then
    kill -TERM "$p" 2>/dev/null || true
    for i in $(seq 200); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then log "n$n: dockerd $p ignored SIGTERM for 20s -> SIGKILL"; kill -KILL "$p" 2>/dev/null || true; fi
  fi
  for p in $(pids_matching "$(node_exec "$n")/"); do kill -TERM "$p" 2>/dev/null || true; done
  sleep 0.2
  for p in $(pids_matching "$(node_exec "$n")/"); do kill -KILL "$p" 2>/dev/null || true; done
  for f in /sys/fs/cgroup/pids/lab-n"$n"/*/cgroup.procs /sys/fs/cgroup/lab-n"$n"/*/cgroup.procs; do
    [ -f "$f" ] || continue
    for p in $(cat "$f"); do kill -KILL "$p" 2>/dev/null || true; done
  done
  rm -f "$(node_dir "$n")/dockerd.pid"
}
