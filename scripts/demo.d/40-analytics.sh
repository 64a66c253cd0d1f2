#!/usr/bin/env bash
# Behaviour analytics on the ingested shop: a few reports as tables, then the whole set as
# one self-contained HTML file with charts ($DEMO_DIR/report.html, opens offline).
set -euo pipefail
STORE="$DEMO_DIR/store"
if [ ! -f "$STORE/log.ssl" ]; then
  # Until an ingest step has filled the store, put the generator's shop in directly.
  echo "no ingested store at $STORE; filling one from the synthetic shop generator"
  "$(dirname "$SS")/bench/analytics/analytics_bench" --users 3000 --reps 1 --store "$STORE" >/dev/null
fi
echo "--- funnel view > cart > purchase, per session, within 1 hour"
"$SS" -q --data "$STORE" analyze funnel --per session --window-hours 1
echo "--- RFM segments"
"$SS" -q --data "$STORE" analyze rfm
echo "--- monthly retention (purchases)"
"$SS" -q --data "$STORE" analyze cohorts --period month --cohort-by first_purchase --active purchases
echo "--- P(purchase in session | path so far), first rows"
"$SS" -q --data "$STORE" analyze transitions | head -n 8
"$SS" -q --data "$STORE" report --out "$DEMO_DIR/report.html"
