#!/usr/bin/env bash
# Load time of a transformer with ann=true, graph rebuilt (model body version 1) vs read
# from the file (version 2), on a generated shop (default 50,000 items, 20,000 users; one
# short epoch of sampled softmax: load time depends on the catalogue, not on quality).
#   bash bench/deep/ann_load.sh            # build first: bash scripts/build.sh
#   ITEMS=100000 RUNS=5 bash bench/deep/ann_load.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SS=${SS:-$ROOT/build/shopsense}
BENCH=${BENCH:-$ROOT/build/bench/ann_load_bench}
DIR=${DIR:-/tmp/ss_ann_load}
mkdir -p "$DIR"
if [ ! -f "$DIR/sasrec_ann.bin" ]; then
  "$SS" -q --threads 1 generate -o "$DIR/shop" --users "${USERS:-20000}" --items "${ITEMS:-50000}" --days 30
  "$SS" -q --threads 1 -d "$DIR/data" ingest "$DIR/shop/events.csv" --preset shopsense --catalogue "$DIR/shop/catalogue.csv"
  "$SS" --threads 1 -d "$DIR/data" train -o "$DIR/sasrec_ann.bin" \
    -m "sasrec:dim=32,layers=1,epochs=1,max_len=20,loss=sampled,val_users=0,max_minutes=2,ann=true"
fi
"$BENCH" "$DIR/sasrec_ann.bin" --runs "${RUNS:-3}"
