#!/usr/bin/env bash
# Recommender speed: ShopSense (C++) against NumPy/SciPy on the same data, in one run.
#   bash bench/models/run.sh            (from the repository root, after scripts/build.sh)
# Environment: ITEMS_EASE (default 20000), SKIP_EASE_REF=1 skips the slow NumPy EASE,
# SKIP_BEAUTY=1 the EASE-on-Beauty protocol check.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHOPSENSE_DATA:-$(git rev-parse --show-toplevel)/../shared/data}
PY=/usr/bin/python3
B=build/bench_models
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Passive OpenMP waits: on a shared, oversubscribed machine spinning threads starve the rest.
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", b / a }'; }
# Runs a command, shows its output, and keeps it for get().
show() { "$@" > "$TMP/out" 2>&1; cat "$TMP/out"; }
get() { grep "RESULT $1" "$TMP/out" | awk '{print $3}'; }

echo "## iALS one epoch, 10M generated interactions, 64 factors"
show $B ials "$TMP" 10000000 200000 50000 64; c=$(get ials_epoch_s)
show $PY bench/models/reference.py ials "$TMP" 200000 50000 64; p=$(get ials_epoch_s)
echo "iALS epoch: shopsense $c s, numpy $p s, ratio $(ratio "$c" "$p")"
rm -f "$TMP"/ials_*

echo "## item-kNN on Amazon Sports"
show $B itemknn "$TMP" "$DATA/amazon/Sports_and_Outdoors.txt"; c=$(get itemknn_fit_s || true)
if [ -n "$c" ]; then
  show $PY bench/models/reference.py itemknn "$TMP"; p=$(get itemknn_fit_s)
  echo "item-kNN fit: shopsense $c s, scipy $p s, ratio $(ratio "$c" "$p")"
fi

echo "## EASE on Amazon Beauty (S3-Rec leave-last-out; the protocol check)"
[ "${SKIP_BEAUTY:-0}" = 1 ] || show $B ease-beauty "$DATA/amazon/Beauty.txt"

echo "## recommend latency, 100,000 items"
$B latency 100000 50000 2000000

N=${ITEMS_EASE:-20000}
echo "## EASE, $N items"
show $B ease "$TMP" "$N" 100000 2000000; c=$(get ease_fit_s)
if [ "${SKIP_EASE_REF:-0}" != 1 ]; then
  show $PY bench/models/reference.py ease "$TMP" 100000 "$N"; p=$(get ease_fit_s)
  echo "EASE fit: shopsense $c s, numpy $p s, ratio $(ratio "$c" "$p")"
fi
