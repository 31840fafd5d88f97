#!/usr/bin/env bash
# The foundation benchmark: seeds users into a local target of a real
# scim-bridge (Release build, SQLite file, access log on) and drives it with
# wrk from the same machine: 32 connections, DURATION seconds per workload.
#   bash tests/bench/run.sh                 # 100,000 users, 10 s each
#   USERS=20000 DURATION=5 bash tests/bench/run.sh
# Prints one line per workload: requests/s, p50/p99 latency, errors; then
# the server's peak RSS. Nothing is asserted: these are measurements.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
users="${USERS:-100000}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"

bash scripts/install-deps.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIM_BRIDGE_TESTS=OFF >/dev/null
cmake --build build-bench -j2 --target scim-bridge >/dev/null

work="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
token="$(openssl rand -hex 32)"
cat > "$work/config.yaml" <<YAML
listen: {address: 127.0.0.1, port: $port}
store: {path: $work/bench.db}
threads: 2
targets:
  - name: bench
    tokens: ["$(build-bench/scim-bridge hash-token "$token")"]
YAML
build-bench/scim-bridge serve --config "$work/config.yaml" >"$work/access.log" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done

export BENCH_TOKEN="$token" BENCH_TARGET=bench BENCH_DIR="$repo/tests/bench" BENCH_IDS="$work/ids.txt"
: > "$BENCH_IDS"

run() {  # name script user_count
  local line
  line="$(BENCH_USERS="$3" wrk -t2 -c"$connections" -d"${duration}s" -s "tests/bench/$2" "http://127.0.0.1:$port" | grep '^RESULT' || true)"
  printf '%-44s %s\n' "$1" "${line#RESULT }"
}

seed_to() {  # from to
  local start=$SECONDS
  python3 tests/bench/seed_users.py "$port" "$token" bench "$1" "$2" "$BENCH_IDS"
  echo "seeded users $1..$(( $2 - 1 )) in $(( SECONDS - start )) s"
}

echo "scim-bridge benchmark: $(nproc) cores, wrk -t2 -c$connections -d${duration}s, server threads 2"
seed_to 0 1000
run "(a) filter userName eq, 1,000 users" filter_user_name.lua 1000
seed_to 1000 "$users"
run "(a) filter userName eq, $users users" filter_user_name.lua "$users"
run "(b) GET /Users/{id}" get_by_id.lua "$users"
run "(c) POST /Users" create_user.lua "$users"
run "(d) PATCH replace active" patch_active.lua "$users"
run "(e) GET /Users?startIndex=random&count=100" page_users.lua "$users"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$server_pid/status")"
echo "store file: $(du -m "$work/bench.db" | cut -f1) MB (+ WAL $(du -m "$work/bench.db-wal" 2>/dev/null | cut -f1 || echo 0) MB)"
