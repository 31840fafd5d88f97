#!/usr/bin/env bash
# The deployment checks CI runs after scripts/test.sh has built build/:
#   bash tests/deploy/run.sh
#  - the Kubernetes manifests against the configuration they mount
#    (tests/deploy/check_kubernetes.py; needs python3-yaml);
#  - the Debian package packed from build/, installed, serving, purged
#    (tests/deploy/deb_test.sh);
#  - with CONTAINER=1 (podman, mmdebstrap, deb.debian.org; about 5 minutes):
#    the container image built (scripts/build-container.sh) and run
#    (tests/deploy/container_test.sh), and the package under a real systemd in
#    a container (tests/deploy/systemd_test.sh: the hardened unit serving,
#    a vendor secret from LoadCredential=).
# Runs as root (dpkg). BUILD_DIR picks another configured build folder.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! dpkg-query -W -f='${Status}' python3-yaml 2>/dev/null | grep -q "install ok installed"; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-yaml
fi

start=$(date +%s)
python3 tests/deploy/check_kubernetes.py
bash tests/deploy/deb_test.sh
if [ "${CONTAINER:-0}" = 1 ]; then
  deb="$(ls -t "${BUILD_DIR:-build}"/scim-bridge_*.deb | head -1)"
  bash scripts/build-container.sh "$deb"
  bash tests/deploy/container_test.sh
  bash tests/deploy/systemd_test.sh "$deb"
fi
echo "deployment checks: $(( $(date +%s) - start )) s"
