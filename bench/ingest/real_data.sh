#!/usr/bin/env bash
# The issue's real-data checks: the Taobao 95k slice must read 96,169 rows, accept 96,168
# and reject 1 (its timestamp 15); stats then gives pv 85,773-85,774 / fav 2,959 /
# cart 5,292 / buy 2,144 and 58,732 users. The UCI Online Retail file must ingest with its
# cancellations (return events) and missing customers (counted, rejected or kept) reported.
# DIGINETICA and the Amazon S3-Rec sequences are ingested for the record.
# Usage: bench/ingest/real_data.sh   (SHOPSENSE_DATA, default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/../.."
SS=${SS:-build/shopsense}
DATA=${SHOPSENSE_DATA:-$(git rev-parse --show-toplevel)/../shared/data}
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/ss-real-XXXX)
trap 'rm -rf "$OUT"' EXIT
fail=0
check() {  # name actual expected-min expected-max
  if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then echo "  ok   $1 = $2"; else echo "  FAIL $1 = $2 (want $3..$4)"; fail=1; fi
}
jget() { $PY -c "import json,sys;d=json.load(open('$1'));print(eval('d'+sys.argv[1]))" "$2"; }

TAOBAO=$DATA/taobao/UserBehavior_timeslice_95k.csv
if [ -f "$TAOBAO" ]; then
  echo "== Taobao: $SS --data STORE ingest $TAOBAO --preset taobao"
  "$SS" --quiet --data "$OUT/taobao" ingest "$TAOBAO" --preset taobao --json > "$OUT/t.json"
  "$SS" --data "$OUT/taobao" stats --json > "$OUT/ts.json"
  check rows_read "$(jget "$OUT/t.json" "['events']['rows_read']")" 96169 96169
  check rows_accepted "$(jget "$OUT/t.json" "['events']['rows_accepted']")" 96168 96168
  check rejected_timestamp "$(jget "$OUT/t.json" "['events']['rejected']['timestamp_out_of_range']['count']")" 1 1
  check pv "$(jget "$OUT/ts.json" "['by_type']['view']")" 85773 85774
  check fav "$(jget "$OUT/ts.json" "['by_type']['favorite']")" 2959 2959
  check cart "$(jget "$OUT/ts.json" "['by_type']['cart']")" 5292 5292
  check buy "$(jget "$OUT/ts.json" "['by_type']['purchase']")" 2144 2144
  check users "$(jget "$OUT/ts.json" "['users']")" 58732 58732
else
  echo "skip: $TAOBAO not found (set SHOPSENSE_DATA)"
fi

RETAIL=$DATA/online-retail/online_retail.csv
if [ -f "$RETAIL" ]; then
  echo "== Online Retail: $SS --data STORE ingest $RETAIL --preset online-retail --max-reject-fraction 0.3"
  "$SS" --quiet --data "$OUT/retail" ingest "$RETAIL" --preset online-retail --max-reject-fraction 0.3 --json > "$OUT/r.json"
  check rows_read "$(jget "$OUT/r.json" "['events']['rows_read']")" 541909 541909
  check no_customer_rejected "$(jget "$OUT/r.json" "['events']['rejected']['no_customer_id']['count']")" 135080 135080
  check rows_accepted "$(jget "$OUT/r.json" "['events']['rows_accepted']")" 406829 406829
  check return_events "$(jget "$OUT/r.json" "['events']['returns']")" 1 541909
  "$SS" --data "$OUT/retail" stats --json > "$OUT/rs.json"
  check customers "$(jget "$OUT/rs.json" "['users']")" 4372 4372
  echo "== Online Retail, anonymous lines kept: ... --keep-anonymous"
  "$SS" --quiet --data "$OUT/retail2" ingest "$RETAIL" --preset online-retail --keep-anonymous --json > "$OUT/r2.json"
  check rows_accepted "$(jget "$OUT/r2.json" "['events']['rows_accepted']")" 541909 541909
  check anonymous_rows "$(jget "$OUT/r2.json" "['events']['anonymous_rows']")" 135080 135080
else
  echo "skip: $RETAIL not found"
fi

DIGI=$DATA/diginetica
if [ -d "$DIGI" ]; then
  echo "== DIGINETICA: ... --preset diginetica --catalogue product-categories.csv"
  "$SS" --quiet --data "$OUT/digi" ingest "$DIGI/sample_train-item-views.csv" "$DIGI/train-purchases.csv" \
    --preset diginetica --catalogue "$DIGI/product-categories.csv" --json > "$OUT/d.json"
  check rows_accepted "$(jget "$OUT/d.json" "['events']['rows_accepted']")" $((12391 + 18025)) $((12391 + 18025))
  check catalogue_items "$(jget "$OUT/d.json" "['catalogue']['rows_accepted']")" 184047 184047
fi
BEAUTY=$DATA/amazon/Beauty.txt
if [ -f "$BEAUTY" ]; then
  echo "== Amazon Beauty (S3-Rec sequences): ... --preset s3rec"
  "$SS" --quiet --data "$OUT/beauty" ingest "$BEAUTY" --preset s3rec --json > "$OUT/b.json"
  "$SS" --data "$OUT/beauty" stats --json > "$OUT/bs.json"
  check events "$(jget "$OUT/b.json" "['events']['events']")" 198502 198502
  check users "$(jget "$OUT/bs.json" "['users']")" 22363 22363
  check items "$(jget "$OUT/bs.json" "['items']")" 12101 12101
fi
[ "$fail" -eq 0 ] && echo "all real-data checks passed" || { echo "some real-data checks FAILED"; exit 1; }
