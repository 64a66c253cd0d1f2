#!/usr/bin/env bash
# Replicated serving benchmark, loopback only, bounded runs: recommend throughput for
#   single   one `shopsense serve` holding every user, wrk -> replica
#   nginx-1  the same single replica behind nginx (what the proxy hop costs)
#   nginx-2  two replicas (users partitioned by the ring) behind nginx
# Same synthetic events in each (USERS users, EVENTS events, mixed-user batches posted
# through the front, so the 2-replica stores are partitioned by the replicas themselves).
# Median of RUNS runs of DURATION, CONNS connections, 2 wrk threads.
#   bash bench/cluster/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SS=${SS:-$PWD/build/shopsense}
USERS=${USERS:-20000}
ITEMS=${ITEMS:-5000}
EVENTS=${EVENTS:-200000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-32}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
export SS_KEY=bench-admin SS_USERS=$USERS
command -v wrk > /dev/null || { echo "wrk not installed (bash scripts/install-deps.sh)"; exit 1; }
[ -x "$NGINX" ] || { echo "nginx not installed (bash scripts/install-deps.sh)"; exit 1; }
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/ss_bench_cluster.XXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 600); do curl -sf "$1/health" > /dev/null && return 0; sleep 0.2; done; echo "no answer from $1"; exit 1; }
replica() {  # replica DATA PORT [serve flags...]
  local data=$1 port=$2; shift 2
  SHOPSENSE_ADMIN_KEY=$SS_KEY "$SS" --quiet --data "$data" serve --host 127.0.0.1 --port "$port" "$@" > "$WORK/serve-$port.log" 2>&1 &
  PIDS+=($!)
  wait_up "http://127.0.0.1:$port"
}
front() {  # front LISTEN_PORT REPLICA... : nginx in the foreground of its own prefix
  local listen=$1; shift
  local prefix="$WORK/nginx-$listen"
  mkdir -p "$prefix"
  "$SS" cluster nginx-config --replicas "$(IFS=,; echo "$*")" --listen "127.0.0.1:$listen" --prefix "$prefix" \
    --foreground --workers 1 --out "$prefix/nginx.conf"
  "$NGINX" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" &
  PIDS+=($!)
  wait_up "http://127.0.0.1:$listen"
}
median() { sort -n -k1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
bench() {  # bench NAME URL [SCRIPT CONNS]
  : > "$WORK/$1.txt"
  for _ in $(seq 1 "$RUNS"); do
    wrk -t2 -c"${4:-$CONNS}" -d"$DURATION" --latency -s "${3:-bench/cluster/recommend.lua}" "$2" | $PY bench/serve/parse_wrk.py | tee -a "$WORK/$1.txt"
  done
  echo "$1 (median req/s p50_ms p99_ms non2xx): $(median < "$WORK/$1.txt")"
}

PORTS=$($PY -c 'import socket
ss = [socket.socket() for _ in range(5)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')  # bound together: five different ports
read -r P1 P2 P3 N1 N2 <<< "$PORTS"
echo "== single replica: $USERS users, $ITEMS items, $EVENTS events"
replica "$WORK/single" "$P1"
$PY bench/cluster/load.py "http://127.0.0.1:$P1" "$USERS" "$ITEMS" "$EVENTS"
front "$N1" "127.0.0.1:$P1"
echo "== two replicas (partitioned by user) behind nginx"
CL="127.0.0.1:$P2,127.0.0.1:$P3"
replica "$WORK/r1" "$P2" --cluster "$CL" --self "127.0.0.1:$P2"
replica "$WORK/r2" "$P3" --cluster "$CL" --self "127.0.0.1:$P3"
front "$N2" "127.0.0.1:$P2" "127.0.0.1:$P3"
$PY bench/cluster/load.py "http://127.0.0.1:$N2" "$USERS" "$ITEMS" "$EVENTS"
echo "events per replica: $(curl -s "http://127.0.0.1:$P2/health" | $PY -c 'import json,sys; print(json.load(sys.stdin)["events"])') + $(curl -s "http://127.0.0.1:$P3/health" | $PY -c 'import json,sys; print(json.load(sys.stdin)["events"])')"
echo "== recommend (live co-visitation), k=10, $CONNS connections, $RUNS x $DURATION; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
bench single "http://127.0.0.1:$P1"
bench nginx-1 "http://127.0.0.1:$N1"
bench nginx-2 "http://127.0.0.1:$N2"
echo "== ingest: the same mixed-user batch of 1000 events per request (fsync per group commit), 16 connections"
echo "   through nginx each batch is split: a replica stores its users' events and forwards the rest to their owner"
bench ingest-single "http://127.0.0.1:$P1" bench/serve/ingest.lua 16
bench ingest-nginx-2 "http://127.0.0.1:$N2" bench/serve/ingest.lua 16
echo "== ingest: single-user batches of 1000 events with X-User (routed straight to the owner), 16 connections"
bench ingest-user-single "http://127.0.0.1:$P1" bench/cluster/ingest_user.lua 16
bench ingest-user-nginx-2 "http://127.0.0.1:$N2" bench/cluster/ingest_user.lua 16
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: USERS=$USERS ITEMS=$ITEMS EVENTS=$EVENTS RUNS=$RUNS DURATION=$DURATION CONNS=$CONNS bash bench/cluster/run.sh"
