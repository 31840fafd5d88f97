#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan + UBSan, in
# build-fuzz/) and runs each for a given time. Per target:
#   1. every input in tests/fuzz/<target>/regressions/ is replayed once (each
#      crashed the code once; they must not any more);
#   2. the fuzzer runs from the seeds (tests/fuzz/<target>/seeds/, plus the
#      project's own mapping and configuration files for those loaders),
#      adding what it finds to a work corpus outside the repository;
#   3. the work corpus is merged down to the inputs that add coverage.
# It prints what ran and how big the corpus is, and fails if any target
# found something: the input that did it is in $FUZZ_WORK/<target>/findings/.
#
#   bash scripts/fuzz.sh                    # every target, 60 s each
#   bash scripts/fuzz.sh 30                 # what CI runs
#   bash scripts/fuzz.sh 1800 filter http   # longer, chosen targets
#   FUZZ_WORK=/var/tmp/fz bash scripts/fuzz.sh 600
#
# Work corpora persist between runs (default ~/.cache/scim-bridge-fuzz), so
# that long runs build on each other; the repository's seeds never grow.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

all_targets=(filter patch resource config mapping http)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "unknown fuzz target: $target (${all_targets[*]})" >&2; exit 2; }
done
work=${FUZZ_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/scim-bridge-fuzz}

bash scripts/install-deps.sh

# -O0: most of the build's time is Boost's templates under three
# instrumentations; -O0 halves it, which keeps CI's fuzz step in budget, at
# the cost of slower executions. -gline-tables-only: file:line in reports.
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
build_start=$(date +%s)
cmake -S . -B build-fuzz -G Ninja -DSCIM_BRIDGE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -gline-tables-only" "${launcher[@]}" >/dev/null
if ! nice -n 10 cmake --build build-fuzz -j2 --target "${targets[@]/%/_fuzz}"; then
  # Once more without the compiler cache and one job at a time: a cache
  # entry that does not fit this checkout, or two compilers out of memory,
  # then cost a slower build instead of the run; a real error fails again,
  # its diagnostics printed alone.
  df -h . || true
  echo "fuzz build failed; building again without ccache, one job at a time"
  CCACHE_DISABLE=1 nice -n 10 cmake --build build-fuzz -j1 --target "${targets[@]/%/_fuzz}"
fi
echo "fuzz build: $(( $(date +%s) - build_start )) s"

# Stop at the first finding, with a stack trace; leaks are findings too.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Extra seeds a target takes from the project itself (files, not folders).
extra_seeds() {
  case $1 in
    mapping) ls mappings/*.yaml tests/mapping/cases/*.yaml ;;
    config) ls deploy/config.example.yaml deploy/debian/config.yaml deploy/kubernetes/base/config.yaml ;;
  esac
}

failed=()
summary=()
for target in "${targets[@]}"; do
  binary=$root/build-fuzz/tests/fuzz/${target}_fuzz
  source=$root/tests/fuzz/$target
  corpus=$work/$target/corpus
  findings=$work/$target/findings
  mkdir -p "$corpus" "$findings"
  for file in $(extra_seeds "$target"); do cp "$file" "$corpus/project-$(echo "$file" | tr / _)"; done

  options=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$findings/" -print_final_stats=1)
  [ -f "$source/$target.dict" ] && options+=(-dict="$source/$target.dict")

  echo "== $target: replaying regressions"
  regressions=()
  [ -d "$source/regressions" ] && mapfile -t regressions < <(find "$source/regressions" -type f | sort)
  if [ ${#regressions[@]} -gt 0 ] && ! nice -n 10 "$binary" "${options[@]}" "${regressions[@]}" >"$work/$target/replay.log" 2>&1; then
    tail -n 40 "$work/$target/replay.log"
    failed+=("$target (regression)")
    continue
  fi

  echo "== $target: fuzzing for $seconds s"
  log=$work/$target/run.log
  status=0
  nice -n 10 "$binary" "${options[@]}" -max_total_time="$seconds" "$corpus" "$source/seeds" >"$log" 2>&1 || status=$?
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ $status -ne 0 ]; then
    grep -E "^(==[0-9]+==|SUMMARY|.*runtime error)" "$log" | head -n 20 || true
    tail -n 30 "$log"
    failed+=("$target")
  fi

  # Keep only the inputs that add coverage (the seeds are in the repository).
  merged=$work/$target/merged
  rm -rf "$merged" && mkdir -p "$merged"
  nice -n 10 "$binary" "${options[@]}" -merge=1 "$merged" "$corpus" "$source/seeds" >"$work/$target/merge.log" 2>&1 &&
    rm -rf "$corpus" && mv "$merged" "$corpus"
  size=$(find "$corpus" -type f | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)
  summary+=("$(printf '%-9s %12s inputs executed   corpus %5s files %9s bytes   regressions %s' \
    "$target" "${executed:-?}" "$size" "$bytes" "${#regressions[@]}")")
done

echo "== fuzzing, $seconds s per target (work corpora in $work)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FINDINGS: ${failed[*]} (inputs in $work/<target>/findings/)"
  exit 1
fi
