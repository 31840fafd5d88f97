#!/usr/bin/env bash
# Installs what is missing, builds the bridge and runs it with one local
# target on an SQLite file, printing a fresh token and a curl that works.
#   bash scripts/demo.sh            # listens on 127.0.0.1:8080
#   PORT=9000 bash scripts/demo.sh
# Or with one vendor target served through its mapping file against that
# vendor's simulator (tests/vendor_sim), started alongside:
#   bash scripts/demo.sh --target twiser-wokr
# (twiser-wokr, twiser-lxp, platform-identity, customer-directory,
# retail-checklists, learningpool; docs/targets/<name>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/vendor-targets.sh

target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="${2:-}"; shift 2 || { echo "--target needs a name: $vendor_targets" >&2; exit 2; } ;;
    --target=*) target="${1#--target=}"; shift ;;
    *) echo "usage: bash scripts/demo.sh [--target NAME]   (NAME: $vendor_targets)" >&2; exit 2 ;;
  esac
done
if [ -n "$target" ] && ! vendor_parameters "$target" >/dev/null; then
  echo "unknown target '$target', expected one of: $vendor_targets" >&2
  exit 2
fi

bash scripts/install-deps.sh
if [ -z "$target" ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIM_BRIDGE_TESTS=OFF >/dev/null
  cmake --build build -j2 --target scim-bridge
else
  # The simulators live with the tests: configure them, build only these two.
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIM_BRIDGE_TESTS=ON >/dev/null
  cmake --build build -j2 --target scim-bridge vendor_sim
fi

port="${PORT:-8080}"
demo_dir="$PWD/demo"
mkdir -p "$demo_dir"
token="$(openssl rand -hex 32)"
token_hash="$(./build/scim-bridge hash-token "$token")"

if [ -z "$target" ]; then
# Each run starts with an empty store, as the vendor demos do: the printed
# curl creates ada@example.com, which a store kept from the last run would
# answer with 409 (userName taken).
rm -f "$demo_dir/scim-bridge.db" "$demo_dir/scim-bridge.db-wal" "$demo_dir/scim-bridge.db-shm"
# Only the token's hash is written down; the token itself is printed once.
cat > "$demo_dir/config.yaml" <<YAML
listen:
  address: 127.0.0.1
  port: $port
store:
  path: $demo_dir/scim-bridge.db
targets:
  - name: local
    tokens:
      - "$token_hash"
YAML

cat <<MSG

scim-bridge is starting on http://127.0.0.1:$port with the local target "local".
Bearer token (shown once, not stored): $token

Try, from another terminal:
  curl -s -H "Authorization: Bearer $token" -H "Content-Type: application/scim+json" \\
       -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@example.com","type":"work","primary":true}]}' \\
       http://127.0.0.1:$port/scim/v2/local/Users
  curl -s -H "Authorization: Bearer $token" \\
       'http://127.0.0.1:$port/scim/v2/local/Users?filter=userName%20eq%20%22ada@example.com%22'

Configuration: $demo_dir/config.yaml   Store: $demo_dir/scim-bridge.db (emptied at each run)   Stop: Ctrl-C
MSG

exec ./build/scim-bridge serve --config "$demo_dir/config.yaml"
fi

# A vendor target. The simulator keeps its records in memory, so the bridge
# gets a fresh store too: both start empty.
start_vendor_sim ./build/tests/vendor_sim/vendor_sim "$target" "$demo_dir/$target-sim.log"
trap 'kill "$sim_pid" 2>/dev/null || true' EXIT
sim="http://127.0.0.1:$sim_port"
rm -f "$demo_dir/$target.db" "$demo_dir/$target.db-wal" "$demo_dir/$target.db-shm"

# Parameters go into the configuration; secrets only into the bridge's
# environment (the mapping file names the variables).
{
  echo "listen:"
  echo "  address: 127.0.0.1"
  echo "  port: $port"
  echo "store:"
  echo "  path: $demo_dir/$target.db"
  echo "targets:"
  echo "  - name: $target"
  echo "    mapping: $PWD/mappings/$target.yaml"
  echo "    tokens:"
  echo "      - \"$token_hash\""
  echo "    parameters:"
  echo "      baseUrl: \"$sim\""
  vendor_parameters "$target" | sed 's/^/      /'
} > "$demo_dir/config.yaml"
mapfile -t secrets < <(vendor_secrets "$target")

user='{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"ada@example.com","externalId":"ada","active":true,"displayName":"Ada Lovelace","title":"Analyst","preferredLanguage":"en-GB","timezone":"Europe/London","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@example.com","type":"work","primary":true}],"addresses":[{"type":"work","locality":"London","country":"GB"}],"phoneNumbers":[{"type":"work","value":"+44 20 7946 0000"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E1815","department":"Research"}}'
note=""
if [ "$target" = customer-directory ]; then
  # This vendor has no create: a SCIM POST links to an account it already
  # has. Give it Ada's, as if she had signed up herself.
  curl -sf -H 'Content-Type: application/json' \
    -d '{"users":[{"email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"}]}' "$sim/_sim/seed" >/dev/null
  note="  (customer-directory has no create: the simulator was seeded with Ada's account and the POST links to it)"
fi

cat <<MSG

scim-bridge is starting on http://127.0.0.1:$port with the target "$target"
(mappings/$target.yaml, docs/targets/$target.md), served against its simulator on $sim.
Bearer token (shown once, not stored): $token

Create a user through the bridge, from another terminal:$note
  curl -s -H "Authorization: Bearer $token" -H "Content-Type: application/scim+json" \\
       -d '$user' \\
       http://127.0.0.1:$port/scim/v2/$target/Users
What the vendor now holds (the simulator's records) and the calls it saw:
  curl -s $sim/_sim/state | python3 -m json.tool
  curl -s $sim/_sim/requests | python3 -m json.tool

Configuration: $demo_dir/config.yaml (secrets: environment only)   Store: $demo_dir/$target.db
Simulator log: $demo_dir/$target-sim.log   Stop: Ctrl-C (stops both)
MSG

env "${secrets[@]}" ./build/scim-bridge serve --config "$demo_dir/config.yaml"
