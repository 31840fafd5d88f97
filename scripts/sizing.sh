#!/usr/bin/env bash
# Sizing figures for docs/idp/sizing.md: memory, CPU and disk of one bridge
# (local target, SQLite) as its store grows to each user count.
#   bash scripts/sizing.sh                       # 10,000 and 100,000 users
#   USERS="10000 100000 1000000" bash scripts/sizing.sh
#   SCIM_BRIDGE=/usr/bin/scim-bridge bash scripts/sizing.sh   # e.g. the installed package
# Default binary: build-bench/scim-bridge, else build/scim-bridge (a Release
# build measures Release code; tests/bench/run.sh builds build-bench).
# For each count: users are created over HTTP as an identity provider's first
# cycle would (4 clients), then 10 s of Entra's
# query (GET /Users?filter=userName eq "…", 8 connections, wrk) and 10 s of
# PATCH active (Okta's deactivation). Prints, per count: the server's CPU
# time per create, per query and per PATCH (from /proc/PID/stat, so the
# figures are the bridge's, not the clients'), its resident memory (VmRSS,
# VmHWM) and the store's size on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
counts="${USERS:-10000 100000}"
duration="${DURATION:-10}"
binary="${SCIM_BRIDGE:-}"
if [ -z "$binary" ]; then
  for b in build-bench/scim-bridge build/scim-bridge; do
    [ -x "$b" ] && { binary="$b"; break; }
  done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "no scim-bridge binary: set SCIM_BRIDGE or build one" >&2; exit 2; }
for tool in wrk curl python3 openssl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (bash scripts/install-deps.sh)" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
token="$(openssl rand -hex 32)"
cat > "$work/config.yaml" <<YAML
listen: {address: 127.0.0.1, port: $port}
store: {path: $work/sizing.db}
threads: 2
log: {level: warn, access_log: true}
targets:
  - name: sizing
    tokens: ["$("$binary" hash-token "$token")"]
YAML
"$binary" serve --config "$work/config.yaml" >/dev/null 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done

ticks="$(getconf CLK_TCK)"
cpu_ms() { awk -v t="$ticks" '{print ($14 + $15) * 1000 / t}' "/proc/$server_pid/stat"; }
status_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$server_pid/status"; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1048576}'; }

cat > "$work/query.lua" <<'LUA'
local token, users = os.getenv("SIZING_TOKEN"), tonumber(os.getenv("SIZING_USERS"))
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/scim+json"
local ids = {}
local mode = os.getenv("SIZING_MODE")
if mode == "patch" then for line in io.lines(os.getenv("SIZING_IDS")) do ids[#ids + 1] = line end end
function setup(thread) thread:set("seed", math.random(1, 1000000000)) end
function init() math.randomseed(seed or os.time()) end
local flip = false
request = function()
  if mode == "patch" then
    flip = not flip
    local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":'
      .. (flip and "false" or "true") .. '}}]}'
    return wrk.format("PATCH", "/scim/v2/sizing/Users/" .. ids[math.random(1, #ids)], nil, body)
  end
  local i = math.random(0, users - 1)
  return wrk.format("GET", "/scim/v2/sizing/Users?filter=userName%20eq%20%22user" .. i .. "%40bench.example%22")
end
function done(summary, latency)
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d\n", summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
LUA

# Creates user{FROM}..user{TO-1}@bench.example over 4 keep-alive connections.
cat > "$work/seed.py" <<'PY'
import http.client, json, multiprocessing, sys
port, token, first, last, ids_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def seed(bounds):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}
    ids = []
    for i in range(*bounds):
        body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": f"user{i}@bench.example",
                "externalId": f"ext-{i}", "displayName": f"Bench User {i}", "active": True,
                "name": {"givenName": "Bench", "familyName": f"User{i}"},
                "emails": [{"value": f"user{i}@bench.example", "type": "work", "primary": True}]}
        conn.request("POST", "/scim/v2/sizing/Users", json.dumps(body), headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            raise SystemExit(f"creating user {i}: {response.status} {data[:200]!r}")
        ids.append(json.loads(data)["id"])
    return ids
step = max(1, (last - first + 3) // 4)
with multiprocessing.Pool(4) as pool:
    results = pool.map(seed, [(lo, min(lo + step, last)) for lo in range(first, last, step)])
with open(ids_file, "a") as out:
    out.writelines(i + "\n" for ids in results for i in ids)
PY

load() {  # mode users -> "requests req/s p50 p99 non2xx cpu_ms"
  local before after line
  before="$(cpu_ms)"
  line="$(SIZING_MODE="$1" SIZING_USERS="$2" SIZING_TOKEN="$token" SIZING_IDS="$work/ids.txt" \
    wrk -t2 -c8 -d"${duration}s" -s "$work/query.lua" "http://127.0.0.1:$port" | sed -n 's/^RESULT //p')"
  after="$(cpu_ms)"
  echo "$line $(awk -v a="$after" -v b="$before" 'BEGIN {print a - b}')"
}

echo "scim-bridge sizing: $binary, $(nproc) cores, threads 2, local target"
echo "users | create: CPU ms each (creates/s) | filter query: CPU us each (req/s, p99 ms) | PATCH active: CPU us each (req/s, p99 ms) | VmRSS | VmHWM | store on disk"
: > "$work/ids.txt"
seeded=0
for n in $counts; do
  before="$(cpu_ms)"
  start="$(date +%s.%N)"
  python3 "$work/seed.py" "$port" "$token" "$seeded" "$n" "$work/ids.txt"
  seconds="$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')"
  create_ms="$(awk -v a="$(cpu_ms)" -v b="$before" -v n=$(( n - seeded )) 'BEGIN {printf "%.2f", (a - b) / n}')"
  create_rate="$(awk -v s="$seconds" -v n=$(( n - seeded )) 'BEGIN {printf "%.0f", n / s}')"
  seeded="$n"
  read -r q_n q_rate q_p50 q_p99 q_err q_cpu <<<"$(load query "$n")"
  read -r p_n p_rate p_p50 p_p99 p_err p_cpu <<<"$(load patch "$n")"
  q_us="$(awk -v c="$q_cpu" -v n="$q_n" 'BEGIN {printf "%.0f", c * 1000 / n}')"
  p_us="$(awk -v c="$p_cpu" -v n="$p_n" 'BEGIN {printf "%.0f", c * 1000 / n}')"
  disk=0
  for f in "$work"/sizing.db "$work"/sizing.db-wal; do [ -f "$f" ] && disk=$(( disk + $(stat -c %s "$f") )); done
  echo "$n | $create_ms ($create_rate/s) | $q_us ($q_rate/s, $q_p99) | $p_us ($p_rate/s, $p_p99) |" \
       "$(mb $(( $(status_kb VmRSS) * 1024 ))) | $(mb $(( $(status_kb VmHWM) * 1024 ))) | $(mb "$disk")"
  [ "$q_err" = 0 ] && [ "$p_err" = 0 ] || echo "  (non-2xx answers: query $q_err, patch $p_err)"
done
