#!/usr/bin/env bash
# Deep models on Amazon Beauty / Sports (S3-Rec protocol), the Taobao sample (all behaviour
# types vs purchases only), the transformer blended with the classical models (weights chosen
# on validation) and the LibTorch vs PyTorch throughput ratio.
# usage: bench/deep/run.sh [quality|caser|sports|blend|cfgan|taobao|throughput]   (build first: bash scripts/build.sh)
#        SET=Sports_and_Outdoors EPOCHS=24 bench/deep/run.sh blend   (default: Beauty, 40 epochs)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA_DIR=${SHOPSENSE_DATA:-$ROOT/../shared/data}
DATA=$DATA_DIR/amazon/Beauty.txt
if [ ! -f "$DATA" ]; then echo "skip: $DATA not found (set SHOPSENSE_DATA)"; exit 0; fi
BENCH=${BENCH:-$ROOT/build/bench/beauty_bench}
SS=${SS:-$ROOT/build/shopsense}
THREADS=${THREADS:-2}
SASREC='sasrec:loss=ce,batch=256,dim=64,layers=2,heads=1,max_len=50,dropout=0.5,emb_dropout=0.5,max_minutes=50,eval_every=2,val_users=5000,patience=4'
# GNU time's CPU seconds next to wall seconds: the machine is shared.
timed() { /usr/bin/time -f "time: wall %e s, cpu user %U s + sys %S s" "$@"; }
case "${1:-quality}" in
  throughput)
    # Same transformer, sizes and loss in both; one epoch each over the first 5,000 users,
    # alternating, ROUNDS rounds (report the median).
    HEAD=$(mktemp); head -n "${USERS:-5000}" "$DATA" > "$HEAD"
    for r in $(seq "${ROUNDS:-3}"); do
      "$BENCH" "$HEAD" --mode throughput --threads "$THREADS" \
        --model "sasrec:loss=sampled,negatives=256,batch=256,epochs=1,dim=64,layers=2,max_len=50" 2>/dev/null | grep throughput
      /usr/bin/python3 "$ROOT/bench/deep/sasrec_torch.py" "$HEAD" --epochs 1 --loss sampled --batch 256 --threads "$THREADS"
    done
    rm -f "$HEAD" ;;
  quality) timed "$BENCH" "$DATA" --seed 42 --threads "$THREADS" --model "$SASREC" ;;
  caser)
    timed "$BENCH" "$DATA" --seed 42 --threads "$THREADS" \
      --model "caser:loss=ce,batch=512,max_minutes=14,eval_every=1,val_users=5000,patience=3" ;;
  sports) timed "$BENCH" "$DATA_DIR/amazon/Sports_and_Outdoors.txt" --seed 42 --threads "$THREADS" --model "$SASREC" ;;
  blend)
    # The transformer trained twice with a fixed number of epochs, on all but each user's
    # last two items (validation) and on all but the last (test), each saved; blend_bench
    # then fits the classical parts on the same two splits, picks the weights on validation
    # and scores them on test once. OUT keeps the two model files for reruns.
    SET=${SET:-Beauty}; OUT=${OUT:-$(mktemp -d)}
    FIXED="${SASREC%%,max_minutes*},epochs=${EPOCHS:-40},val_users=0"
    for h in 2 1; do
      [ -f "$OUT/sasrec_h$h.ssm" ] || timed "$BENCH" "$DATA_DIR/amazon/$SET.txt" --holdout $h --save "$OUT/sasrec_h$h.ssm" \
        --seed 42 --threads "$THREADS" --model "$FIXED" | grep -v ETA
    done
    timed "$ROOT/build/bench/blend_bench" "$DATA_DIR/amazon/$SET.txt" --deep-val "$OUT/sasrec_h2.ssm" \
      --deep-test "$OUT/sasrec_h1.ssm" --part 'markov:order=5,decay=0.3' \
      --part 'itemknn:alpha=0.8,neighbors=200,shrink=20' --step 0.1 --seed 42 --threads "$THREADS" ;;
  cfgan)
    timed "$BENCH" "$DATA" --seed 42 --threads "$THREADS" \
      --model "cfgan:hidden=256,batch=128,epochs=60,eval_every=2,val_users=3000,patience=3,max_minutes=20" ;;
  taobao)
    # All behaviour types vs purchases only: the same transformer trained twice on one
    # leave-last-out split, scored on the same test users, compared per user (paired
    # bootstrap + sign test). Targets: each user's last cart/favourite/purchase, then the
    # next item of any behaviour; then a generated shop with planted tastes.
    BB=${BB:-$ROOT/build/bench/behaviors_bench}
    T=$DATA_DIR/taobao/UserBehavior_timeslice_95k.csv
    # A fixed number of epochs (not a wall-clock cap): on a shared machine a time cap
    # trains the two variants for very different amounts of CPU.
    [ -f "$T" ] && timed "$BB" --taobao "$T" --targets cart,favorite,purchase --keep-history --seed 42 --threads "$THREADS"
    [ -f "$T" ] && timed "$BB" --taobao "$T" --targets cart,favorite,purchase --seed 42 --threads "$THREADS"
    timed "$BB" --synthetic --users 3000 --items 400 --days 30 --targets all --seed 42 --threads "$THREADS"
    [ -f "$T" ] && timed "$BB" --taobao "$T" --targets all --seed 42 --threads "$THREADS"
    [ -f "$T" ] || echo "skip: $T not found" ;;
esac
