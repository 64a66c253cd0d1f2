#!/usr/bin/env bash
# A realistic sample shop with planted ground truth (deterministic for the seed).
set -euo pipefail
"$SS" --seed 42 generate --out "$DEMO_DIR/shop" --users 3000 --items 1500 --categories 24 --brands 60 --days 60
head -n 4 "$DEMO_DIR/shop/events.csv"
