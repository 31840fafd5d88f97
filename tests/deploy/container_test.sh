#!/usr/bin/env bash
# The container image (scripts/build-container.sh), inspected and run:
#   bash tests/deploy/container_test.sh [IMAGE]     # default localhost/scim-bridge:latest
#  1. inspect: non-root numeric user, HEALTHCHECK, the volumes, the port, the
#     entry point, the package's files in the image;
#  2. run it (podman, host network) with a configuration volume holding a
#     token hash and a store volume: /healthz, POST /Users answered 201, the
#     HEALTHCHECK healthy, the store written as uid 10001, SIGTERM exits 0.
# PODMAN_RUN_FLAGS: flags for `podman run` (default: runc within this
# machine's rlimits, as scripts/build-container.sh). Exit 0 when all hold.
set -euo pipefail
cd "$(dirname "$0")/../.."
image="${1:-localhost/scim-bridge:latest}"
read -r -a run_flags <<<"${PODMAN_RUN_FLAGS:---runtime runc --ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096}"

fail() { echo "container_test: FAILED: $*" >&2; exit 1; }
# Without systemd as init podman cannot time the periodic HEALTHCHECK and
# says so on every call; the check is run on demand below instead.
podman() { command podman "$@" 2> >(grep -v "systemd connection" >&2); }
podman image exists "$image" || fail "no image $image (bash scripts/build-container.sh)"

echo "== inspect $image"
field() { podman image inspect "$image" --format "$1"; }
[ "$(field '{{.Config.User}}')" = "10001:10001" ] || fail "user $(field '{{.Config.User}}'), expected 10001:10001"
field '{{.Config.Healthcheck.Test}}' | grep -q /usr/lib/scim-bridge/healthcheck || fail "no HEALTHCHECK"
for v in /etc/scim-bridge /var/lib/scim-bridge; do
  field '{{range $k, $v := .Config.Volumes}}{{$k}} {{end}}' | grep -qw "$v" || fail "no VOLUME $v"
done
field '{{range $k, $v := .Config.ExposedPorts}}{{$k}} {{end}}' | grep -q "8080/tcp" || fail "8080 not exposed"
[ "$(field '{{.Config.Entrypoint}}')" = "[/usr/bin/scim-bridge]" ] || fail "entry point $(field '{{.Config.Entrypoint}}')"
echo "   user 10001:10001, HEALTHCHECK, volumes, 8080, $(field '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

work="$(mktemp -d)"
name="scim-bridge-test-$$"
cleanup() { podman rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== run"
token="$(openssl rand -hex 32)"
hash="$(podman run --rm "${run_flags[@]}" --network host --entrypoint /usr/bin/scim-bridge "$image" hash-token "$token")" ||
  fail "podman run: the image does not run here (see the error above)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/conf/mappings" "$work/store"
cat > "$work/conf/config.yaml" <<YAML
log: {level: info, access_log: true}
targets:
  - name: local
    tokens: ["$hash"]
YAML
chmod -R a+rX "$work/conf"
chown 10001:10001 "$work/store"
podman run -d --name "$name" "${run_flags[@]}" --network host -e SCIM_BRIDGE_LISTEN_PORT="$port" \
  -v "$work/conf:/etc/scim-bridge:ro" -v "$work/conf/mappings:/etc/scim-bridge/mappings:ro" \
  -v "$work/store:/var/lib/scim-bridge" "$image" >/dev/null
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  [ "$(podman inspect "$name" --format '{{.State.Running}}')" = true ] || break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { podman logs "$name" >&2; fail "no /healthz"; }
status="$(curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"}}' \
  "http://127.0.0.1:$port/scim/v2/local/Users")"
[ "$status" = 201 ] || { cat "$work/body"; podman logs "$name" >&2; fail "POST /Users answered $status"; }
echo "   POST /Users: 201"
podman healthcheck run "$name" >/dev/null 2>&1 && echo "   HEALTHCHECK: healthy" ||
  { podman exec "$name" /usr/lib/scim-bridge/healthcheck >&2 || true; fail "HEALTHCHECK unhealthy"; }
[ "$(podman exec "$name" id -u)" = 10001 ] || fail "the process does not run as 10001"
[ "$(stat -c %u "$work/store/scim-bridge.db")" = 10001 ] || fail "the store is not owned by 10001"
podman stop -t 20 "$name" >/dev/null
code="$(podman inspect "$name" --format '{{.State.ExitCode}}')"
[ "$code" = 0 ] || { podman logs "$name" >&2; fail "exit code $code after SIGTERM"; }
echo "   store on the volume (uid 10001); SIGTERM: exit 0"
echo "container_test: ok"
