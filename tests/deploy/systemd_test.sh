#!/usr/bin/env bash
# The Debian package under a real systemd, as on a server: a Debian 12 system
# (mmdebstrap, with systemd and the .deb) booted in a podman container, the
# admin's steps from docs/operations.md, and the hardened unit serving.
#   bash tests/deploy/systemd_test.sh [PACKAGE.deb]   # default: the newest build*/scim-bridge_*.deb
#  1. token hash into /etc/scim-bridge/config.yaml; a vendor target
#     (retail-checklists against its simulator on the host, when
#     $BUILD_DIR/tests/vendor_sim/vendor_sim exists) whose secret is a systemd
#     credential (LoadCredential= in a drop-in, the file root-only);
#  2. systemctl enable --now scim-bridge: POST /Users 201 on the local target
#     and through the vendor target (the user at the vendor);
#  3. the store's files belong to scim-bridge with mode 0600 (UMask);
#     systemd-analyze security on the running unit; systemctl stop ends it
#     with status 0.
# Needs root, podman, mmdebstrap and deb.debian.org (about 3 minutes).
# PODMAN_RUN_FLAGS as in scripts/build-container.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${BUILD_DIR:-build}"
deb="${1:-$(ls -t build*/scim-bridge_*.deb 2>/dev/null | head -1 || true)}"
[ -n "$deb" ] || { echo "no .deb: cpack -G DEB in the build folder first" >&2; exit 2; }
deb="$(realpath "$deb")"
read -r -a run_flags <<<"${PODMAN_RUN_FLAGS:---runtime runc --ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096}"
fail() { echo "systemd_test: FAILED: $*" >&2; exit 1; }
podman() { command podman "$@" 2> >(grep -v "systemd connection" >&2); }

out="$PWD/build-container"
mkdir -p "$out"
echo "== a Debian 12 system with systemd and $(basename "$deb") (mmdebstrap)"
mmdebstrap --quiet --variant=apt --include=systemd,systemd-sysv,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook="copy-in '$deb' /tmp" \
  --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb")" \
  bookworm "$out/systemd-rootfs.tar" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$out/systemd-rootfs.log" 2>&1 ||
  { tail -20 "$out/systemd-rootfs.log" >&2; fail "mmdebstrap"; }
image=localhost/scim-bridge-systemd-test:latest
podman import --quiet "$out/systemd-rootfs.tar" "$image" >/dev/null

name="scim-bridge-systemd-$$"
sim_pid=""
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
}
trap cleanup EXIT
podman run -d --name "$name" "${run_flags[@]}" --network host --systemd=always "$image" /lib/systemd/systemd >/dev/null
inside() { podman exec -i "$name" "$@"; }
for _ in $(seq 50); do
  state="$(inside systemctl is-system-running 2>/dev/null || true)"
  case "$state" in running|degraded) break ;; esac
  sleep 0.2
done
echo "   systemd: $state"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
token="$(openssl rand -hex 32)"
hash="$(inside scim-bridge hash-token "$token")"
target_block=""
sim="$(cd "$build_dir" 2>/dev/null && pwd)/tests/vendor_sim/vendor_sim"
if [ -x "$sim" ]; then
  source scripts/vendor-targets.sh
  start_vendor_sim "$sim" retail-checklists "$(mktemp)"
  inside cp /usr/share/scim-bridge/mappings/retail-checklists.yaml /etc/scim-bridge/mappings/
  inside install -d -m 0700 /etc/scim-bridge/secrets
  vendor_secrets retail-checklists | cut -d= -f2- | inside sh -c 'umask 077; cat > /etc/scim-bridge/secrets/retail-checklists-token'
  inside install -d /etc/systemd/system/scim-bridge.service.d
  printf '[Service]\nLoadCredential=retail-checklists-token:/etc/scim-bridge/secrets/retail-checklists-token\n' |
    inside sh -c 'cat > /etc/systemd/system/scim-bridge.service.d/credentials.conf'
  target_block="$(printf '%s\n' \
    "  - name: retail-checklists" \
    "    mapping: mappings/retail-checklists.yaml" \
    "    parameters:" \
    "      baseUrl: \"http://127.0.0.1:$sim_port\"" \
    "$(vendor_parameters retail-checklists | sed 's/^/      /')" \
    "    secrets:" \
    "      api_token: {file: /run/credentials/scim-bridge.service/retail-checklists-token}" \
    "    tokens: [\"$(inside scim-bridge hash-token "$token-vendor")\"]")"
fi
# The admin's edit of the installed file: the port (the host's network is
# shared), the token hash, a vendor target.
inside cat /etc/scim-bridge/config.yaml |
  sed "s/^  port: 8080 /  port: $port /; s/sha256:0\{64\}/$hash/" |
  { cat; [ -n "$target_block" ] && echo "$target_block"; } |
  inside sh -c 'cat > /etc/scim-bridge/config.yaml.new && cat /etc/scim-bridge/config.yaml.new > /etc/scim-bridge/config.yaml && rm /etc/scim-bridge/config.yaml.new'

echo "== systemctl enable --now scim-bridge"
inside systemctl daemon-reload
inside systemctl enable --now scim-bridge.service >/dev/null 2>&1
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null ||
  { inside systemctl status scim-bridge --no-pager >&2 || true; inside journalctl -u scim-bridge --no-pager -o cat >&2; fail "the service does not answer"; }
post() {  # target token userName
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" -H 'Content-Type: application/scim+json' \
    -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"$3\",\"active\":true,\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},\"emails\":[{\"value\":\"$3\",\"type\":\"work\",\"primary\":true}]}" \
    "http://127.0.0.1:$port/scim/v2/$1/Users"
}
status="$(post local "$token" ada@example.com)"
[ "$status" = 201 ] || fail "POST /Users on local answered $status"
echo "   local: POST /Users 201"
if [ -n "$target_block" ]; then
  status="$(post retail-checklists "$token-vendor" grace@example.com)"
  [ "$status" = 201 ] || { inside journalctl -u scim-bridge --no-pager -o cat | tail -5 >&2; fail "POST /Users on retail-checklists answered $status"; }
  curl -sf "http://127.0.0.1:$sim_port/_sim/state" | grep -q grace@example.com || fail "the user is not at the vendor"
  echo "   retail-checklists (secret from LoadCredential=): POST /Users 201, the user at the vendor"
fi

modes="$(inside stat -c '%U %a %n' /var/lib/scim-bridge/scim-bridge.db)"
[ "${modes%% *}" = scim-bridge ] && [ "$(echo "$modes" | cut -d' ' -f2)" = 600 ] || fail "store: $modes"
echo "   store: $modes"
echo "   $(inside systemd-analyze security scim-bridge.service --no-pager 2>/dev/null | grep 'Overall exposure')"
inside systemctl stop scim-bridge.service
result="$(inside systemctl show scim-bridge.service -p Result --value) $(inside systemctl show scim-bridge.service -p ExecMainStatus --value)"
[ "$result" = "success 0" ] || fail "systemctl stop: $result"
echo "   systemctl stop: success, status 0"
echo "systemd_test: ok"
