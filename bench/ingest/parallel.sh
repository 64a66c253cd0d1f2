#!/usr/bin/env bash
# Serial vs parallel line parsing of a Taobao-format file (the same build: `--threads 1`
# takes the serial loop, the default threads parse lines on ctx.pool), RUNS runs each,
# alternating; prints median wall and CPU seconds, events per second and per CPU-second,
# and checks that both ways wrote byte-identical stores.
# Usage: bench/ingest/parallel.sh [ROWS] (default 10000000); BENCH_DIR (default
# /tmp/ss-bench-ingest, shared with run.sh, which generates the file), RUNS (3), SS.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-10000000}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp/ss-bench-ingest}
OUT=${OUT_DIR:-$(mktemp -d /tmp/ss-ingest-par.XXXX)}
mkdir -p "$OUT"
SS=${SS:-build/shopsense}
FILE="$DIR/taobao_${ROWS}.csv"
ITEMS=$(( ROWS / 25 > 1000 ? ROWS / 25 : 1000 ))
if [ ! -f "$FILE" ]; then
  mkdir -p "$DIR"
  "$SS" --seed 7 generate --format taobao --events "$ROWS" --items "$ITEMS" --categories 500 --out "$FILE"
fi
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall cpu
for r in $(seq 1 "$RUNS"); do
  for mode in serial parallel; do
    threads=0; [ "$mode" = serial ] && threads=1
    rm -rf "$OUT/store_$mode"; sync
    /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$SS" --quiet --threads "$threads" --data "$OUT/store_$mode" \
      ingest "$FILE" --preset taobao --json > "$OUT/$mode.json"
    read -r w u s < "$OUT/time"
    wall[$mode]+="$w "; cpu[$mode]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') "
    echo "run $r $mode: wall ${w}s cpu $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')s"
  done
done
EVENTS=$(/usr/bin/python3 -c "import json;print(json.load(open('$OUT/parallel.json'))['events']['events'])")
echo
echo "Taobao-format file: $ROWS rows, $EVENTS events; median of $RUNS; $(nproc) cores shared with other jobs (load $(cut -d' ' -f1 /proc/loadavg))"
echo "| path | wall s | events/s (wall) | CPU s | events per CPU-second |"
echo "|---|---|---|---|---|"
for mode in serial parallel; do
  w=$(echo ${wall[$mode]} | tr ' ' '\n' | median); c=$(echo ${cpu[$mode]} | tr ' ' '\n' | median)
  awk -v m="$mode" -v w="$w" -v c="$c" -v e="$EVENTS" \
    'BEGIN {printf "| %s | %.2f | %.2f M | %.2f | %.2f M |\n", m == "serial" ? "serial (--threads 1)" : "parallel line parsing (all threads)", w, e / w / 1e6, c, e / c / 1e6}'
done
if cmp -s "$OUT/store_serial/log.ssl" "$OUT/store_parallel/log.ssl"; then
  echo "stores: byte-identical ($(stat -c %s "$OUT/store_parallel/log.ssl") bytes)"
else
  echo "stores: DIFFER"; exit 1
fi
rm -rf "$OUT"
echo "reproduce: bench/ingest/parallel.sh $ROWS   (RUNS=$RUNS BENCH_DIR=$DIR)"
