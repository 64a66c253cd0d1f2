#!/usr/bin/env bash
# Deep models on Amazon Beauty (S3-Rec protocol) and the LibTorch vs PyTorch throughput ratio.
# usage: bench/deep/run.sh [quality|throughput]   (build first: bash scripts/build.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${SHOPSENSE_DATA:-$ROOT/../shared/data}/amazon/Beauty.txt
if [ ! -f "$DATA" ]; then echo "skip: $DATA not found (set SHOPSENSE_DATA)"; exit 0; fi
BENCH=${BENCH:-$ROOT/build/bench/beauty_bench}
THREADS=${THREADS:-2}
case "${1:-quality}" in
  throughput)
    # Same transformer, sizes and loss in both; one epoch each, alternating, 3 rounds.
    for r in $(seq "${ROUNDS:-3}"); do
      "$BENCH" "$DATA" --mode throughput --threads "$THREADS" \
        --model "sasrec:loss=sampled,negatives=256,batch=256,epochs=1,dim=64,layers=2,max_len=50" 2>/dev/null | grep throughput
      /usr/bin/python3 "$ROOT/bench/deep/sasrec_torch.py" "$DATA" --epochs 1 --loss sampled --batch 256 --threads "$THREADS"
    done ;;
  quality)
    "$BENCH" "$DATA" --seed 42 --threads "$THREADS" \
      --model "sasrec:loss=ce,batch=256,dropout=0.3,emb_dropout=0.3,max_minutes=35,eval_every=2,val_users=5000,patience=3"
    "$BENCH" "$DATA" --seed 42 --threads "$THREADS" \
      --model "caser:loss=ce,batch=512,max_minutes=15,eval_every=1,val_users=5000,patience=3" ;;
esac
