#!/usr/bin/env bash
# All search benchmarks, each printing its own numbers:
#   1. Home Depot relevance (NDCG@10, MRR, recall@100): plain BM25, best configuration and
#      SQLite FTS5 side by side in one run (skipped when the data is absent)
#   2. personalisation / learning to rank on held-out searches of a generated shop
#   3. speed on a generated catalogue (default 1M products) vs SQLite FTS5
# Usage: bash bench/search/run.sh [ITEMS]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${SHOPSENSE_DATA:-$(git rev-parse --show-toplevel)/../shared/data}
ITEMS=${1:-1000000}
if [ -f "$DATA/homedepot/products.csv" ]; then
  echo "== Home Depot: build/shopsense evaluate-search --judgments $DATA/homedepot/judgments_dev.csv --products $DATA/homedepot/products.csv --compare-fts5"
  build/shopsense evaluate-search --judgments "$DATA/homedepot/judgments_dev.csv" --products "$DATA/homedepot/products.csv" --compare-fts5
else
  echo "== Home Depot: skipped ($DATA/homedepot/products.csv not found; set SHOPSENSE_DATA)"
fi
echo
echo "== Personalisation and learning to rank: build/bench/search_bench personal 3000 1500"
build/bench/search_bench personal 3000 1500
echo
echo "== Speed: build/bench/search_bench speed $ITEMS 1000"
build/bench/search_bench speed "$ITEMS" 1000
