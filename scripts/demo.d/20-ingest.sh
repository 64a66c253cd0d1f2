#!/usr/bin/env bash
# Ingest the generated shop (its events include a few malformed rows on purpose: they are
# rejected and reported with line numbers) into the demo's data directory.
set -euo pipefail
"$SS" --data "$DEMO_DIR/store" ingest "$DEMO_DIR/shop/events.csv" --preset shopsense \
  --catalogue "$DEMO_DIR/shop/catalogue.csv" --examples 2
"$SS" --data "$DEMO_DIR/store" stats
