#!/usr/bin/env bash
# Cleaning report (duplicates, repeated views, bots with their reasons, 5-core), a cleaned
# copy of the store in $DEMO_DIR/clean with sessions re-cut at 30 minutes of inactivity, and
# the sizes of a leave-last-out split of it.
set -euo pipefail
if [ ! -d "$DEMO_DIR/store" ]; then
  echo "skipped: no store at $DEMO_DIR/store (the ingest step makes it)"
  exit 0
fi
rm -rf "$DEMO_DIR/clean"
"$SS" --quiet --data "$DEMO_DIR/store" clean --dedup-window 30s --bots --kcore 5 --session-gap 30m \
  --list-bots 5 --out "$DEMO_DIR/clean"
"$SS" --quiet --data "$DEMO_DIR/clean" split --protocol leave-last-out
"$SS" --quiet --data "$DEMO_DIR/clean" split --protocol temporal --cut-quantile 0.8 --validation-window 7d
