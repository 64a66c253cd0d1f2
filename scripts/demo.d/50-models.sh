#!/usr/bin/env bash
# Recommenders: train three models on the ingested store, then show a few users'
# recommendations with reasons, and items similar to one item.
set -euo pipefail
STORE="$DEMO_DIR/store"
if [ ! -d "$STORE" ]; then
  echo "no store at $STORE (the ingest step makes it); skipping the models step"
  exit 0
fi
M="$DEMO_DIR/models"
mkdir -p "$M"
"$SS" --data "$STORE" train --model "ease:lambda=200" --out "$M/ease.bin"
"$SS" --data "$STORE" train --model "ials:factors=32,iters=10" --out "$M/ials.bin"
"$SS" --data "$STORE" train --model "fbt" --out "$M/fbt.bin"
for u in u1 u7 u42; do
  "$SS" --data "$STORE" recommend --model-file "$M/ease.bin" --user "$u" --k 5 --reasons
done
"$SS" --data "$STORE" recommend --model-file "$M/ials.bin" --user u7 --k 5 --reasons
"$SS" --data "$STORE" recommend --model-file "$M/ials.bin" --user nobody-yet --k 3 --reasons
"$SS" --data "$STORE" similar --model-file "$M/fbt.bin" --item i3 --k 3
