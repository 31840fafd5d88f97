#!/usr/bin/env bash
# Builds the scim-bridge container image on this machine without a registry,
# from Debian packages only: mmdebstrap makes a Debian 12 root filesystem with
# the scim-bridge .deb installed (user scim-bridge, uid 10001, made first),
# podman imports it, and the metadata of deploy/container/Containerfile (the
# part below its marker line: user, volumes, HEALTHCHECK, entry point) is
# applied on top: a build with no RUN step, so no container runs to build it.
#
#   bash scripts/build-container.sh [PACKAGE.deb]
#       default: the newest build*/scim-bridge_*.deb (cpack -G DEB in build/)
#   bash scripts/build-container.sh --via-containerfile [PACKAGE.deb]
#       instead builds deploy/container/Containerfile itself (its RUN step
#       installs the .deb) on a Debian 12 base image made by mmdebstrap:
#       the registry path, checked without a registry (runs a container).
#
# Writes build-container/rootfs.tar and the image localhost/scim-bridge:VERSION
# (also tagged :latest). Runs as root (mmdebstrap's root mode, podman).
# Installs mmdebstrap and podman from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

mode=rootfs
if [ "${1:-}" = --via-containerfile ]; then mode=containerfile; shift; fi
deb="${1:-}"
if [ -z "$deb" ]; then
  deb="$(ls -t build*/scim-bridge_*.deb 2>/dev/null | head -1 || true)"
  [ -n "$deb" ] || { echo "no build*/scim-bridge_*.deb: run cpack -G DEB in the build folder first" >&2; exit 2; }
fi
deb="$(realpath "$deb")"

missing=()
for p in mmdebstrap podman runc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

version="$(dpkg-deb -f "$deb" Version)"
image="localhost/scim-bridge:$version"
out="$repo/build-container"
mkdir -p "$out"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Like debian:12-slim: no manual pages, no translations, no foreign docs.
slim=(--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/scim-bridge/*'
      --dpkgopt='path-include=/usr/share/doc/*/copyright')

if [ "$mode" = rootfs ]; then
  echo "== mmdebstrap: Debian 12 + $(basename "$deb")"
  mmdebstrap --variant=apt --include=ca-certificates "${slim[@]}" \
    --customize-hook="copy-in '$deb' /tmp" \
    --customize-hook='chroot "$1" groupadd --system --gid 10001 scim-bridge' \
    --customize-hook='chroot "$1" useradd --system --uid 10001 --gid scim-bridge --home-dir /var/lib/scim-bridge --no-create-home --shell /usr/sbin/nologin scim-bridge' \
    --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/$(basename "$deb")" \
    --customize-hook='rm -f "$1"/tmp/scim-bridge_*.deb' \
    bookworm "$out/rootfs.tar" "$mirror"
  podman import --quiet "$out/rootfs.tar" "localhost/scim-bridge-rootfs:$version" >/dev/null
  { echo "FROM localhost/scim-bridge-rootfs:$version"
    sed -n '/^# ---- image metadata/,$p' deploy/container/Containerfile
  } > "$out/Containerfile"
  podman build --quiet --format docker -t "$image" -t localhost/scim-bridge:latest -f "$out/Containerfile" "$out" >/dev/null
else
  echo "== mmdebstrap: a Debian 12 base image (in place of debian:12-slim)"
  mmdebstrap --variant=apt "${slim[@]}" bookworm "$out/debian-base.tar" "$mirror"
  podman import --quiet "$out/debian-base.tar" localhost/debian:12-mmdebstrap >/dev/null
  rm -rf "$out/context" && mkdir -p "$out/context" && cp "$deb" "$out/context/"
  # The RUN step runs a container: in a sandbox that may not raise its
  # rlimits and has hybrid cgroups (crun refuses those), runc within the
  # limits it has works (PODMAN_RUN_FLAGS to change).
  read -r -a run_flags <<<"${PODMAN_RUN_FLAGS:---runtime runc --network host --ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096}"
  podman build --format docker "${run_flags[@]}" \
    --build-arg DEBIAN_IMAGE=localhost/debian:12-mmdebstrap \
    -t "$image" -t localhost/scim-bridge:latest -f deploy/container/Containerfile "$out/context"
fi

echo "== $image"
podman image inspect "$image" --format 'user={{.Config.User}} entrypoint={{.Config.Entrypoint}} cmd={{.Config.Cmd}}
volumes={{range $k, $v := .Config.Volumes}}{{$k}} {{end}} ports={{range $k, $v := .Config.ExposedPorts}}{{$k}} {{end}}
healthcheck={{.Config.Healthcheck.Test}} size={{.Size}}'
