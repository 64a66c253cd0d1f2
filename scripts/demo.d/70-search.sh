#!/usr/bin/env bash
# Product search: builds the index from the store's catalogue (kept in the data dir and
# synced on each run), then searches with and without a user to show the personal difference.
set -euo pipefail
STORE="$DEMO_DIR/store"
if [ ! -f "$STORE/log.ssl" ]; then
  echo "no store at $STORE yet (the ingest step makes it): skipping the search demo"
  exit 0
fi
# A buyer with clear tastes, and the category they buy most in, from the generated files.
read -r USER_ID QUERY < <(/usr/bin/python3 - "$DEMO_DIR/shop" <<'PY'
import csv, sys, collections
shop = sys.argv[1]
cat = {r["item_id"]: r["category_path"].split(">")[-1].strip() for r in csv.DictReader(open(f"{shop}/catalogue.csv"))}
buys = collections.defaultdict(collections.Counter)
for r in csv.DictReader(open(f"{shop}/events.csv")):
    if r.get("behavior") == "purchase" and r.get("item_id") in cat:
        buys[r["user_id"]][cat[r["item_id"]]] += 1
user, c = max(buys.items(), key=lambda kv: (kv[1].most_common(1)[0][1], kv[0]))
print(user, c.most_common(1)[0][0])
PY
)
echo "--- \"$QUERY\" for an anonymous visitor (facets: brand, price)"
"$SS" -q --data "$STORE" search "$QUERY" -n 5 --facets brand,price
echo
echo "--- the same query for $USER_ID, who buys $QUERY often (personalised, with reasons)"
"$SS" -q --data "$STORE" search "$QUERY" -n 5 --user "$USER_ID" --explain
echo
echo "--- misspelt: \"${QUERY:0:1}${QUERY:2}\", in stock, under 100, cheapest first"
"$SS" -q --data "$STORE" search "${QUERY:0:1}${QUERY:2}" --filter in_stock=1 --filter price=..100 --sort price -n 3
