#!/bin/bash
# Idempotent: make sure the local Docker engine is up and is a swarm manager.
#  - If the default socket does not answer, start dockerd detached from this shell (setsid, stdin
#    from /dev/null) so it outlives the script and the terminal; there is no systemd to do it.
#  - An engine that already runs is left as it is, whatever flags it was started with.
# Log: ${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout/dockerd.log
set -euo pipefail
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout
LOG=$CACHE/dockerd.log
SOCK=unix:///var/run/docker.sock
# this script is about the LOCAL engine, whatever DOCKER_HOST or the current context say
d() { docker -H "$SOCK" "$@"; }
ts() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$(ts)" 'BEGIN{printf "%.1f", b-a}'; }
up() { d version -f '{{.Server.Version}}' >/dev/null 2>&1; }

command -v docker >/dev/null || { echo "engine: no docker CLI on PATH (run scripts/setup.sh)" >&2; exit 1; }
command -v dockerd >/dev/null || { echo "engine: no dockerd (run scripts/setup.sh)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || SUDO=sudo

T0=$(ts)
if up; then
  echo "engine: dockerd already answering on $SOCK"
else
  # a dockerd that is still starting (pidfile points at a live dockerd) must not get a twin
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    echo "engine: dockerd $pid is starting, waiting for it"
  else
    mkdir -p "$CACHE"
    echo "engine: starting dockerd (log: $LOG)"
    # vfs: works on any backing filesystem (overlay-on-overlay fails in containers); test images are tiny.
    # DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: swarm tasks use the local image instead of trying a pull
    # first, which matters here because the test images exist in no registry.
    ${SUDO:-} env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
      setsid dockerd --storage-driver vfs </dev/null >>"$LOG" 2>&1 &
    disown || true
  fi
  for _ in $(seq 300); do up && break; sleep 0.1; done
  up || { echo "engine: dockerd did not answer within 30 s; last log lines:" >&2; tail -20 "$LOG" >&2 || true; exit 1; }
  echo "engine: dockerd answering after $(dt "$T0") s"
fi

state=$(d info -f '{{.Swarm.LocalNodeState}}')
case "$state" in
  inactive)
    d swarm init --advertise-addr 127.0.0.1 >/dev/null
    echo "engine: swarm initialised (advertise 127.0.0.1)" ;;
  active)
    [ "$(d info -f '{{.Swarm.ControlAvailable}}')" = true ] ||
      { echo "engine: this node is in a swarm but is not a manager; tests need a manager" >&2; exit 1; } ;;
  *) echo "engine: swarm state is '$state'; fix it by hand (docker swarm leave --force, then re-run)" >&2; exit 1 ;;
esac
echo "engine: ready: dockerd $(d version -f '{{.Server.Version}}'), swarm manager ($(dt "$T0") s)"
