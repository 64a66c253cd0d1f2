#!/usr/bin/env bash
# Cleaning and split kernels, ShopSense vs pandas side by side on the same generated events.
#   bash bench/prep/run.sh [USERS] [RUNS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${1:-100000} RUNS=${2:-3} THREADS=${3:-2}
cmake --build build --target bench_prep >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "command: bash bench/prep/run.sh $USERS $RUNS $THREADS"
echo "--- shopsense (build/bench/prep/bench_prep $USERS $RUNS $THREADS)"
build/bench/prep/bench_prep "$USERS" "$RUNS" "$THREADS" "$TMP/events.csv" | tee "$TMP/ss.txt"
echo "--- pandas (/usr/bin/python3 bench/prep/pandas_ref.py)"
/usr/bin/python3 bench/prep/pandas_ref.py "$TMP/events.csv" "$RUNS" | tee "$TMP/pd.txt"
echo "--- ratio (pandas seconds / shopsense seconds)"
for step in exact_dedup leave_last_out sessions_30m kcore_5; do
  a=$(awk -v s=$step '$1==s{print $2}' "$TMP/ss.txt"); b=$(awk -v s=$step '$1==s{print $2}' "$TMP/pd.txt")
  awk -v s=$step -v a="$a" -v b="$b" 'BEGIN{printf "%-16s %6.1fx\n", s, b/a}'
done
