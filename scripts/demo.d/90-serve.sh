#!/usr/bin/env bash
# The HTTP API on the demo store: start the server on a free loopback port, send an event,
# see the user's recommendations change at once, search, then stop it with SIGTERM.
set -euo pipefail
STORE="$DEMO_DIR/store"
export SHOPSENSE_ADMIN_KEY="demo-admin-$$" SHOPSENSE_API_KEY="demo-read-$$"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
"$SS" --quiet --data "$STORE" serve --port "$PORT" > "$DEMO_DIR/serve.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "$URL/health" > /dev/null && break; sleep 0.5; done
READ=(-sS -H "X-API-Key: $SHOPSENSE_API_KEY")
ADMIN=(-sS -H "X-API-Key: $SHOPSENSE_ADMIN_KEY" -H "Content-Type: application/json")
echo "server up on $URL: $(curl -sS "$URL/health")"
if curl -sf "$URL/" | grep -q '<div id="root">'; then
  echo "web dashboard: $URL/  (keys: read $SHOPSENSE_API_KEY, admin $SHOPSENSE_ADMIN_KEY; enter them under Keys)"
  echo "  to keep it open after the demo: SHOPSENSE_ADMIN_KEY=secret $SS --data $STORE serve --port 8080, then open http://127.0.0.1:8080/"
else
  echo "(web dashboard not built: scripts/build.sh builds web/dashboard/dist when npm is available)"
fi

if [ "$(curl -sS "$URL/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')" = "0" ]; then
  echo "(empty store: loading the generated shop through the ingest API)"
  python3 scripts/serve_load_csv.py "$URL" "$SHOPSENSE_ADMIN_KEY" "$DEMO_DIR/shop" 60000
fi

show() { python3 -c 'import json,sys; r=json.load(sys.stdin); print("  response", r.get("id"), "model", r.get("model")); [print("  %-8s %7.3f  %s" % (i["item"], i["score"], i["reason"])) for i in r["items"]]'; }
USER=$(head -n 2 "$DEMO_DIR/shop/events.csv" | tail -n 1 | cut -d, -f1)
echo; echo "recommendations for $USER:"
curl "${READ[@]}" "$URL/v1/users/$USER/recommendations?k=5" | show
# A mid-popularity item, so its neighbours are specific to it.
ITEM=$(curl "${READ[@]}" "$URL/v1/recommend/trending?k=40" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["item"])')
echo; echo "$USER puts $ITEM in the cart (acknowledged only once durable):"
curl "${ADMIN[@]}" -X POST "$URL/v1/events" -d "{\"user\":\"$USER\",\"item\":\"$ITEM\",\"type\":\"cart\"}"; echo
echo; echo "recommendations for $USER right after:"
curl "${READ[@]}" "$URL/v1/users/$USER/recommendations?k=5" | show
echo; echo "similar to $ITEM:"
curl "${READ[@]}" "$URL/v1/items/$ITEM/similar?k=3" | show
if curl -s -o /dev/null -w '%{http_code}' "${READ[@]}" "$URL/v1/search?q=red" | grep -q 200; then
  echo; echo "search 'red':"
  curl "${READ[@]}" "$URL/v1/search?q=red&k=3" | show
fi
echo; echo "dashboard analytics (what the Funnels page draws): view > cart > purchase within 24h:"
curl "${READ[@]}" "$URL/v1/analytics/funnel?steps=view>cart>purchase&window=24h" | python3 -c 'import json,sys; [print("  %-9s %6d users  %5.1f%% of the previous step" % (s["step"], s["reached"], 100 * s["conversion"])) for s in json.load(sys.stdin)["all"]["steps"]]'
echo; echo "metrics excerpt:"
curl "${READ[@]}" "$URL/metrics" | grep -E '^shopsense_(events_ingested|commits|recommendations_served)_total'
kill -TERM "$PID"
wait "$PID"
trap - EXIT
echo "server stopped cleanly"
