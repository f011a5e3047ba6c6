#!/usr/bin/env bash
# Creates (or removes, breaks, heals) the containers of examples/docker/profiles/docker-demo.yaml
# on the engine in DOCKER_HOST, from a local busybox image (no registry needed).
#   examples/docker/up.sh [up|down|fail|heal]
set -euo pipefail

IMAGE=${OPSDECK_DEMO_IMAGE:-opsdeck-busybox:test}
WEB_PORT=${OPSDECK_DEMO_WEB_PORT:-18481}
API_PORT=${OPSDECK_DEMO_API_PORT:-18482}
LABEL=opsdeck.example=docker-demo
NAMES=(opsdeck-demo-web opsdeck-demo-api opsdeck-demo-worker-1)

down() { docker rm -f "${NAMES[@]}" >/dev/null 2>&1 || true; }

up() {
  docker image inspect "$IMAGE" >/dev/null 2>&1 || {
    echo "up.sh: image $IMAGE not found on ${DOCKER_HOST:-the default engine}; scripts/ci/services.sh start builds it" >&2
    exit 1
  }
  down
  # The API writes its own health file, so `fail` / `heal` can remove and restore it.
  docker run -d --name opsdeck-demo-api --label "$LABEL" -p "127.0.0.1:$API_PORT:8080" \
    --health-cmd 'wget -q -O- http://127.0.0.1:8080/health' --health-interval 2s --health-timeout 2s --health-retries 2 \
    "$IMAGE" sh -c 'mkdir -p /srv && echo ok > /srv/health && echo "api: serving on :8080" && exec httpd -f -v -p 8080 -h /srv' >/dev/null
  docker run -d --name opsdeck-demo-web --label "$LABEL" -p "127.0.0.1:$WEB_PORT:8080" \
    "$IMAGE" httpd -f -v -p 8080 -h /www >/dev/null
  docker run -d --name opsdeck-demo-worker-1 --label "$LABEL" \
    --label com.docker.compose.project=opsdeck-demo --label com.docker.compose.service=worker \
    "$IMAGE" sh -c 'i=0; while true; do i=$((i+1)); echo "level=info msg=\"processed batch $i\""; sleep 1; done' >/dev/null
  echo "up.sh: web http://127.0.0.1:$WEB_PORT/health, api http://127.0.0.1:$API_PORT/health, worker (compose opsdeck-demo/worker)"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  fail) docker exec opsdeck-demo-api rm -f /srv/health ;;
  heal) docker exec opsdeck-demo-api sh -c 'echo ok > /srv/health' ;;
  *) echo "usage: $0 [up|down|fail|heal]" >&2; exit 2 ;;
esac
