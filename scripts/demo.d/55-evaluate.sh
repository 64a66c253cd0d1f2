#!/usr/bin/env bash
# Evaluation: the models the demo trains (EASE, iALS, frequently-bought-together) against
# popularity, leave-last-out per user, full ranking over all items, 95% bootstrap intervals.
set -euo pipefail
STORE="$DEMO_DIR/store"
if [ ! -d "$STORE" ]; then
  echo "no store at $STORE (the ingest step makes it); skipping the evaluation step"
  exit 0
fi
"$SS" --data "$STORE" evaluate --protocol leave-last-out --metrics hr@10,ndcg@10,recall@20,mrr \
  --model pop --model "ease:lambda=200" --model "ials:factors=32,iters=10" --model fbt \
  --bootstrap 200
