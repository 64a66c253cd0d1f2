#!/usr/bin/env bash
# P(purchase in this session | the path so far) on the real Taobao sample (2-hour slice),
# ShopSense's model vs the first-order Markov baseline P(purchase | last action), both
# learnt on earlier sessions and tested on later ones (time blocks of session start).
# Usage: bash bench/predict/taobao_session.sh   (from the repository root, after a build)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHOPSENSE_DATA:-$(git rev-parse --show-toplevel)/../shared/data}
CSV="$DATA/taobao/UserBehavior_timeslice_95k.csv"
if [ ! -f "$CSV" ]; then echo "skip: $CSV not found (set SHOPSENSE_DATA)"; exit 0; fi
SS=${SS:-build/shopsense}
STORE=${TAOBAO_STORE:-/tmp/ss-bench-taobao}
[ -d "$STORE" ] || "$SS" --data "$STORE" --quiet ingest "$CSV" --preset taobao --max-reject-fraction 0.01
# The file's last row (dated 1970, an upload artefact) is rejected by ingest's time range.
for model in "xgboost:rounds=100,depth=4" logreg; do
  for task in session cart; do
    cmd=("$SS" --data "$STORE" --quiet --threads 2 predict "$task" evaluate --folds 3 --model "$model")
    echo "\$ ${cmd[*]}"
    "${cmd[@]}"
  done
done
