#!/usr/bin/env bash
# Idempotent install of code-server (a real VS Code, served to a browser) for the e2e tests and `npm run try`.
# Installed from the npm registry into a cache OUTSIDE the repo:
#   ${SWARM_ROLLOUT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout}/code-server
# Works on an offline Debian 12 box that reaches only the npm registry and apt (see recipes/vscode-e2e.md).
# Needs: node 20 + npm, build-essential, python3, libkrb5-dev, ripgrep (scripts/setup.sh installs them).
# Prints the code-server binary path and version at the end. ~1 min on 2 cores the first time.
set -euo pipefail

CS_VERSION=4.100.3                # last code-server whose engines field accepts Node 20
CACHE=${SWARM_ROLLOUT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout}
CS_DIR=$CACHE/code-server
CS_BIN=$CS_DIR/node_modules/.bin/code-server
WORK=$CACHE/cs-work               # tmp, npm cache, a private HOME for code-server's own side effects
mkdir -p "$CS_DIR" "$WORK/tmp" "$WORK/home"

# `code-server --version` without --config writes ~/.config/code-server/config.yaml: keep it private.
CS_CONFIG=$WORK/config.yaml
[ -f "$CS_CONFIG" ] || printf 'bind-addr: 127.0.0.1:8090\nauth: none\ncert: false\n' > "$CS_CONFIG"
cs_version() {
  HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share \
    "$CS_BIN" --config "$CS_CONFIG" --version 2>/dev/null
}

installed=$(cs_version | head -1 || true)
if [ -x "$CS_BIN" ] && [ "${installed%% *}" = "$CS_VERSION" ]; then
  echo "code-server already installed: $CS_BIN"
  echo "$installed"
  exit 0
fi

for tool in node npm make g++ python3 rg; do
  command -v "$tool" >/dev/null || { echo "code-server.sh: '$tool' is missing (run scripts/setup.sh)" >&2; exit 1; }
done

start=$(date +%s)
# ---- npm environment (each line fixes a failure seen on this kind of machine) ----
export TMPDIR=$WORK/tmp                   # also where @vscode/ripgrep looks for its download cache
export npm_config_cache=${npm_config_cache:-$WORK/npm-cache}
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_unsafe_perm=true        # code-server's postinstall.sh refuses to run as root without it
export npm_config_yes=true                # node-pty's postinstall runs `npx node-gyp ...`
if [ -f /usr/include/node/node.h ]; then  # node-gyp: local headers, never download them from nodejs.org
  export npm_config_nodedir=/usr
else
  export npm_config_nodedir="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
fi
# Seed @vscode/ripgrep's download cache with Debian's rg so its postinstall never contacts GitHub.
RG_CACHE=$TMPDIR/vscode-ripgrep-cache-1.15.11          # @vscode/ripgrep version used by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
if [ ! -s "$RG_CACHE/$RG_ASSET" ]; then
  mkdir -p "$RG_CACHE"
  tar -C "$(dirname "$(command -v rg)")" -czf "$RG_CACHE/$RG_ASSET" rg
fi

# ---- local install (NOT -g: a global install makes the nested npm install in lib/vscode delete itself) ----
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"swarm-rollout-code-server","private":true}' > package.json
LOG=$WORK/install-code-server.log
echo "installing code-server@$CS_VERSION into $CS_DIR (log: $LOG) ..."
if ! npm install --foreground-scripts "code-server@$CS_VERSION" > "$LOG" 2>&1; then
  tail -50 "$LOG" >&2
  echo "code-server.sh: npm install code-server@$CS_VERSION failed (full log: $LOG)" >&2
  exit 1
fi
echo "installed in $(( $(date +%s) - start )) s"

version=$(cs_version | head -1 || true)
if [ "${version%% *}" != "$CS_VERSION" ]; then
  echo "code-server.sh: installed, but '$CS_BIN --version' does not work (got: '$version')" >&2
  exit 1
fi
echo "$CS_BIN"
cs_version
