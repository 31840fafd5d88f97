#!/usr/bin/env bash
# The Debian package, installed as the README says and used: CI runs this
# after scripts/test.sh (as root, on a machine without scim-bridge installed).
#   bash tests/deploy/deb_test.sh [PACKAGE.deb]
# Without an argument it packages build/ (cpack -G DEB; BUILD_DIR to change).
#  1. dpkg -i: the user, the files, the conffile, the unit (systemd-analyze verify);
#  2. the installed binary serves the installed configuration as it is
#     (healthz 200; its placeholder hash lets no token in: 401);
#  3. with a token hash set (a copy of the configuration, as an admin edits it):
#     a SCIM POST /Users answered 201, then found by filter;
#  4. the getting-started path with a vendor target: the shipped
#     retail-checklists mapping copied to /etc/scim-bridge/mappings, its
#     secret in the environment, served against that vendor's simulator
#     (build/tests/vendor_sim/vendor_sim): POST /Users 201 and the user at the vendor;
#  5. SIGTERM stops it cleanly; a reinstall keeps an edited conffile; dpkg
#     --remove keeps configuration and store; dpkg --purge leaves no file,
#     user or store behind.
# Runs as the service user, as systemd would. Exit 0 when all hold.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
build_dir="${BUILD_DIR:-build}"

step() { echo "== $*"; }
fail() { echo "deb_test: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then fail "run as root (dpkg -i)"; fi
if dpkg-query -W -f='${Status}' scim-bridge 2>/dev/null | grep -q "installed"; then
  fail "scim-bridge is already installed here; this test installs and purges it (dpkg --purge scim-bridge first)"
fi
missing=()
for p in curl python3 openssl systemd file dpkg-dev; do  # file, dpkg-dev: cpack's shlibdeps
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

deb="${1:-}"
if [ -z "$deb" ]; then
  step "cpack -G DEB in $build_dir"
  (cd "$build_dir" && rm -f scim-bridge_*.deb && cpack -G DEB >/dev/null)
  deb="$(ls "$build_dir"/scim-bridge_*.deb)"
fi
deb="$(realpath "$deb")"

work="$(mktemp -d)"
server_pid=""
sim_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  if [ "${KEEP_INSTALLED:-0}" != 1 ] && dpkg-query -W -f='${Status}' scim-bridge 2>/dev/null | grep -q installed; then
    dpkg --purge scim-bridge >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step "package $(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents"
for f in ./usr/bin/scim-bridge ./usr/lib/scim-bridge/scim-bridge ./usr/lib/scim-bridge/healthcheck \
         ./usr/share/scim-bridge/schemas/user.json ./usr/share/scim-bridge/mappings/retail-checklists.yaml \
         ./etc/scim-bridge/config.yaml ./lib/systemd/system/scim-bridge.service; do
  grep -qx "$f" "$work/contents" || fail "$f is not in the package"
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/scim-bridge/config.yaml || fail "config.yaml is not a conffile"

step "dpkg -i"
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
getent passwd scim-bridge >/dev/null || fail "no scim-bridge user"
[ "$(stat -c %U:%a /var/lib/scim-bridge)" = scim-bridge:750 ] || fail "/var/lib/scim-bridge: $(stat -c %U:%a /var/lib/scim-bridge)"
[ "$(stat -c %U:%G:%a /etc/scim-bridge/config.yaml)" = root:scim-bridge:640 ] ||
  fail "/etc/scim-bridge/config.yaml: $(stat -c %U:%G:%a /etc/scim-bridge/config.yaml)"
dpkg-query -W -f='${Conffiles}\n' scim-bridge | grep -q /etc/scim-bridge/config.yaml || fail "conffile not registered"
systemd-analyze verify /lib/systemd/system/scim-bridge.service > "$work/verify.log" 2>&1 ||
  { cat "$work/verify.log"; fail "systemd-analyze verify scim-bridge.service"; }
grep -v "^$" "$work/verify.log" | grep -iv "Failed to .*bus\|not booted\|No such file" | sed 's/^/   verify: /' || true
exposure="$(systemd-analyze security --offline=yes /lib/systemd/system/scim-bridge.service 2>/dev/null |
  sed -n 's/.*Overall exposure level for scim-bridge.service: \([0-9.]*\).*/\1/p')"
echo "   systemd-analyze verify: ok; security exposure $exposure (0 = most sandboxed, 10 = none)"
awk -v e="${exposure:-10}" 'BEGIN {exit !(e <= 2.0)}' || fail "systemd-analyze security: exposure ${exposure:-?} above 2.0"
[ ! -e /etc/systemd/system/multi-user.target.wants/scim-bridge.service ] ||
  fail "a first install enabled the unit before the admin set a token"
# What the admin runs last (offline here: systemctl enable only links files).
systemctl enable scim-bridge.service >/dev/null 2>&1 || fail "systemctl enable scim-bridge"
[ -L /etc/systemd/system/multi-user.target.wants/scim-bridge.service ] || fail "enable made no multi-user.target link"
command -v scim-bridge | grep -qx /usr/bin/scim-bridge || fail "scim-bridge is not /usr/bin/scim-bridge on PATH"
ldd /usr/lib/scim-bridge/scim-bridge | grep -q "not found" && fail "unresolved libraries: $(ldd /usr/lib/scim-bridge/scim-bridge | grep 'not found')"

as_service() { setpriv --reuid=scim-bridge --regid=scim-bridge --init-groups -- env "$@"; }  # execs: signals reach the bridge
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() {  # config [VAR=value ...]: starts the installed bridge as the service user
  local config="$1"; shift
  port="$(free_port)"
  # Not through as_service: $! must be the bridge's own pid (setpriv and env exec).
  setpriv --reuid=scim-bridge --regid=scim-bridge --init-groups -- env SCIM_BRIDGE_LISTEN_PORT="$port" "$@" \
    /usr/bin/scim-bridge serve --config "$config" >"$work/access.log" 2>"$work/events.log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/events.log" >&2
  fail "the installed bridge did not start with $config"
}
stop() {
  kill -TERM "$server_pid"
  local status=0
  wait "$server_pid" || status=$?
  server_pid=""
  [ "$status" -eq 0 ] || { cat "$work/events.log" >&2; fail "exit status $status after SIGTERM"; }
}
user_json() {  # userName
  printf '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","externalId":"%s","active":true,"displayName":"Ada Lovelace","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"%s","type":"work","primary":true}]}' "$1" "${1%@*}" "$1"
}
post_user() {  # target token userName -> prints the status, body in $work/body
  curl -s -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/scim+json' -d "$(user_json "$3")" "http://127.0.0.1:$port/scim/v2/$1/Users"
}

step "the installed configuration, unchanged"
start /etc/scim-bridge/config.yaml
status="$(post_user local change-me ada@example.com)"
[ "$status" = 401 ] || fail "POST with a guessed token answered $status, expected 401"
as_service SCIM_BRIDGE_LISTEN_PORT="$port" /usr/lib/scim-bridge/healthcheck || fail "healthcheck script"
stop
[ -f /var/lib/scim-bridge/scim-bridge.db ] || fail "no store in /var/lib/scim-bridge"

step "a token hash set (what the admin does): POST /Users"
token="$(openssl rand -hex 32)"
hash="$(scim-bridge hash-token "$token")"
install -d -m 0750 -g scim-bridge "$work/etc" && chgrp scim-bridge "$work"
chmod 0750 "$work"
sed "s/sha256:0\{64\}/$hash/" /etc/scim-bridge/config.yaml > "$work/etc/config.yaml"
chgrp scim-bridge "$work/etc/config.yaml" && chmod 0640 "$work/etc/config.yaml"
start "$work/etc/config.yaml"
status="$(post_user local "$token" ada@example.com)"
[ "$status" = 201 ] || { cat "$work/body"; fail "POST /Users answered $status, expected 201"; }
grep -q '"userName":"ada@example.com"' "$work/body" || fail "the created user: $(cat "$work/body")"
curl -sf -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/scim/v2/local/Users?filter=userName%20eq%20%22ada@example.com%22" | grep -q '"totalResults":1' ||
  fail "the created user is not found by filter"
grep -q "$token" "$work/access.log" "$work/events.log" && fail "the token appears in the logs"
stop
echo "   POST /Users: 201; found by filter; SIGTERM: exit 0"

sim="$(cd "$build_dir" && pwd)/tests/vendor_sim/vendor_sim"
if [ -x "$sim" ]; then
  step "getting started with a vendor target: retail-checklists against its simulator"
  source scripts/vendor-targets.sh
  start_vendor_sim "$sim" retail-checklists "$work/sim.log"
  cp /usr/share/scim-bridge/mappings/retail-checklists.yaml /etc/scim-bridge/mappings/
  {
    sed -n '/^targets:/q;p' /etc/scim-bridge/config.yaml   # listen, store, log as installed
    echo "targets:"
    echo "  - name: retail-checklists"
    echo "    mapping: /etc/scim-bridge/mappings/retail-checklists.yaml"
    echo "    parameters:"
    echo "      baseUrl: \"http://127.0.0.1:$sim_port\""
    vendor_parameters retail-checklists | sed 's/^/      /'
    echo "    tokens:"
    echo "      - \"$hash\""
  } > "$work/etc/config.yaml"
  mapfile -t secrets < <(vendor_secrets retail-checklists)
  start "$work/etc/config.yaml" "${secrets[@]}"
  status="$(post_user retail-checklists "$token" grace@example.com)"
  [ "$status" = 201 ] || { cat "$work/body" "$work/events.log"; fail "POST /Users (retail-checklists) answered $status"; }
  curl -sf "http://127.0.0.1:$sim_port/_sim/state" | grep -q 'grace@example.com' ||
    fail "the simulator holds no grace@example.com: $(curl -s "http://127.0.0.1:$sim_port/_sim/state")"
  stop
  kill "$sim_pid" 2>/dev/null || true
  sim_pid=""
  echo "   POST /Users through the mapping: 201; the vendor holds the user"
else
  echo "== (no $sim: the vendor-target step needs the tests built in $build_dir; skipped)"
fi

step "reinstall (the upgrade path) keeps the admin's configuration; dpkg --remove keeps it and the store"
echo "# an admin's edit" >> /etc/scim-bridge/config.yaml
dpkg -i "$deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i over the installed package"; }
grep -q "^# an admin's edit" /etc/scim-bridge/config.yaml || fail "reinstalling replaced the edited conffile"
dpkg --remove scim-bridge > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg --remove"; }
[ ! -e /usr/bin/scim-bridge ] || fail "/usr/bin/scim-bridge is left after remove"
[ -f /etc/scim-bridge/config.yaml ] && [ -f /var/lib/scim-bridge/scim-bridge.db ] ||
  fail "dpkg --remove deleted the configuration or the store"

step "dpkg --purge"
dpkg --purge scim-bridge > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg --purge"; }
for path in /usr/bin/scim-bridge /usr/lib/scim-bridge /usr/share/scim-bridge /etc/scim-bridge /var/lib/scim-bridge \
            /lib/systemd/system/scim-bridge.service; do
  [ ! -e "$path" ] || fail "$path is left after purge"
done
for link in /etc/systemd/system/multi-user.target.wants/scim-bridge.service /etc/systemd/system/scim-bridge.service; do
  [ ! -L "$link" ] || fail "$link is left after purge"
done
getent passwd scim-bridge >/dev/null && fail "the scim-bridge user is left after purge"
getent group scim-bridge >/dev/null && fail "the scim-bridge group is left after purge"
echo "deb_test: ok (installed, served 201, purged clean)"
