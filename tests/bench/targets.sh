#!/usr/bin/env bash
# The per-target benchmark: for each vendor target, its simulator
# (vendor_sim) and a real scim-bridge serving mappings/NAME.yaml against it,
# driven by wrk from the same machine (Release build, SQLite file, access
# log on): creates per second (Entra's GET filter + POST, one create), then
# updates per second (PATCH replace of a mapped attribute on those users),
# then the bridge's peak RSS. Beside each workload: the vendor calls per
# SCIM write (the simulator's call counter over the writes in the access
# log) and the calls one write makes alone: equal when every SCIM write
# made exactly one vendor sequence (no call repeated under load).
#   bash tests/bench/targets.sh                          # all six, 10 s each
#   TARGETS="retail-checklists learningpool" DURATION=5 bash tests/bench/targets.sh
#   BUILD_DIR=build-bench bash tests/bench/targets.sh     # existing binaries, no build
#   RATE_LIMIT=mapping bash tests/bench/targets.sh       # keep the mapping's vendor rate limit
#   TARGETS=retail-checklists LATENCY_MS=50 CONNECTIONS=200 VENDOR_CONCURRENCY=8 bash tests/bench/targets.sh
#     # a slow vendor: 50 ms per call, 200 concurrent SCIM writes, at most 8
#     # vendor calls in flight: throughput is bounded by 8 / 50 ms = 160 calls/s
#     # (a create is two calls: the look-up and the POST), not by our threads
# By default the mapping's connection.rate_limit (10-20 vendor calls/s, to
# spare real vendors) is lifted in a copy of the file, so that the numbers
# are the bridge's and the simulator's, not the limit's. Nothing is asserted:
# these are measurements. Creates count two requests each (p50/p99 mix both).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"
wrk_threads=2
rate_limit="${RATE_LIMIT:-off}"
latency_ms="${LATENCY_MS:-0}"
vendor_concurrency="${VENDOR_CONCURRENCY:-$connections}"
# customer-directory has no create: its accounts are seeded first (the
# bridge links to them). Its simulator searches them linearly on every
# look-up, so more accounts make the simulator, not the bridge, the limit.
seed_accounts="${SEED_ACCOUNTS:-5000}"
source scripts/vendor-targets.sh
targets="${TARGETS:-$vendor_targets}"

if [ -z "${BUILD_DIR:-}" ]; then
  bash scripts/install-deps.sh
  # The simulators live under tests/: this build needs them on.
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIM_BRIDGE_TESTS=ON >/dev/null
  cmake --build build-bench -j2 --target scim-bridge vendor_sim >/dev/null
  BUILD_DIR=build-bench
fi
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$repo/$BUILD_DIR" ;; esac
bridge="$BUILD_DIR/scim-bridge"
vendor_sim="$BUILD_DIR/tests/vendor_sim/vendor_sim"
for binary in "$bridge" "$vendor_sim"; do
  [ -x "$binary" ] || { echo "missing $binary (build the targets scim-bridge and vendor_sim)" >&2; exit 1; }
done

work="$(mktemp -d)"
bridge_pid=""
sim_pid=""
stop_target() {
  for pid in "$bridge_pid" "$sim_pid"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  bridge_pid=""
  sim_pid=""
}
trap 'stop_target; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The attribute the update workload replaces: mapped by every target.
patch_path_for() {
  case "$1" in
    platform-identity) echo displayName ;;  # its `name`; it maps no name.givenName
    *) echo name.givenName ;;
  esac
}

# POST /_sim/seed in batches: accounts bench0..N-1@bench.example (and probe0, probe1).
seed_customer_directory() {
  python3 - "$1" "$2" <<'PY'
import http.client, json, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
names = ["probe0", "probe1"] + [f"bench{i}" for i in range(count)]
for start in range(0, len(names), 2000):
    users = [{"email": f"{n}@bench.example", "firstName": "Bench", "lastName": n} for n in names[start:start + 2000]]
    conn.request("POST", "/_sim/seed", json.dumps({"users": users}), {"Content-Type": "application/json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"seeding customer-directory failed: {r.status} {body[:200]!r}")
PY
}

# One create of user probeN as Entra does it, with curl: prints nothing and returns 0 when the
# POST answered 201, else prints the status and the SCIM detail.
probe_create() {  # port token target index
  local base="http://127.0.0.1:$1/scim/v2/$3" auth="Authorization: Bearer $2" status
  curl -s -o /dev/null -H "$auth" "$base/Users?filter=userName%20eq%20%22probe$4%40bench.example%22"
  status="$(curl -s -o "$work/probe.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/scim+json' \
    -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"probe'"$4"'@bench.example","externalId":"x-probe'"$4"'","active":true,"displayName":"Probe","title":"Engineer",
         "preferredLanguage":"en-GB","timezone":"Europe/Istanbul","name":{"givenName":"Probe","familyName":"Zero"},
         "emails":[{"value":"probe'"$4"'@bench.example","type":"work","primary":true}],
         "addresses":[{"type":"work","locality":"Istanbul","country":"TR"}],
         "phoneNumbers":[{"type":"work","value":"+90 212 555 0101"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"Eprobe'"$4"'","department":"Finance"}}' \
    "$base/Users")"
  [ "$status" = 201 ] && return 0
  echo "POST answered $status: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("detail",""))' "$work/probe.json" 2>/dev/null)"
  return 1
}

# The SCIM ids of every user of the target, one per line (paged reads).
collect_ids() {  # port token target file
  python3 - "$@" <<'PY'
import http.client, json, sys
port, token, target, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
ids, start = [], 1
while True:
    conn.request("GET", f"/scim/v2/{target}/Users?startIndex={start}&count=500&attributes=id",
                 headers={"Authorization": "Bearer " + token})
    page = json.loads(conn.getresponse().read())
    ids += [r["id"] for r in page.get("Resources", [])]
    start += len(page.get("Resources", []))
    if not page.get("Resources") or start > page["totalResults"]:
        break
open(path, "w").write("\n".join(ids) + "\n")
PY
}

vendor_records() {  # sim port: how many user records the simulator holds
  curl -s "http://127.0.0.1:$1/_sim/state" |
    python3 -c 'import json,sys; s=json.load(sys.stdin)["state"]; print(len(s.get("users", [])))' 2>/dev/null || echo "?"
}

line() { printf '%-19s %-34s %s\n' "$1" "$2" "$3"; }

vendor_call_series() {  # admin port: scim_bridge_vendor_calls_total, one "labels=count" per series
  curl -s "http://127.0.0.1:$1/metrics" |
    sed -n 's/^scim_bridge_vendor_calls_total{\(.*\)} \([0-9]*\)$/\1=\2/p' | tr '\n' ' '
}

vendor_calls() {  # sim port: calls the simulator has answered since its faults were last set
  curl -s "http://127.0.0.1:$1/_sim/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["vendor_calls"])'
}

scim_writes() {  # access log: SCIM POST and PATCH requests answered so far (any status)
  python3 - "$1" <<'PY'
import json, sys
n = 0
for text in open(sys.argv[1], errors="replace"):
    try:
        entry = json.loads(text)
    except ValueError:
        continue
    if entry.get("method") in ("POST", "PATCH") and "/Users" in str(entry.get("path", "")):
        n += 1
print(n)
PY
}

# "calls_per_write=2.00 (one write alone: 2)" over the writes since $3/$4.
calls_per_write() {  # sim_port access_log calls_before writes_before alone
  sleep 1  # the writes still in flight when wrk stopped finish and are logged
  python3 -c 'import sys; c, w, a = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print("calls_per_write=%s (one write alone: %s)" % ("%.2f" % (c / w) if w else "?", a))' \
    "$(( $(vendor_calls "$1") - $3 ))" "$(( $(scim_writes "$2") - $4 ))" "$5"
}

bench_target() {
  local name="$1" dir="$work/$1" port token line
  mkdir -p "$dir"
  start_vendor_sim "$vendor_sim" "$name" "$dir/sim.log"

  local mapping="$repo/mappings/$name.yaml"
  if [ "$rate_limit" = off ]; then
    # The connector's pool follows max_concurrent: as many as wrk's connections.
    sed -E "s/^( *)rate_limit: .*/\1rate_limit: {max_concurrent: $vendor_concurrency, per_second: 0}/" \
      "$mapping" > "$dir/$name.yaml"
    mapping="$dir/$name.yaml"
  fi

  port="$(free_port)"
  admin_port="$(free_port)"
  token="$(openssl rand -hex 32)"
  {
    echo "listen: {address: 127.0.0.1, port: $port}"
    echo "admin: {address: 127.0.0.1, port: $admin_port}"
    echo "store: {path: $dir/bridge.db}"
    echo "threads: 2"
    echo "targets:"
    echo "  - name: $name"
    echo "    mapping: $mapping"
    echo "    tokens: [\"$("$bridge" hash-token "$token")\"]"
    echo "    parameters:"
    echo "      baseUrl: \"http://127.0.0.1:$sim_port\""
    vendor_parameters "$name" | sed 's/^/      /'
  } > "$dir/config.yaml"
  # Secrets reach the bridge through its environment only.
  mapfile -t secrets < <(vendor_secrets "$name")
  env "${secrets[@]}" "$bridge" serve --config "$dir/config.yaml" >"$dir/access.log" 2>"$dir/bridge.log" &
  bridge_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$bridge_pid" 2>/dev/null || { line "$name" "not started" "$(tail -3 "$dir/bridge.log")"; stop_target; return; }
    sleep 0.1
  done

  [ "$name" = customer-directory ] && seed_customer_directory "$sim_port" "$seed_accounts"
  local why calls writes create_alone update_alone
  if ! why="$(probe_create "$port" "$token" "$name" 0)"; then
    line "$name" "skipped" "one create fails: $why"
    stop_target
    return
  fi
  # A second create alone: its vendor calls, without the first's login.
  calls="$(vendor_calls "$sim_port")"
  probe_create "$port" "$token" "$name" 1 >/dev/null || true
  create_alone="$(( $(vendor_calls "$sim_port") - calls ))"

  # The vendor's own latency, from here on (the probe above ran without it).
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"latency_ms\": $latency_ms}" \
    "http://127.0.0.1:$sim_port/_sim/faults"

  export BENCH_TOKEN="$token" BENCH_TARGET="$name" BENCH_DIR="$repo/tests/bench" BENCH_THREADS="$wrk_threads"
  calls="$(vendor_calls "$sim_port")"
  writes="$(scim_writes "$dir/access.log")"
  line="$(BENCH_NAME_PREFIX=bench wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --timeout 60s \
    -s tests/bench/target_create.lua "http://127.0.0.1:$port" | grep '^RESULT' || true)"
  line="${line#RESULT }"
  if [ "$name" = customer-directory ]; then
    local highest="${line##*highest_index=}"
    [ "${highest:-0}" -ge "$seed_accounts" ] &&
      line="$line (beyond the $seed_accounts seeded accounts: raise SEED_ACCOUNTS)"
  fi
  line "$name" "create (GET filter + POST)" "$line vendor_records=$(vendor_records "$sim_port")"
  line "" "" "$(calls_per_write "$sim_port" "$dir/access.log" "$calls" "$writes" "$create_alone")"

  collect_ids "$port" "$token" "$name" "$dir/ids.txt"
  # One update alone: the calls of its vendor sequence.
  calls="$(vendor_calls "$sim_port")"
  curl -s -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    -d "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"$(patch_path_for "$name")\",\"value\":\"Alone\"}]}" \
    "http://127.0.0.1:$port/scim/v2/$name/Users/$(head -1 "$dir/ids.txt")"
  update_alone="$(( $(vendor_calls "$sim_port") - calls ))"
  calls="$(vendor_calls "$sim_port")"
  writes="$(scim_writes "$dir/access.log")"
  line="$(BENCH_IDS="$dir/ids.txt" BENCH_PATCH_PATH="$(patch_path_for "$name")" \
    wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --timeout 60s \
    -s tests/bench/target_update.lua "http://127.0.0.1:$port" | grep '^RESULT' || true)"
  line "$name" "update (PATCH $(patch_path_for "$name"))" "${line#RESULT } users=$(wc -l < "$dir/ids.txt")"
  line "" "" "$(calls_per_write "$sim_port" "$dir/access.log" "$calls" "$writes" "$update_alone")"
  # What /metrics showed at the end: the vendor calls by operation and status.
  line "" "/metrics" "$(vendor_call_series "$admin_port")"
  line "$name" "bridge peak RSS" "$(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$bridge_pid/status")"
  stop_target
}

echo "scim-bridge per-target benchmark: $(nproc) cores, wrk -t$wrk_threads -c$connections -d${duration}s," \
  "bridge threads 2, vendor_sim threads 1, vendor latency ${latency_ms} ms," \
  "vendor rate limit $([ "$rate_limit" = off ] && echo "lifted (max_concurrent $vendor_concurrency)" || echo 'as in the mapping')," \
  "binaries $BUILD_DIR"
for name in $targets; do
  vendor_parameters "$name" >/dev/null || { echo "unknown target $name (one of: $vendor_targets)" >&2; exit 2; }
  bench_target "$name"
done
