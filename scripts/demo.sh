#!/usr/bin/env bash
# Installs what is missing, builds the bridge and runs it with one local
# target on an SQLite file, printing a fresh token and a curl that works.
#   bash scripts/demo.sh            # listens on 127.0.0.1:8080
#   PORT=9000 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIM_BRIDGE_TESTS=OFF >/dev/null
cmake --build build -j2 --target scim-bridge

port="${PORT:-8080}"
demo_dir="$PWD/demo"
mkdir -p "$demo_dir"
token="$(openssl rand -hex 32)"
token_hash="$(./build/scim-bridge hash-token "$token")"

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

Configuration: $demo_dir/config.yaml   Store: $demo_dir/scim-bridge.db   Stop: Ctrl-C
MSG

exec ./build/scim-bridge serve --config "$demo_dir/config.yaml"
