#!/usr/bin/env bash
# Ingest benchmark, side by side in one run on the same generated Taobao-format file:
#   shopsense ingest --preset taobao (into a fresh store, fsync per batch)
#   pandas read_csv + factorize of the id columns (Debian's /usr/bin/python3)
#   sqlite3 .import into a fresh database
# Median of RUNS runs each; events/s, ratios, peak RSS; then the store's bytes per event,
# reopen time and a full scan (shopsense stats).
# Usage: bench/ingest/run.sh [ROWS] (default 10000000); BENCH_DIR (default /tmp/ss-bench-ingest), RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-10000000}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp/ss-bench-ingest}
SS=${SS:-build/shopsense}
PY=/usr/bin/python3
mkdir -p "$DIR"
FILE="$DIR/taobao_${ROWS}.csv"
ITEMS=$(( ROWS / 25 > 1000 ? ROWS / 25 : 1000 ))
if [ ! -f "$FILE" ]; then
  echo "generating $FILE ..."
  "$SS" --seed 7 generate --format taobao --events "$ROWS" --items "$ITEMS" --categories 500 --out "$FILE"
fi
BYTES=$(stat -c %s "$FILE")
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
peak_kb() { grep "Maximum resident" "$1" | awk '{print $NF}'; }
cpu_s() { awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$1"; }

ss_t=(); pd_t=(); sq_t=(); ss_cpu=(); pd_cpu=(); sq_cpu=(); ss_rss=0; pd_rss=0; sq_rss=0
for r in $(seq 1 "$RUNS"); do
  rm -rf "$DIR/store"; sync
  /usr/bin/time -v -o "$DIR/time_ss" "$SS" --quiet --data "$DIR/store" ingest "$FILE" --preset taobao --json > "$DIR/ss.json"
  ss_t+=("$($PY -c "import json;print(json.load(open('$DIR/ss.json'))['seconds_total'])")")
  ss_rss=$(peak_kb "$DIR/time_ss"); ss_cpu+=("$(cpu_s "$DIR/time_ss")")
  /usr/bin/time -v -o "$DIR/time_pd" $PY bench/ingest/pandas_ingest.py "$FILE" > "$DIR/pd.txt"
  pd_t+=("$(cut -d' ' -f1 "$DIR/pd.txt")")
  pd_rss=$(peak_kb "$DIR/time_pd"); pd_cpu+=("$(cut -d' ' -f2 "$DIR/pd.txt")")
  rm -f "$DIR/bench.db"
  s0=$(date +%s.%N)
  /usr/bin/time -v -o "$DIR/time_sq" sqlite3 "$DIR/bench.db" \
    "CREATE TABLE events(user INTEGER, item INTEGER, category INTEGER, behavior TEXT, ts INTEGER);" \
    ".mode csv" ".import $FILE events"
  s1=$(date +%s.%N)
  sq_t+=("$($PY -c "print($s1 - $s0)")")
  sq_rss=$(peak_kb "$DIR/time_sq"); sq_cpu+=("$(cpu_s "$DIR/time_sq")")
  echo "run $r: wall (cpu) shopsense ${ss_t[-1]}s (${ss_cpu[-1]}s)  pandas ${pd_t[-1]}s (${pd_cpu[-1]}s)  sqlite ${sq_t[-1]}s (${sq_cpu[-1]}s)"
done
SS_MED=$(printf '%s\n' "${ss_t[@]}" | median)
PD_MED=$(printf '%s\n' "${pd_t[@]}" | median)
SQ_MED=$(printf '%s\n' "${sq_t[@]}" | median)
SS_CPU=$(printf '%s\n' "${ss_cpu[@]}" | median)
PD_CPU=$(printf '%s\n' "${pd_cpu[@]}" | median)
SQ_CPU=$(printf '%s\n' "${sq_cpu[@]}" | median)
EVENTS=$($PY -c "import json;print(json.load(open('$DIR/ss.json'))['events']['events'])")
"$SS" --data "$DIR/store" stats --json > "$DIR/stats.json"
read -r BPE OPEN SCAN <<< "$($PY -c "import json;s=json.load(open('$DIR/stats.json'))['storage'];print(s['bytes_per_event'],s['open_seconds'],s['scan_seconds'])")"
DB_BYTES=$(stat -c %s "$DIR/bench.db")
$PY - "$ROWS" "$BYTES" "$EVENTS" "$SS_MED" "$PD_MED" "$SQ_MED" "$ss_rss" "$pd_rss" "$sq_rss" "$BPE" "$OPEN" "$SCAN" "$DB_BYTES" "$RUNS" "$(nproc)" "$SS_CPU" "$PD_CPU" "$SQ_CPU" "$(cut -d' ' -f1 /proc/loadavg)" <<'PYEOF'
import sys
rows, size, events = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ss, pd, sq = map(float, sys.argv[4:7])
ss_rss, pd_rss, sq_rss = (int(x) / 1024 for x in sys.argv[7:10])
bpe, open_s, scan_s = map(float, sys.argv[10:13])
db_bytes, runs, cores = int(sys.argv[13]), sys.argv[14], sys.argv[15]
ssc, pdc, sqc = map(float, sys.argv[16:19])
load = sys.argv[19]
print()
print(f"Taobao-format file: {rows:,} rows, {size/1e6:.0f} MB; median of {runs} runs; {cores} cores shared "
      f"with other jobs (load average {load} at the end)")
print("| tool | wall s | events/s (wall) | CPU s | events per CPU-second | wall vs shopsense | peak RSS |")
print("|---|---|---|---|---|---|---|")
print(f"| shopsense ingest --preset taobao (fresh store, fsync per batch) | {ss:.2f} | {events/ss/1e6:.2f} M | {ssc:.2f} | {events/ssc/1e6:.2f} M | 1.00x | {ss_rss:.0f} MB |")
print(f"| pandas read_csv + factorize ids | {pd:.2f} | {rows/pd/1e6:.2f} M | {pdc:.2f} | {rows/pdc/1e6:.2f} M | {pd/ss:.2f}x slower | {pd_rss:.0f} MB |")
print(f"| sqlite3 .import | {sq:.2f} | {rows/sq/1e6:.2f} M | {sqc:.2f} | {rows/sqc/1e6:.2f} M | {sq/ss:.2f}x slower | {sq_rss:.0f} MB |")
print()
print(f"store: {bpe:.2f} bytes/event on disk (SQLite table: {db_bytes/rows:.1f} bytes/row); "
      f"reopen {open_s*1000:.0f} ms; full scan of {events:,} events {scan_s*1000:.0f} ms")
PYEOF
echo
echo "reproduce: bench/ingest/run.sh $ROWS   (RUNS=$RUNS BENCH_DIR=$DIR)"
