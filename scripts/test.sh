#!/usr/bin/env bash
# Installs what is missing, builds everything once and runs every test.
#   bash scripts/test.sh              # the normal build (build/)
#   bash scripts/test.sh --sanitize   # the same under ASan + UBSan (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

build_dir=build
options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=build-asan
  options=(-DCMAKE_BUILD_TYPE=Debug -DSCIM_BRIDGE_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

cmake -S . -B "$build_dir" -G Ninja "${options[@]}"
cmake --build "$build_dir" -j2
cd "$build_dir"
ctest -j2 --output-on-failure
