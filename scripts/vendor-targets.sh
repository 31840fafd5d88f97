# What each vendor target needs to run against its simulator with the
# simulator's defaults (docs/vendor-simulators.md): deployment parameters
# (besides baseUrl) and the secrets its mapping file reads from the
# environment. Sourced by scripts/demo.sh and tests/bench/targets.sh; keep it
# in step with deployment_for() in tests/targets/target_fixture.cpp.

vendor_targets="twiser-wokr twiser-lxp platform-identity customer-directory retail-checklists learningpool"

# vendor_parameters NAME: one YAML "name: value" line per parameter.
vendor_parameters() {
  case "$1" in
    twiser-wokr) printf '%s\n' 'adminEmail: "integration@example.com"' 'tenantId: "60"' 'companyId: "360"' ;;
    twiser-lxp) printf '%s\n' 'adminEmail: "integration@example.com"' 'companyId: "94"' ;;
    platform-identity) printf '%s\n' 'tenantKey: "tenant"' 'orgKey: "org"' ;;
    customer-directory) printf '%s\n' 'customerId: "5f0c1e2d3c4b5a6978877665"' 'integration: "scim"' ;;
    retail-checklists) printf '%s\n' 'businessDirId: "1"' ;;
    learningpool) printf '%s\n' 'tenantId: "73c9ac34-bc35-4c17-b60f-8ec0b134a72b"' ;;
    *) return 1 ;;
  esac
}

# vendor_secrets NAME: one VARIABLE=value line per secret (the simulator's
# default credentials; a real deployment sets its own).
vendor_secrets() {
  case "$1" in
    twiser-wokr) echo "TWISER_WOKR_ADMIN_PASSWORD=integration-password" ;;
    twiser-lxp) echo "TWISER_LXP_ADMIN_PASSWORD=integration-password" ;;
    platform-identity) echo "PLATFORM_IDENTITY_TOKEN=platform-identity-token" ;;
    customer-directory) echo "CUSTOMER_DIRECTORY_TOKEN=customer-directory-token" ;;
    retail-checklists) echo "RETAIL_CHECKLISTS_TOKEN=retail-checklists-token" ;;
    learningpool) echo "LEARNINGPOOL_API_KEY=lp-test-api-key" ;;
    *) return 1 ;;
  esac
}

# start_vendor_sim BINARY NAME LOG: starts the simulator in the background
# on an ephemeral port; sets sim_pid and sim_port (its first stdout line is
# "listening on 127.0.0.1:PORT").
start_vendor_sim() {
  "$1" --vendor "$2" >"$3" 2>&1 &
  sim_pid=$!
  sim_port=""
  for _ in $(seq 100); do
    sim_port="$(sed -n '1s/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$3" 2>/dev/null || true)"
    [ -n "$sim_port" ] && return 0
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "vendor_sim --vendor $2 did not start: $(cat "$3")" >&2
  return 1
}
