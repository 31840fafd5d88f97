#!/usr/bin/env bash
# Installs the Debian 12 packages scim-bridge needs to build, test and run,
# when any is missing. Runs as root on a fresh machine (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-all-dev   # Beast, Asio, JSON, URL
  libsqlite3-dev         # the embedded store
  libyaml-cpp-dev        # mapping and configuration files, with line/column marks
  libssl-dev             # TLS, inbound and outbound; SHA-256 for token hashes
  libicu-dev             # Unicode case folding and NFC (scim/case_fold.cpp); countries, language tags
  libhowardhinnant-date-dev  # time zones from the system's tzdata (src/mapping/time_zones.cpp)
  tzdata                 # the zones themselves, read at run time
  catch2                 # unit and integration tests (v2)
  wrk                    # the HTTP benchmark driver
  curl python3 openssl   # demo and scripts
  chromium               # headless, for the admin status page's test (tests/integration/status_page_test.cpp)
  # scripts/fuzz.sh: clang 14 with its sanitizer and libFuzzer runtimes
  # (-fsanitize=fuzzer links libclang_rt.fuzzer from libclang-rt-14-dev, a
  # recommendation of clang-14 that --no-install-recommends would skip;
  # libfuzzer-14-dev is the library for -lFuzzer, not needed), and
  # llvm-symbolizer (llvm) for readable stack traces in findings.
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
