#!/usr/bin/env bash
# The vendor-outage drill (scripts/outage_drill.py): a real bridge on the
# platform-identity simulator, the vendor taken away for OUTAGE seconds under
# an Entra-shaped load, then compared field by field with the store.
#   bash scripts/outage-drill.sh                         # 600 s, deferred then immediate
#   OUTAGE=30 MODES=deferred RATE=20 bash scripts/outage-drill.sh
#   BUILD_DIR=build bash scripts/outage-drill.sh          # existing binaries, no build
# Prints the answers per phase, the backlog at the vendor's return and the
# time until vendor and store agree; exits 1 when a mode's checks fail.
set -euo pipefail
cd "$(dirname "$0")/.."
outage="${OUTAGE:-600}"
modes="${MODES:-deferred immediate}"
rate="${RATE:-20}"
users="${USERS:-200}"

if [ -z "${BUILD_DIR:-}" ]; then
  bash scripts/install-deps.sh
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIM_BRIDGE_TESTS=ON >/dev/null
  cmake --build build-bench -j2 --target scim-bridge vendor_sim >/dev/null
  BUILD_DIR=build-bench
fi
status=0
for mode in $modes; do
  echo "== delivery: $mode"
  python3 scripts/outage_drill.py --bridge "$BUILD_DIR/scim-bridge" \
    --vendor-sim "$BUILD_DIR/tests/vendor_sim/vendor_sim" --mode "$mode" --outage "$outage" \
    --rate "$rate" --users "$users" || status=1
done
exit "$status"
