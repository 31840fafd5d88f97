#!/usr/bin/env bash
# The foundation benchmark: seeds users into a local target of a real
# scim-bridge (Release build, SQLite file, access log on) and drives it with
# wrk from the same machine (wrk -t1, CONNECTIONS connections, DURATION
# seconds per workload). Every workload runs twice in the same run with the
# same wrk script: against the bare Beast reference server
# (bench_reference_server: keep-alive, 2 threads, a fixed ~460-byte SCIM
# user for every request) and against scim-bridge.
#   bash tests/bench/run.sh                 # 100,000 users, 10 s each
#   bash tests/bench/run.sh --quick         # smoke run: 20,000 users, 3 s each
#   bash tests/bench/run.sh --flat          # (a) and (b) at 1,000 / 100,000 / 1,000,000 users
#   USERS=20000 DURATION=5 CONNECTIONS=64 bash tests/bench/run.sh
#   FLAT_USERS="1000 10000" bash tests/bench/run.sh --flat
#   SEEDER=python bash tests/bench/run.sh   # seed with seed_users.py instead of wrk
# Prints one row per workload: scim-bridge's requests/s, p50/p99 latency,
# server CPU µs per request (utime+stime from /proc/PID/stat over the run,
# divided by the requests completed) and responses outside 2xx / socket
# errors; beside them the reference server's requests/s, p99 and CPU µs per
# request, and scim-bridge's requests/s as a percentage of the reference's.
# Then the seeding rates and the bridge's peak RSS (VmHWM). Nothing is
# asserted: these are measurements.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
mode=default
case "${1:-}" in
  --quick) mode=quick ;;
  --flat) mode=flat ;;
  "") ;;
  *) echo "usage: $0 [--quick|--flat]" >&2; exit 2 ;;
esac
if [ "$mode" = quick ]; then
  users="${USERS:-20000}"
  duration="${DURATION:-3}"
else
  users="${USERS:-100000}"
  duration="${DURATION:-10}"
fi
connections="${CONNECTIONS:-32}"
flat_users="${FLAT_USERS:-1000 100000 1000000}"
seeder="${SEEDER:-wrk}"

bash scripts/install-deps.sh
# Tests off, tests/bench on: only the two programs measured here are built.
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIM_BRIDGE_TESTS=OFF -DSCIM_BRIDGE_BENCH=ON >/dev/null
cmake --build build-bench -j2 --target scim-bridge bench_reference_server >/dev/null

work="$(mktemp -d)"
server_pid=""
reference_pid=""
stop_servers() {
  for pid in "$server_pid" "$reference_pid"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap 'stop_servers; rm -rf "$work"' EXIT

build-bench/tests/bench/bench_reference_server 0 2 >"$work/reference.out" 2>&1 &
reference_pid=$!
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
reference_port=""
for _ in $(seq 100); do
  reference_port="$(awk '/^port / {print $2}' "$work/reference.out")"
  [ -n "$reference_port" ] && break
  sleep 0.1
done
[ -n "$reference_port" ] || { echo "bench_reference_server did not start: $(cat "$work/reference.out")" >&2; exit 1; }

export BENCH_TOKEN="$token" BENCH_TARGET=bench BENCH_DIR="$repo/tests/bench" BENCH_IDS="$work/ids.txt"
: > "$BENCH_IDS"
clock_ticks="$(getconf CLK_TCK)"

# utime + stime of a process, all its threads, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# One wrk run against one server: its RESULT fields plus cpu_ticks=.
measure() {  # pid port script user_count
  local before after line
  before="$(cpu_ticks "$1")"
  line="$(BENCH_USERS="$4" wrk -t1 -c"$connections" -d"${duration}s" -s "tests/bench/$3" "http://127.0.0.1:$2" |
    grep '^RESULT' || true)"
  after="$(cpu_ticks "$1")"
  echo "${line#RESULT } cpu_ticks=$(( after - before ))"
}

# "errors" is responses outside 2xx / socket errors. Rows are also kept in
# $work/rows (label, then both raw lines) for the flatness summary.
run() {  # label script user_count
  local reference bridge
  reference="$(measure "$reference_pid" "$reference_port" "$2" "$3")"
  bridge="$(measure "$server_pid" "$port" "$2" "$3")"
  printf '%s\t%s\t%s\n' "$1" "$bridge" "$reference" >> "$work/rows"
  awk -v label="$1" -v b="$bridge" -v r="$reference" -v tck="$clock_ticks" '
    function field(line, key,   parts, n, i) {
      n = split(line, parts, " ")
      for (i = 1; i <= n; i++) if (index(parts[i], key "=") == 1) return substr(parts[i], length(key) + 2)
      return ""
    }
    function cpu_us(line,   requests) {
      requests = field(line, "requests")
      return requests > 0 ? sprintf("%.1f", field(line, "cpu_ticks") * 1e6 / tck / requests) : "-"
    }
    BEGIN {
      if (field(b, "requests") == "" || field(r, "requests") == "") {
        printf "%-42s no RESULT from wrk (bridge: %s; reference: %s)\n", label, b, r
        exit
      }
      ratio = field(r, "requests_per_s") > 0 ? sprintf("%.1f %%", 100 * field(b, "requests_per_s") / field(r, "requests_per_s")) : "-"
      printf "%-42s %8d %7.2f %7.2f %7s %9s | %8d %7.2f %7s | %6s\n", label,
        field(b, "requests_per_s"), field(b, "p50_ms"), field(b, "p99_ms"), cpu_us(b),
        field(b, "non_2xx") "/" field(b, "socket_errors"),
        field(r, "requests_per_s"), field(r, "p99_ms"), cpu_us(r), ratio
      if (field(r, "non_2xx") + field(r, "socket_errors") > 0)
        printf "%-42s   (reference errors: %s non-2xx, %s socket)\n", "", field(r, "non_2xx"), field(r, "socket_errors")
    }'
}

seeded=0
seed_log=()
seed_to() {  # count: creates users user{seeded}..user{count-1}
  local from="$seeded" to="$1" start line
  [ "$to" -gt "$from" ] || return 0
  # wrk's -d is only a safety net (at least 100 creates/s): the script stops
  # wrk once every POST is answered.
  start="$(date +%s.%N)"
  if [ "$seeder" = python ]; then
    python3 tests/bench/seed_users.py "$port" "$token" bench "$from" "$to" "$BENCH_IDS"
  else
    line="$(BENCH_SEED_FROM="$from" BENCH_SEED_TO="$to" BENCH_SEED_IDS="$BENCH_IDS" \
      wrk -t1 -c"$connections" -d"$(( (to - from) / 100 + 300 ))s" --timeout 60s -s tests/bench/seed_users.lua "http://127.0.0.1:$port" |
      grep '^RESULT' || true)"
    case "$line" in
      *" created=$(( to - from )) failed=0 "*) ;;
      *) echo "seeding users $from..$(( to - 1 )) failed: ${line:-no RESULT from wrk}" >&2; exit 1 ;;
    esac
  fi
  seeded="$to"
  seed_log+=("$(awk -v n="$(( to - from ))" -v from="$from" -v to="$to" -v start="$start" -v end="$(date +%s.%N)" \
    'BEGIN { printf "users %d..%d: %d in %.1f s (%.0f/s)", from, to - 1, n, end - start, n / (end - start) }')")
}

# (a) and (b) at each size of FLAT_USERS, then their spread: the lowest req/s
# as a percentage of the highest (the bar), and the range of the ratio to the
# reference and of CPU µs per request, which depend less on what else runs.
flat_summary() {
  awk -F '\t' -v tck="$clock_ticks" '
    function field(line, key,   parts, n, i) {
      n = split(line, parts, " ")
      for (i = 1; i <= n; i++) if (index(parts[i], key "=") == 1) return substr(parts[i], length(key) + 2)
      return ""
    }
    function widen(name, w, value) {
      if (!((name, w) in low) || value < low[name, w]) low[name, w] = value
      if (!((name, w) in high) || value > high[name, w]) high[name, w] = value
    }
    field($2, "requests") > 0 && field($3, "requests_per_s") > 0 {
      w = substr($1, 1, 3)
      seen[w] = 1
      widen("rate", w, field($2, "requests_per_s"))
      widen("ratio", w, 100 * field($2, "requests_per_s") / field($3, "requests_per_s"))
      widen("cpu", w, field($2, "cpu_ticks") * 1e6 / tck / field($2, "requests"))
    }
    END {
      for (w in seen)
        printf "%s flatness: %d..%d req/s, lowest %.1f %% of highest (bar: within 10 %%); %.1f..%.1f %% of ref; %.1f..%.1f CPU µs/req\n",
          w, low["rate", w], high["rate", w], 100 * low["rate", w] / high["rate", w],
          low["ratio", w], high["ratio", w], low["cpu", w], high["cpu", w]
    }' "$work/rows" | sort
}

echo "scim-bridge benchmark: $(nproc) cores, wrk -t1 -c$connections -d${duration}s, server threads 2," \
  "reference: bare Beast, 2 threads, fixed body; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "$( [ -n "$(git status --porcelain -- src scim 2>/dev/null)" ] && echo '(+ uncommitted changes)')"
printf '%-42s %8s %7s %7s %7s %9s | %8s %7s %7s | %6s\n' "workload" "req/s" "p50 ms" "p99 ms" \
  "CPU µs" "errors" "ref r/s" "ref p99" "ref µs" "of ref"
if [ "$mode" = flat ]; then
  for n in $flat_users; do
    seed_to "$n"
    run "(a) filter userName eq, $n users" filter_user_name.lua "$n"
    run "(b) GET /Users/{id}, $n users" get_by_id.lua "$n"
  done
  flat_summary
else
  seed_to 1000
  run "(a) filter userName eq, 1000 users" filter_user_name.lua 1000
  seed_to "$users"
  run "(a) filter userName eq, $users users" filter_user_name.lua "$users"
  run "(b) GET /Users/{id}" get_by_id.lua "$users"
  run "(c) POST /Users" create_user.lua "$users"
  run "(d) PATCH replace active" patch_active.lua "$users"
  run "(e) GET /Users?startIndex=random&count=100" page_users.lua "$users"
fi
seed_clients="$([ "$seeder" = python ] && echo "4 processes" || echo "$connections connections")"
for line in "${seed_log[@]}"; do echo "seeded ($seeder, $seed_clients) $line"; done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$server_pid/status")"
echo "store file: $(du -m "$work/bench.db" | cut -f1) MB (+ WAL $(du -m "$work/bench.db-wal" 2>/dev/null | cut -f1 || echo 0) MB)"
