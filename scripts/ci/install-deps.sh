#!/usr/bin/env bash
# Installs what the real-component suites need on Debian 12 (docker.io, busybox-static,
# postgresql, tmux), skipping apt entirely when everything is already there.
set -euo pipefail

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
# Debian's plain `busybox` is dynamically linked: the image needs the static build.
installed busybox-static || need+=(busybox-static)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v tmux >/dev/null 2>&1 || need+=(tmux)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: docker.io, busybox-static, postgresql, tmux already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${need[*]}; run as root (or install them yourself)" >&2
  exit 1
fi
echo "install-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
