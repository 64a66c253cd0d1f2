#!/usr/bin/env bash
# Serving benchmark, loopback only, bounded runs: recommend throughput and p50/p99 at 64
# connections, batch ingest events/s with durability on (fsync per group commit), search p99
# when the search endpoint exists. Median of RUNS runs of DURATION each.
#   USERS=1000000 ITEMS=100000 bash bench/serve/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SS=${SS:-build/shopsense}
USERS=${USERS:-1000000}
ITEMS=${ITEMS:-100000}
STORE=${STORE:-/tmp/ss_bench_serve_${USERS}u_${ITEMS}i}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
export SS_KEY=bench-admin
command -v wrk > /dev/null || { echo "wrk not installed (apt-get install wrk)"; exit 1; }
[ -x build/bench/serve_make_store ] || cmake --build build --target serve_make_store

if [ ! -f "$STORE/log.ssl" ]; then
  echo "building store: $USERS users, $ITEMS items (30 days, 1.5 sessions/user)"
  build/bench/serve_make_store "$STORE" "$USERS" "$ITEMS" 30 1.5
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() {  # start DATA [flags...]: sets PID, URL, STARTUP
  local data=$1; shift
  local port; port=$(free_port)
  URL="http://127.0.0.1:$port"
  local t0; t0=$(date +%s.%N)
  SHOPSENSE_ADMIN_KEY=$SS_KEY "$SS" --quiet --data "$data" serve --port "$port" "$@" > /tmp/ss_bench_serve.log 2>&1 &
  PID=$!
  for _ in $(seq 1 1800); do curl -sf "$URL/health" > /dev/null && break; sleep 0.5; done
  STARTUP=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
}
stop() { kill -TERM "$PID"; wait "$PID" || true; }
# median of "rps p50 p99" lines
median() { sort -n -k1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
run_wrk() {  # run_wrk SCRIPT -> lines "rps p50_ms p99_ms"
  for _ in $(seq 1 "$RUNS"); do
    wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$1" "$URL" | python3 bench/serve/parse_wrk.py
  done
}

echo "== recommend: $STORE ($USERS users, $ITEMS items), $CONNS connections, $RUNS x $DURATION"
start "$STORE"
echo "startup (load store + build live state): ${STARTUP}s; $(curl -s "$URL/health")"
RSS=$(ps -o rss= -p "$PID" | awk '{printf "%.0f", $1/1024}')
echo "resident memory: ${RSS} MB"
export SS_USERS=$USERS
SS_PATH="/v1/users/u%d/recommendations?k=10" run_wrk bench/serve/recommend.lua | tee /tmp/ss_rec.txt
echo "recommend covisit (median rps p50_ms p99_ms non2xx): $(median < /tmp/ss_rec.txt)"
for model in knn mf; do
  if curl -sf -H "X-API-Key: $SS_KEY" "$URL/v1/admin/models" | grep -q '"can_train":true'; then
    echo "(training $model is left to the models layer's spec names; see docs/BENCHMARKS.md)"
  fi
done
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/search?q=red")" = "200" ]; then
  SS_PATH="/v1/search?q=red%%20kettle&k=10&u=%d" run_wrk bench/serve/recommend.lua | tee /tmp/ss_search.txt
  echo "search (median rps p50_ms p99_ms non2xx): $(median < /tmp/ss_search.txt)"
fi
stop

echo "== ingest: batches of ${SS_BATCH:-1000} events, fsync per group commit, 16 connections"
INGEST=$(mktemp -d /tmp/ss_bench_ingest.XXXX)
start "$INGEST"
CONNS=16 run_wrk bench/serve/ingest.lua | tee /tmp/ss_ing.txt
echo "ingest (median requests/s p50_ms p99_ms non2xx): $(median < /tmp/ss_ing.txt); events/s = requests/s x ${SS_BATCH:-1000}"
curl -s -H "X-API-Key: $SS_KEY" "$URL/metrics" | grep -E '^shopsense_(events_ingested|commits)_total'
stop
rm -rf "$INGEST"
echo "command: USERS=$USERS ITEMS=$ITEMS RUNS=$RUNS DURATION=$DURATION bash bench/serve/run.sh"
