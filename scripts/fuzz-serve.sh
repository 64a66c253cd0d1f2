#!/usr/bin/env bash
# Fuzzes the server's request parsing with libFuzzer (clang; apt-get install clang) for a
# bounded time: bash scripts/fuzz-serve.sh [SECONDS]. CI runs it for 20 s through scripts/test-sanitize.sh
# when clang++ is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
command -v clang++ > /dev/null || { echo "clang++ not installed (apt-get install clang)"; exit 1; }
OUT=build-fuzz
mkdir -p "$OUT"
clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
  tests/serve/fuzz/parse_fuzz.cpp src/serve/http_error.cpp src/serve/ingest_request.cpp src/serve/attribution.cpp \
  src/core/timeutil.cpp src/core/behavior.cpp \
  $(pkg-config --cflags --libs libxxhash) -lfmt -o "$OUT/serve_parse_fuzz"
mkdir -p "$OUT/corpus"
cp tests/serve/fuzz/corpus/* "$OUT/corpus/"
rc=0
# A fixed seed and run count keep CI repeatable; the time limit bounds a slow machine.
"$OUT/serve_parse_fuzz" -seed=1 -runs="${FUZZ_RUNS:-150000}" -max_total_time="$SECS" -max_len=4096 "$OUT/corpus" > "$OUT/fuzz.log" 2>&1 || rc=$?
grep -E "DONE|^Done|SUMMARY|ERROR|crash-" "$OUT/fuzz.log" || true
echo "fuzz exit code $rc (log: $OUT/fuzz.log)"
exit $rc
