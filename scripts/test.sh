#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs the serving layer under
# AddressSanitizer + UBSan with its request-parsing fuzz target (separate build-asan/, no
# LibTorch; SANITIZE=0 skips it), then the whole suite with CTest, whose summary ends the
# output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ "${SANITIZE:-1}" = 1 ]; then
  t0=$(date +%s)
  bash scripts/test-sanitize.sh
  echo "test: sanitizer stage took $(( $(date +%s) - t0 )) s"
fi
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 600
