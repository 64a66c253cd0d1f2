#!/usr/bin/env bash
# Builds with AddressSanitizer + UBSan into build-asan/ and runs the serving tests there
# (the whole suite with ALL=1). Slower than the normal build; separate so CI can opt in.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHOPSENSE_SANITIZE=ON -DSHOPSENSE_WITH_TORCH=OFF > /dev/null
if [ "${ALL:-0}" = 1 ]; then
  cmake --build "$BUILD_DIR" -j "$(nproc)"
  cd "$BUILD_DIR" && ctest --output-on-failure --timeout 900
else
  cmake --build "$BUILD_DIR" -j "$(nproc)" --target serve_test serve_process_test shopsense
  cd "$BUILD_DIR"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  ./tests/serve/serve_test
  ./tests/serve/serve_process_test
fi
