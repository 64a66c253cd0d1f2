#!/usr/bin/env bash
# AddressSanitizer + UBSan over the serving layer, in build-asan/ (no LibTorch, only the
# targets needed): the serve API/real-time/admin/front tests, the registry factory test and
# the request-parsing fuzz targets (JSON bodies, HTTP wire) replayed over their corpora;
# then, when clang++ is installed, libFuzzer on the JSON target for FUZZ_SECONDS (default
# 20; 0 skips it).
#   bash scripts/test-sanitize.sh            # what scripts/test.sh runs in CI
#   PROCESS=1 bash scripts/test-sanitize.sh  # also the kill -9 test (builds the whole CLI)
#   ALL=1 bash scripts/test-sanitize.sh      # the whole suite under the sanitizers
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHOPSENSE_SANITIZE=ON -DSHOPSENSE_WITH_TORCH=OFF > /dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if [ "${ALL:-0}" = 1 ]; then
  cmake --build "$BUILD_DIR" -j "$(nproc)"
  (cd "$BUILD_DIR" && ctest --output-on-failure --timeout 900)
else
  targets=(serve_test serve_registry_test serve_fuzz_replay serve_http_fuzz_replay)
  [ "${PROCESS:-0}" = 1 ] && targets+=(serve_process_test shopsense)
  cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}"
  "$BUILD_DIR/tests/serve/serve_test" --gtest_brief=1
  "$BUILD_DIR/tests/serve/serve_registry_test" --gtest_brief=1
  "$BUILD_DIR/tests/serve/serve_fuzz_replay" tests/serve/fuzz/corpus
  "$BUILD_DIR/tests/serve/serve_http_fuzz_replay" tests/serve/fuzz/http_corpus
  [ "${PROCESS:-0}" = 1 ] && "$BUILD_DIR/tests/serve/serve_process_test" --gtest_brief=1
fi
if [ "${FUZZ_SECONDS:-20}" -gt 0 ]; then
  if command -v clang++ > /dev/null; then
    bash scripts/fuzz-serve.sh "${FUZZ_SECONDS:-20}"
  else
    echo "test-sanitize: clang++ not installed, libFuzzer skipped (the corpus replay above ran under ASan/UBSan)"
  fi
fi
