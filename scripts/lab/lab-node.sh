#!/bin/bash
# lab-node.sh stop|start|status N  - stop one node's dockerd by PID / bring it back (start = idempotent lab-up.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
case "${1:-}" in
  stop)   n=$2; p=$(node_pid "$n"); [ -n "$p" ] || { log "n$n not running"; exit 0; }
          t=$(ts); stop_node "$n"; log "n$n: dockerd $p stopped (SIGTERM) in $(dt "$t" "$(ts)")s" ;;
  start)  "$LAB_SCRIPTS/lab-up.sh" ;;
  status) n=$2; p=$(node_pid "$n"); echo "n$n pid=${p:-none} api=$(node_alive "$n" && echo up || echo down)" ;;
  *) echo "usage: $0 stop|start|status N" >&2; exit 2 ;;
esac
