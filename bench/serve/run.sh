#!/usr/bin/env bash
# Serving benchmark, loopback only, bounded runs: recommend throughput and p50/p99 at 64
# connections for the live co-visitation model, item-kNN, iALS (hnsw index) and the
# transformer (when built with LibTorch), search p99 when the search endpoint exists, and
# batch ingest events/s with durability on (fsync per group commit). Median of RUNS runs of
# DURATION each; each line also gives the server's CPU time per request, the number that
# holds up when other processes share the machine.
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
# Scratch files in a private directory: other sessions may run this script at the same time.
TMP=$(mktemp -d /tmp/ss_bench_serve_run.XXXX)
trap 'rm -rf "$TMP"' EXIT
command -v wrk > /dev/null || { echo "wrk not installed (apt-get install wrk)"; exit 1; }
[ -x build/bench/serve_make_store ] || cmake --build build --target serve_make_store

if [ ! -f "$STORE/log.ssl" ]; then
  echo "building store: $USERS users, $ITEMS items (30 days, 1.5 sessions/user)"
  /usr/bin/time -f "store built in %e s wall, %U s CPU, peak memory %M KB" \
    build/bench/serve_make_store "$STORE" "$USERS" "$ITEMS" 30 1.5
fi
echo "store on disk: $(du -sh "$STORE" | cut -f1)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() {  # start DATA [flags...]: sets PID, URL, STARTUP
  local data=$1; shift
  local port; port=$(free_port)
  URL="http://127.0.0.1:$port"
  local t0; t0=$(date +%s.%N)
  SHOPSENSE_ADMIN_KEY=$SS_KEY "$SS" --data "$data" serve --port "$port" "$@" > $TMP/serve.log 2>&1 &
  PID=$!
  for _ in $(seq 1 1800); do curl -sf "$URL/health" > /dev/null && break; sleep 0.5; done
  STARTUP=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
}
stop() { kill -TERM "$PID"; wait "$PID" || true; }
# median of "rps p50 p99 ..." lines (by requests/s)
median() { sort -n -k1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$PID/stat"; }
run_wrk() {  # run_wrk SCRIPT -> lines "rps p50_ms p99_ms non2xx server_cpu_us_per_request"
  for _ in $(seq 1 "$RUNS"); do
    local c0; c0=$(cpu_ticks)
    wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$1" "$URL" > $TMP/wrk.txt
    local c1; c1=$(cpu_ticks)
    local n; n=$(grep -oP '^\s*\K\d+(?= requests in)' $TMP/wrk.txt)
    echo "$(python3 bench/serve/parse_wrk.py < $TMP/wrk.txt) $(python3 -c "print(round(($c1 - $c0) * 1e6 / $(getconf CLK_TCK) / max($n, 1), 1))")"
  done
}
api() { curl -sf -H "X-API-Key: $SS_KEY" -H 'Content-Type: application/json' "$@"; }
train() {  # train NAME SPEC: through the admin API (saved under STORE/models, reused next time)
  if api "$URL/v1/admin/models" | grep -q "\"name\":\"$1\""; then echo "model $1: loaded from $STORE/models"; return 0; fi
  local job t0 st
  job=$(api -d "{\"name\":\"$1\",\"spec\":\"$2\",\"evaluate\":false}" "$URL/v1/admin/models" | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"])') || { echo "model $1: $2 not available in this build"; return 1; }
  t0=$(date +%s)
  while :; do
    st=$(api "$URL/v1/admin/jobs/$job" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j.get("error",""))')
    case "$st" in done*) break ;; failed*) echo "model $1: training failed: $st"; return 1 ;; esac
    sleep 5
  done
  echo "model $1: trained $2 in $(( $(date +%s) - t0 )) s"
}

echo "== recommend: $STORE ($USERS users, $ITEMS items), $CONNS connections, $RUNS x $DURATION"
start "$STORE"
echo "startup (load store + build live state): ${STARTUP}s; $(curl -s "$URL/health")"
RSS=$(ps -o rss= -p "$PID" | awk '{printf "%.0f", $1/1024}')
echo "resident memory: ${RSS} MB"
grep -m1 '^serve: ' $TMP/serve.log || true  # where start-up time went
export SS_USERS=$USERS
report() {  # report LABEL PATH
  SS_PATH="$2" run_wrk bench/serve/recommend.lua | tee $TMP/rec.txt
  echo "$1 (median: req/s p50_ms p99_ms non2xx server_cpu_us/req): $(median < $TMP/rec.txt)"
}
report "recommend covisit" "/v1/users/u%d/recommendations?k=10&model=covisit"
# Registry models, trained once through the admin API: NAME=SPEC pairs.
for pair in ${MODELS:-knn=itemknn:neighbors=100 mf=ials:factors=64,iters=10,ann=true,ann_ef=40}; do
  name=${pair%%=*} spec=${pair#*=}
  train "$name" "$spec" && report "recommend $name ($spec)" "/v1/users/u%d/recommendations?k=10&model=$name"
done
# The transformer when this build has LibTorch (short training: serving speed, not quality;
# sampled softmax, because a full softmax over 100k items costs gigabytes per batch).
if [ -n "${DEEP-sasrec=sasrec:dim=64,layers=2,max_len=50,epochs=1,val_users=0,loss=sampled,ann=true,max_minutes=${DEEP_MINUTES:-2}}" ]; then
  pair=${DEEP-sasrec=sasrec:dim=64,layers=2,max_len=50,epochs=1,val_users=0,loss=sampled,ann=true,max_minutes=${DEEP_MINUTES:-2}}
  name=${pair%%=*} spec=${pair#*=}
  train "$name" "$spec" && DURATION=${DEEP_DURATION:-$DURATION} report "recommend $name ($spec)" "/v1/users/u%d/recommendations?k=10&model=$name"
fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/search?q=red")" = "200" ]; then
  report "search" "/v1/search?q=red%%20kettle&k=10&u=%d"
fi
echo "peak resident memory of the server: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$PID/status")"
stop

echo "== ingest: batches of ${SS_BATCH:-1000} events, fsync per group commit, 16 connections"
INGEST=$(mktemp -d /tmp/ss_bench_ingest.XXXX)
start "$INGEST"
CONNS=16 run_wrk bench/serve/ingest.lua | tee $TMP/ing.txt
ING=$(median < $TMP/ing.txt)
echo "ingest (median requests/s p50_ms p99_ms non2xx server_cpu_us/req): $ING = $(( ${ING%% *} * ${SS_BATCH:-1000} )) events/s, each request answered after its fsync"
curl -s -H "X-API-Key: $SS_KEY" "$URL/metrics" | grep -E '^shopsense_(events_ingested|commits)_total'
stop
rm -rf "$INGEST"
echo "command: USERS=$USERS ITEMS=$ITEMS RUNS=$RUNS DURATION=$DURATION bash bench/serve/run.sh (MODELS, DEEP override the models)"
