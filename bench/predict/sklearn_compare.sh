#!/usr/bin/env bash
# Churn and next-month propensity on UCI Online Retail: ShopSense (XGBoost, logistic
# regression) vs scikit-learn on the same exported features and time-aware folds.
# Usage: bash bench/predict/sklearn_compare.sh [REPEATS]   (from the repository root, after a build)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHOPSENSE_DATA:-$(git rev-parse --show-toplevel)/../shared/data}
CSV="$DATA/online-retail/online_retail.csv"
if [ ! -f "$CSV" ]; then echo "skip: $CSV not found (set SHOPSENSE_DATA)"; exit 0; fi
SS=${SS:-build/shopsense}
STORE=${OR_STORE:-/tmp/ss-bench-online-retail}
REPEATS=${1:-3}
if [ ! -d "$STORE" ]; then
  "$SS" --data "$STORE" --quiet ingest "$CSV" --preset online-retail --max-reject-fraction 0.3
fi
export OMP_NUM_THREADS=2
CHURN="churn evaluate --horizon 90d --step 30d --active-window 365d --activity purchase --folds 5"
PROP="propensity evaluate --horizon 30d --active-window 365d --folds 5"
for task in "$CHURN" "$PROP"; do
  echo "== $task"
  /usr/bin/python3 bench/predict/sklearn_compare.py --shopsense "$SS" --data "$STORE" --task "$task" --repeats "$REPEATS"
done
echo "reproduce: bash bench/predict/sklearn_compare.sh $REPEATS"
