#!/usr/bin/env bash
# Recommender speed: ShopSense (C++) against NumPy/SciPy on the same data, in one run.
#   bash bench/models/run.sh            (from the repository root, after scripts/build.sh)
# Environment: ITEMS_EASE (default 20000), SKIP_EASE_REF=1 skips the slow NumPy EASE.
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
get() { grep "RESULT $1" | awk '{print $3}'; }

echo "## iALS one epoch, 10M generated interactions, 64 factors"
c=$($B ials "$TMP" 10000000 200000 50000 64 | tee /dev/stderr | get ials_epoch_s)
p=$($PY bench/models/reference.py ials "$TMP" 200000 50000 64 | tee /dev/stderr | get ials_epoch_s)
echo "iALS epoch: shopsense $c s, numpy $p s, ratio $(ratio "$c" "$p")"
rm -f "$TMP"/ials_*

echo "## item-kNN on Amazon Sports"
c=$($B itemknn "$TMP" "$DATA/amazon/Sports_and_Outdoors.txt" | tee /dev/stderr | get itemknn_fit_s || true)
if [ -n "$c" ]; then
  p=$($PY bench/models/reference.py itemknn "$TMP" | tee /dev/stderr | get itemknn_fit_s)
  echo "item-kNN fit: shopsense $c s, scipy $p s, ratio $(ratio "$c" "$p")"
fi

echo "## recommend latency, 100,000 items"
$B latency 100000 50000 2000000

N=${ITEMS_EASE:-20000}
echo "## EASE, $N items"
c=$($B ease "$TMP" "$N" 100000 2000000 | tee /dev/stderr | get ease_fit_s)
if [ "${SKIP_EASE_REF:-0}" != 1 ]; then
  p=$($PY bench/models/reference.py ease "$TMP" 100000 "$N" | tee /dev/stderr | get ease_fit_s)
  echo "EASE fit: shopsense $c s, numpy $p s, ratio $(ratio "$c" "$p")"
fi
