#!/bin/sh
# numbers API - imitation of diamol/ch08-numbers-api
#   GET /rng    -> random number (JSON), breaks after $FAIL_AFTER calls (HTTP 500 from then on)
#   GET /health -> 200 while healthy, 500 once broken (used by HEALTHCHECK; does not count as a call)
#   env: FAIL_AFTER=3 (0 = never break)  BROKEN=1 (broken from the start)  PORT=80
: "${FAIL_AFTER:=3}" "${BROKEN:=0}" "${PORT:=80}"
export FAIL_AFTER BROKEN
echo 0 > /tmp/rng.count
echo "numbers-api starting: port=$PORT FAIL_AFTER=$FAIL_AFTER BROKEN=$BROKEN host=$(hostname)"
# busybox httpd only runs CGI under /cgi-bin/ (no rewrite/proxy in Debian's build), so a tiny
# nc front maps /rng -> /cgi-bin/rng and hands each connection to `httpd -i` (inetd mode).
nc -ll -p "$PORT" -e /app/route &
pid=$!
# exit 143 (=128+SIGTERM) like a normal process killed by TERM: swarm then records the task as
# "Failed ... non-zero exit (143): dockerexec: unhealthy container"; exit 0 would show as "Complete"
# with no reason, and restart-condition=on-failure would NOT replace it.
trap 'echo "numbers-api: SIGTERM, exiting"; kill $pid 2>/dev/null; exit 143' TERM INT
wait $pid
