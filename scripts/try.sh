#!/usr/bin/env bash
# npm run try: build the extension, bring up a local swarm engine with the example images, and open examples/
# in a real VS Code with the extension loaded.
#   - desktop VS Code when `code` is on PATH:  code --extensionDevelopmentPath=<repo> <repo>/examples
#   - otherwise code-server 4.100.3 (installed by scripts/code-server.sh into ~/.cache/swarm-rollout) on
#     http://127.0.0.1:$PORT (default 8090, no auth, loopback only), running in the foreground until Ctrl-C.
# Env: PORT (8090); TRY_EDITOR=code|code-server to choose; TRY_VSIX=1 to install the packaged .vsix
#      (npm run package) instead of loading the working tree as a development extension.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
EXAMPLES=$REPO/examples
PORT=${PORT:-8090}
CACHE=${SWARM_ROLLOUT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swarm-rollout}
cd "$REPO"
warn() { echo "try: warning: $*" >&2; }
step() { echo; echo "== $*"; }

step "build (npm run build)"
npm run build

# The engine and the images make deploy and the swarm view work; the editor is useful without them.
for s in engine images; do
  if [ -f "scripts/$s.sh" ]; then
    step "scripts/$s.sh"
    bash "scripts/$s.sh" || warn "scripts/$s.sh failed (exit $?): the editor still opens, but deploy and the swarm view need a running engine"
  else
    warn "scripts/$s.sh not found, skipping it"
  fi
done

editor=${TRY_EDITOR:-}
if [ -z "$editor" ]; then
  # `code` inside code-server's own terminal is code-server's remote CLI, which has no --extensionDevelopmentPath
  if command -v code >/dev/null && [ -z "${VSCODE_IPC_HOOK_CLI:-}" ]; then editor=code; else editor=code-server; fi
fi

if [ "$editor" = code ]; then
  step "opening $EXAMPLES in VS Code with the extension from $REPO"
  exec code --extensionDevelopmentPath="$REPO" "$EXAMPLES"
fi

# ---------------------------------------------------------------- code-server
step "code-server (scripts/code-server.sh)"
bash "$REPO/scripts/code-server.sh"
CS_BIN=$CACHE/code-server/node_modules/.bin/code-server

TRY=$CACHE/try                       # the try editor's own settings, extensions and logs; kept between runs
USER_DATA=$TRY/user-data
EXT_DIR=$TRY/extensions
CONFIG=$TRY/config.yaml
LOG=$TRY/code-server.log
mkdir -p "$USER_DATA/User" "$EXT_DIR"
[ -f "$CONFIG" ] || printf 'auth: none\ncert: false\n' > "$CONFIG"   # else code-server writes ~/.config/code-server
if [ ! -f "$USER_DATA/User/settings.json" ]; then
  cat > "$USER_DATA/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true
}
JSON
fi

ID=$(node -p "const p=require('./package.json'); p.publisher + '.' + p.name")
VERSION=$(node -p "require('./package.json').version")
# Whatever an earlier run left (a link or an installed vsix of any version) goes first.
rm -rf "$EXT_DIR/$ID"-* "$EXT_DIR/extensions.json" "$EXT_DIR/.obsolete"
if [ "${TRY_VSIX:-}" = 1 ]; then
  step "packaging (npm run package) and installing out/swarm-rollout.vsix"
  npm run package
  "$CS_BIN" --config "$CONFIG" --extensions-dir "$EXT_DIR" --user-data-dir "$USER_DATA" \
    --install-extension "$REPO/out/swarm-rollout.vsix"
else
  # code-server has no --extensionDevelopmentPath; an extension folder that links to the working tree is the
  # same thing: after `npm run build`, "Developer: Reload Window" runs the new code.
  ln -s "$REPO" "$EXT_DIR/$ID-$VERSION"
  echo "extension $ID $VERSION loaded from the working tree ($EXT_DIR/$ID-$VERSION -> $REPO)"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "try: port $PORT on 127.0.0.1 is taken; choose another with PORT=..." >&2
  exit 1
fi

step "starting code-server on 127.0.0.1:$PORT (log: $LOG)"
: > "$LOG"
# Own session and process group (setsid), so that stopping it also ends the extension host, the language
# server and the file watcher. A non-interactive shell's child is no group leader, so setsid does not fork.
setsid "$CS_BIN" --config "$CONFIG" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --extensions-dir "$EXT_DIR" --user-data-dir "$USER_DATA" \
  "$EXAMPLES" >> "$LOG" 2>&1 < /dev/null &
CS_PID=$!
stop() {
  trap - INT TERM EXIT
  echo; echo "try: stopping code-server"
  kill -TERM -- "-$CS_PID" 2>/dev/null || kill -TERM "$CS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

for _ in $(seq 1 300); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; then break; fi
  if ! kill -0 "$CS_PID" 2>/dev/null; then
    tail -30 "$LOG" >&2; echo "try: code-server exited before it answered (log: $LOG)" >&2; exit 1
  fi
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" || { tail -30 "$LOG" >&2; echo "try: code-server did not answer in 60 s" >&2; exit 1; }

URL="http://127.0.0.1:$PORT/?folder=$EXAMPLES"
echo
echo "Swarm Rollout is running in code-server. Open:"
echo
echo "    $URL"
echo
echo "(from another machine: ssh -L $PORT:127.0.0.1:$PORT <this host>, then the same URL; Ctrl-C stops it)"
wait "$CS_PID" || true
echo "try: code-server exited (log: $LOG)"
