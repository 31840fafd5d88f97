#!/usr/bin/env bash
# Two builds side by side on (a) filter userName eq and (b) GET /Users/{id}:
# each seeds its own store (USERS users, default 100,000), then the rounds
# alternate A and B (10 s of wrk each, after a 3 s warm-up) and print req/s
# and CPU µs per request of the server. For a change whose effect is smaller
# than the run-to-run spread of tests/bench/run.sh.
#   bash tests/bench/ab_binaries.sh OLD/scim-bridge NEW/scim-bridge [rounds]
# Each binary seeds its own file: a store migrated by B from A's file reads
# slower until its WAL is checkpointed, which is not what is compared.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
A=$1; B=$2; rounds=${3:-3}; users=${USERS:-100000}
base=$(mktemp -d); rm -rf $base; mkdir -p $base/a $base/b
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$(openssl rand -hex 32)
for side in a b; do
cat > $base/$side/config.yaml <<YAML
listen: {address: 127.0.0.1, port: $port}
store: {path: $base/$side/bench.db}
threads: 2
targets:
  - name: bench
    tokens: ["$($A hash-token "$token")"]
YAML
chmod 600 $base/$side/config.yaml
done
start() { # bin side
  $1 serve --config $base/$2/config.yaml >$base/$2/access.log 2>$base/$2/server.log &
  echo $! > $base/pid
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "start failed"; cat $base/$2/server.log; exit 1
}
stop() { kill $(cat $base/pid); while kill -0 $(cat $base/pid) 2>/dev/null; do sleep 0.1; done; }
export BENCH_TOKEN=$token BENCH_TARGET=bench BENCH_DIR=$bench BENCH_IDS=$base/ids.txt BENCH_USERS=$users
for side in a b; do
  bin=$A; [ $side = b ] && bin=$B
  start $bin $side
  export BENCH_IDS=$base/$side/ids.txt
  : > $BENCH_IDS
  BENCH_SEED_FROM=0 BENCH_SEED_TO=$users BENCH_SEED_IDS=$BENCH_IDS wrk -t1 -c32 -d900s --timeout 60s -s $bench/seed_users.lua http://127.0.0.1:$port | grep RESULT
  stop
done
measure() { # side label script
  local pid; pid=$(cat $base/pid)
  local t0; t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  local out; out=$(wrk -t1 -c32 -d10s -s $bench/$3 http://127.0.0.1:$port 2>&1)
  local t1; t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  local n; n=$(echo "$out" | awk '/requests in/ {print $1}')
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  echo "$1 $2 req/s=$rps cpu_us_per_req=$(awk -v t=$((t1-t0)) -v n=$n 'BEGIN{printf "%.1f", t*10000/n}')"
}
for r in $(seq $rounds); do
  for side in a b; do
    bin=$A; [ $side = b ] && bin=$B
    start $bin $side
    export BENCH_IDS=$base/$side/ids.txt
    wrk -t1 -c32 -d3s -s $bench/get_by_id.lua http://127.0.0.1:$port >/dev/null 2>&1  # warm
    measure $side "(a) filter" filter_user_name.lua
    measure $side "(b) get" get_by_id.lua
    stop
  done
done
rm -rf "$base"
