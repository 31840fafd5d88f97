#!/usr/bin/env bash
# The hostile-input test, longer than CI runs it: N generated bad requests
# (malformed JSON, bad filters and PATCH documents, wrongly typed values,
# broken framing, unknown resources, bad tokens) per seed against a seeded
# store over real HTTP; every answer must be the right SCIM error and the
# store must be unchanged.
#   bash scripts/hostile-input.sh [requests-per-seed] [seed...]
#   bash scripts/hostile-input.sh 20000 1 2 3
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
shift || true
seeds=("${@:-1}")
[ ${#seeds[@]} -eq 0 ] && seeds=(1)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j2 --target test_integration
for seed in "${seeds[@]}"; do
  SCIM_BRIDGE_HOSTILE_REQUESTS=$requests SCIM_BRIDGE_HOSTILE_SEED=$seed \
    build/tests/test_integration "[hostile]"
done
