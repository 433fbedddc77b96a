#!/bin/bash
# One-shot, idempotent setup of everything the test tiers need on a Debian 12 box:
#   1. the Debian packages (docker engine, busybox-static for the test image, chromium for e2e, ...)
#   2. a running dockerd that is a swarm manager        (scripts/engine.sh)
#   3. the registry-free test images numbers-api:v1-v3  (scripts/images.sh)
#   4. code-server for the e2e tier                     (scripts/code-server.sh, when present)
# Re-running it is cheap: apt is only touched when a package is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

PACKAGES=(docker.io busybox-static chromium ripgrep libkrb5-dev neovim curl iproute2 iptables
          build-essential pkg-config python3 bc)

missing=()
for p in "${PACKAGES[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#PACKAGES[@]} Debian packages already installed"
fi

bash "$here/engine.sh"
bash "$here/images.sh"
if [ -f "$here/code-server.sh" ]; then bash "$here/code-server.sh"; fi
echo "setup: done"
