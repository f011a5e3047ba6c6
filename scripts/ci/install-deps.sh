#!/usr/bin/env bash
# Installs what the real-component suites need on Debian 12 (docker.io, busybox-static,
# postgresql, tmux, openssh-server + iproute2 for the SSH test fleet), skipping apt entirely
# when everything is already there.
set -euo pipefail

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
# Debian's plain `busybox` is dynamically linked: the image needs the static build.
installed busybox-static || need+=(busybox-static)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
# The SSH suites start their own sshd per test host (never the system service) and put the
# hosts behind a bastion in a network namespace (ip netns).
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v ip >/dev/null 2>&1 || need+=(iproute2)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: docker.io, busybox-static, postgresql, tmux, openssh-server, iproute2 already installed"
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
