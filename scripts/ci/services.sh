#!/usr/bin/env bash
# Starts and stops the real components the test suites use: a private Docker engine on
# /tmp/opsdeck-docker.sock with a local busybox image, and a throwaway PostgreSQL cluster on
# 127.0.0.1:55432. Used by .ci/run; developers can run it too:
#   scripts/ci/services.sh start && eval "$(scripts/ci/services.sh env)" && npm test
#   scripts/ci/services.sh stop
# Only what this script started is stopped: an engine or a server that was already answering
# is used as it is and left alone.
set -euo pipefail

DOCKER_SOCK=${OPSDECK_CI_DOCKER_SOCK:-/tmp/opsdeck-docker.sock}
DOCKER_URL="unix://$DOCKER_SOCK"
DOCKER_DATA=/tmp/opsdeck-docker
DOCKER_EXEC=/tmp/opsdeck-docker-exec
DOCKER_PID=/tmp/opsdeck-docker.pid
DOCKER_LOG=/tmp/opsdeck-docker.log
IMAGE=opsdeck-busybox:test
PG_PORT=${OPSDECK_CI_PG_PORT:-55432}
PG_DIR=/tmp/opsdeck-pg-$PG_PORT
PG_SOCK=/tmp/opsdeck-pg-$PG_PORT-sock
PG_DB=opsdeck_test
PG_USER=postgres
# What we started, so `stop` stops exactly that. .ci/run keeps its own record, so a CI run beside
# a developer's running services never stops what the developer started.
STATE=${OPSDECK_CI_SERVICES_STATE:-/tmp/opsdeck-ci-services}
TEST_LABEL=opsdeck.test

log() { echo "services: $*" >&2; }
dk() { docker -H "$DOCKER_URL" "$@"; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_pg() { if [ "$(id -un)" = "$PG_USER" ]; then "$@"; else runuser -u "$PG_USER" -- "$@"; fi; }

start_docker() {
  if dk info >/dev/null 2>&1; then
    log "docker: engine already answering on $DOCKER_URL, using it"
  else
    command -v dockerd >/dev/null || { log "dockerd not installed (scripts/ci/install-deps.sh)"; return 1; }
    rm -f "$DOCKER_SOCK"
    log "docker: starting dockerd on $DOCKER_URL (log: $DOCKER_LOG)"
    setsid dockerd --host "$DOCKER_URL" --data-root "$DOCKER_DATA" --exec-root "$DOCKER_EXEC" \
      --pidfile "$DOCKER_PID" </dev/null >"$DOCKER_LOG" 2>&1 &
    echo $! >"$STATE/dockerd"
    local i
    for i in $(seq 1 120); do
      dk info >/dev/null 2>&1 && break
      if ! kill -0 "$(cat "$STATE/dockerd")" 2>/dev/null; then
        log "docker: dockerd exited; last lines of $DOCKER_LOG:"; tail -20 "$DOCKER_LOG" >&2; return 1
      fi
      sleep 0.5
    done
    dk info >/dev/null 2>&1 || { log "docker: no answer after 60s"; tail -20 "$DOCKER_LOG" >&2; return 1; }
    log "docker: engine up after $((i / 2))s"
  fi
  build_image
}

# A tiny image without a registry: static busybox plus the applets the tests and examples use.
build_image() {
  if dk image inspect "$IMAGE" >/dev/null 2>&1; then log "docker: image $IMAGE present"; return 0; fi
  local bb dir a
  # A static busybox (Debian: busybox-static, /bin/busybox), or OPSDECK_BUSYBOX elsewhere.
  bb=${OPSDECK_BUSYBOX:-/bin/busybox}
  [ -x "$bb" ] || { log "no busybox at $bb (install busybox-static)"; return 1; }
  case "$(file -b "$bb" 2>/dev/null || echo static)" in
    *dynamically*) log "$bb is dynamically linked: install busybox-static"; return 1 ;;
  esac
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/www" "$dir/etc"
  cp "$bb" "$dir/bin/busybox"
  for a in sh httpd sleep date echo wget cat ls printf rm touch mkdir test true false kill ps; do
    ln -s busybox "$dir/bin/$a"
  done
  echo ok >"$dir/www/health"
  printf 'root:x:0:0:root:/:/bin/sh\n' >"$dir/etc/passwd"
  tar -C "$dir" -c . | dk import -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
  rm -rf "$dir"
  log "docker: built $IMAGE"
}

pg_url() { echo "postgresql://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"; }

start_postgres() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { log "postgresql not installed (scripts/ci/install-deps.sh)"; return 1; }
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "postgres: already answering on 127.0.0.1:$PG_PORT, using it"
  else
    if [ ! -f "$PG_DIR/PG_VERSION" ]; then
      rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown "$PG_USER" "$PG_DIR"
      as_pg "$bin/initdb" -D "$PG_DIR" -U "$PG_USER" --auth=trust -E UTF8 --no-sync >/dev/null
    fi
    mkdir -p "$PG_SOCK"; chown "$PG_USER" "$PG_SOCK"
    log "postgres: starting on 127.0.0.1:$PG_PORT"
    as_pg "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_SOCK -c fsync=off" start >/dev/null
    touch "$STATE/postgres"
  fi
  if [ "$(psql "postgresql://$PG_USER@127.0.0.1:$PG_PORT/postgres" -Atc "select 1 from pg_database where datname='$PG_DB'")" != 1 ]; then
    psql -q "postgresql://$PG_USER@127.0.0.1:$PG_PORT/postgres" -c "create database $PG_DB"
  fi
  log "postgres: $(pg_url)"
}

stop_docker() {
  if dk info >/dev/null 2>&1; then
    # Containers the suites and examples made (labelled), and on our private engine all of them.
    local ids
    # On a shared engine only with OPSDECK_CI_LEAVE_SHARED unset: other suites may be using it.
    if [ -f "$STATE/dockerd" ]; then ids=$(dk ps -aq); elif [ -z "${OPSDECK_CI_LEAVE_SHARED:-}" ]; then ids=$(dk ps -aq --filter "label=$TEST_LABEL"); else ids=; fi
    [ -z "$ids" ] || { log "docker: removing $(echo "$ids" | wc -l) container(s)"; dk rm -f $ids >/dev/null || true; }
  fi
  if [ -f "$STATE/dockerd" ]; then
    local pid; pid=$(cat "$STATE/dockerd")
    if kill -0 "$pid" 2>/dev/null; then
      log "docker: stopping dockerd ($pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      # dockerd leads its own session (setsid): anything left in it (containerd) goes too.
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/dockerd" "$DOCKER_SOCK"
  fi
}

stop_postgres() {
  if [ -f "$STATE/postgres" ]; then
    log "postgres: stopping"
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR" -m fast -w -t 30 stop >/dev/null || true
    rm -f "$STATE/postgres"
  fi
}

print_env() {
  cat <<EOT
export DOCKER_HOST=$DOCKER_URL
export OPSDECK_TEST_DOCKER_IMAGE=$IMAGE
export OPSDECK_TEST_PG=$(pg_url)
EOT
}

mkdir -p "$STATE"
case "${1:-}" in
  start) start_docker; start_postgres ;;
  start-docker) start_docker ;;
  start-postgres) start_postgres ;;
  # Only the image, on the engine at OPSDECK_CI_DOCKER_SOCK (test/helpers/private-dockerd.ts).
  build-image) build_image ;;
  stop) stop_docker; stop_postgres ;;
  env) print_env ;;
  status)
    dk info >/dev/null 2>&1 && echo "docker: up on $DOCKER_URL" || echo "docker: down"
    "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && echo "postgres: up on $PG_PORT" || echo "postgres: down" ;;
  *) echo "usage: $0 start|stop|env|status|start-docker|start-postgres|build-image" >&2; exit 2 ;;
esac
