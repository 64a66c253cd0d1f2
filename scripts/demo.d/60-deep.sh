#!/usr/bin/env bash
# A small behaviour-sequence transformer (views, carts and purchases as typed tokens),
# evaluated next to classical models on the same leave-last-out split.
set -euo pipefail
STORE="$DEMO_DIR/store"
[ -d "$STORE" ] || { echo "no store at $STORE; skipping the deep-model step"; exit 0; }
"$SS" --data "$STORE" evaluate --protocol leave-last-out --metrics hr@10,ndcg@10 \
  --model pop --model markov \
  --model "sasrec:dim=32,layers=1,max_len=30,epochs=30,batch=128,lr=0.003,max_minutes=1.5"
