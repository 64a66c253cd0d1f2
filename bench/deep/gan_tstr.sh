#!/usr/bin/env bash
# TSTR of `generate --from-gan` on the 600-user generated shop of docs/BENCHMARKS.md, for
# each CFGAN spec given: train, sample 500 users, train-on-synthetic/test-on-real with
# item-kNN and with popularity, then the taste structure of the baskets (gan_baskets.py).
# usage: bench/deep/gan_tstr.sh SPEC...   (e.g. "cfgan:hidden=128,epochs=15,batch=64,lr=0.002,val_users=200,sample_temp=0.1")
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SS=${SS:-$ROOT/build/shopsense}
D=${WORK:-$(mktemp -d)}
rm -rf "$D/store" "$D/gen"  # a re-ingest into an old store would double every event
"$SS" --seed 42 generate --users 600 --items 200 --categories 10 --days 30 --out "$D/shop" >/dev/null
"$SS" --data "$D/store" ingest "$D/shop/events.csv" --preset shopsense --catalogue "$D/shop/catalogue.csv" >/dev/null
for spec in "$@"; do
  echo "=== $spec"
  "$SS" --threads 2 --data "$D/store" train --model "$spec" --out "$D/gan.bin" 2>&1 | grep -E "val ndcg" | tail -1
  for tm in itemknn pop; do
    "$SS" --threads 2 --data "$D/store" generate --from-gan "$D/gan.bin" --users 500 --out "$D/gen" --tstr-model "$tm" |
      grep -A1 "train on synthetic" | tail -1 | sed "s/^/  tstr-model $tm: /"
  done
  /usr/bin/python3 "$ROOT/bench/deep/gan_baskets.py" "$D/shop/events.csv" "$D/shop/catalogue.csv" "$D/gen/events.csv"
done
