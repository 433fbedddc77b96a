#!/bin/bash
# Build the test images swarm-rollout/numbers-api:v1,v2,v3 WITHOUT a registry or `docker build`:
#   rootfs = Debian's static busybox + scripts/numbers-api/rootfs  ->  tar  ->  `docker import --change ...`
#   v1: no healthcheck   v2: + HEALTHCHECK on /health   v3: v2 + BROKEN=1 (unhealthy from the start)
# Idempotent: does nothing when the three tags exist; FORCE=1 rebuilds (and drops the old image IDs).
# Targets the engine the docker CLI talks to (DOCKER_HOST / context), e.g. another lab node.
# Work files (rootfs, tars) live in ${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout/numbers-api.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
REPO=${IMG_REPO:-swarm-rollout/numbers-api}
WORK=${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout/numbers-api
ROOTFS_TAR=$WORK/rootfs.tar
IMG_TAR=$WORK/numbers-api-images.tar   # `docker load -i` it on other daemons to get identical image IDs
ts() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$(ts)" 'BEGIN{printf "%.1f", b-a}'; }

have=$(for v in v1 v2 v3; do docker image inspect -f '{{.ID}}' "$REPO:$v" 2>/dev/null || true; done)
if [ "${FORCE:-0}" != 1 ] && [ "$(grep -c sha256 <<<"$have")" = 3 ]; then
  echo "images: $REPO:v1,v2,v3 already present (FORCE=1 rebuilds)"
  exit 0
fi

T0=$(ts)
BB=$(readlink -f /bin/busybox 2>/dev/null || true)
[ -x "$BB" ] || { echo "images: /bin/busybox missing: apt-get install busybox-static (or run scripts/setup.sh)" >&2; exit 1; }
# the image has no libc: a dynamic busybox would not even start
[[ "$(ldd "$BB" 2>&1 || true)" == *'not a dynamic'* ]] || { echo "images: $BB is not static (need busybox-static)" >&2; exit 1; }

R=$WORK/rootfs
rm -rf "$R"; mkdir -p "$R"/{bin,etc,tmp,proc,sys,dev,root}
chmod 1777 "$R/tmp"
cp -R "$here/numbers-api/rootfs/." "$R/"
chmod 755 "$R/app/start.sh" "$R/app/route" "$R"/www/cgi-bin/*
cp "$BB" "$R/bin/busybox"
for a in $("$BB" --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done   # relative links
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$R" -cf "$ROOTFS_TAR" .

COMMON=(--change 'ENV PATH=/bin' --change 'ENV FAIL_AFTER=3' --change 'ENV BROKEN=0'
        --change 'EXPOSE 80/tcp' --change 'WORKDIR /' --change 'CMD ["/app/start.sh"]'
        --change 'LABEL org.swarm-rollout.test-image=numbers-api')
# dockerd 20.10 accepts HEALTHCHECK in `import --change` although the docs do not list it (STOPSIGNAL it rejects).
# wget, not `wget -T`: -T segfaults in Debian's static busybox 1.35; the HEALTHCHECK timeout covers it.
HC='HEALTHCHECK --interval=2s --timeout=2s --start-period=1s --retries=2 CMD ["wget","-q","-O","/dev/null","http://127.0.0.1/health"]'
docker import "${COMMON[@]}" --message 'numbers-api v1 (no healthcheck)' "$ROOTFS_TAR" "$REPO:v1" >/dev/null
docker import "${COMMON[@]}" --change "$HC" --message 'numbers-api v2 (healthcheck)' "$ROOTFS_TAR" "$REPO:v2" >/dev/null
docker import "${COMMON[@]}" --change "$HC" --change 'ENV BROKEN=1' --message 'numbers-api v3 (BROKEN=1)' "$ROOTFS_TAR" "$REPO:v3" >/dev/null
# a re-import makes new image IDs; drop the ones we replaced (fails harmlessly while a container uses one)
for id in $have; do docker image rm "$id" >/dev/null 2>&1 || true; done
docker save -o "$IMG_TAR" "$REPO:v1" "$REPO:v2" "$REPO:v3"
echo "images: built $REPO:v1,v2,v3 in $(dt "$T0") s (rootfs $(du -h "$ROOTFS_TAR" | cut -f1); saved to $IMG_TAR)"
docker image ls "$REPO"
