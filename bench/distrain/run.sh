#!/usr/bin/env bash
# Distributed training on this machine: 1 process vs 2 processes (MPI for iALS and
# item-kNN, c10d Gloo for the transformer), median of ROUNDS runs each, with the bytes the
# collectives moved. Generated data (USERS x ITEMS), so no data set is needed.
#   bash bench/distrain/run.sh            (after bash scripts/build.sh)
#   USERS=20000 ITEMS=5000 ROUNDS=3 bash bench/distrain/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SS=${SS:-$PWD/build/shopsense}
USERS=${USERS:-10000}
ITEMS=${ITEMS:-4000}
ROUNDS=${ROUNDS:-3}
IALS=${IALS:-ials:factors=64,iters=5}
KNN=${KNN:-itemknn:neighbors=100}
DEEP=${DEEP:-sasrec:dim=32,layers=1,max_len=20,epochs=1,batch=128,loss=ce,val_users=0,threads=1}
WORK=${WORK:-$(mktemp -d /tmp/ss_distrain.XXXXXX)}
CASES=${CASES:-ials knn deep}
# Ranks waiting in a collective yield the CPU instead of spinning: with more ranks than
# idle cores (this shared machine) spinning waiters steal the time the others need.
MPIRUN=(mpirun --allow-run-as-root --oversubscribe --mca mpi_yield_when_idle 1 -np 2)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

if [ ! -d "$WORK/store" ]; then
  "$SS" --quiet --seed 42 generate --out "$WORK/shop" --users "$USERS" --items "$ITEMS" --categories 40 --brands 80 --days 60 >/dev/null
  "$SS" --quiet --data "$WORK/store" ingest "$WORK/shop/events.csv" --preset shopsense --catalogue "$WORK/shop/catalogue.csv" >/dev/null
fi
echo "data: $("$SS" --data "$WORK/store" stats 2>/dev/null | grep -i -m1 events || true) ($USERS users, $ITEMS items, generated, seed 42)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# seconds (fit only, from --json) of one run; the rest of the JSON goes to $WORK/last.json
# "wall cpu" seconds of the fit (from --json; rank 0's process for 2 ranks)
fit_seconds() { "$@" > "$WORK/last.json"; /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.3f/%.3f" % (d["seconds"], d["cpu_seconds"]))' "$WORK/last.json"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
volume() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["distributed"]; print("all-reduced %.2f MB, gathered %.2f MB, exchanged %.2f MB, broadcast %.2f MB, %d calls (rank 0, whole fit)" % (d["reduced_bytes"]/1e6, d["gathered_bytes"]/1e6, d["exchanged_bytes"]/1e6, d["broadcast_bytes"]/1e6, d["collective_calls"]))' "$WORK/last.json"; }

run_case() {  # name spec launcher-for-2
  local name=$1 spec=$2 how=$3 one=() two=() t
  for _ in $(seq "$ROUNDS"); do
    one+=("$(fit_seconds "$SS" --quiet --threads 1 --data "$WORK/store" train --model "$spec" --out "$WORK/m1.bin" --json)")
    if [ "$how" = mpi ]; then
      t=$(fit_seconds "${MPIRUN[@]}" "$SS" --quiet --threads 1 --data "$WORK/store" train --model "$spec" --out "$WORK/m2.bin" --json)
    else
      local port=$((29600 + RANDOM % 300))
      "$SS" --quiet --threads 1 --data "$WORK/store" train --model "$spec" --out "$WORK/m2r1.bin" --json \
        --world-size 2 --rank 1 --master 127.0.0.1:$port >/dev/null &
      t=$(fit_seconds "$SS" --quiet --threads 1 --data "$WORK/store" train --model "$spec" --out "$WORK/m2.bin" --json \
        --world-size 2 --rank 0 --master 127.0.0.1:$port)
      wait
    fi
    two+=("$t")
  done
  local m1 m2 c1 c2
  m1=$(median "${one[@]%/*}"); m2=$(median "${two[@]%/*}")
  c1=$(median "${one[@]#*/}"); c2=$(median "${two[@]#*/}")
  echo "$name (wall/cpu s per run): 1 process ${one[*]}, 2 processes ${two[*]}"
  echo "  median wall $m1 -> $m2 s: speed-up $(/usr/bin/python3 -c "print(round($m1/$m2,2))")x;" \
    "median CPU of one rank $c1 -> $c2 s: work per rank $(/usr/bin/python3 -c "print(round($c2/$c1,2))") of one process"
  echo "  $(volume)"
}

for c in $CASES; do
  case $c in
    ials) run_case "iALS $IALS (MPI)" "$IALS" mpi ;;
    knn) run_case "item-kNN $KNN (MPI)" "$KNN" mpi ;;
    deep) run_case "transformer $DEEP (Gloo)" "$DEEP" gloo ;;
  esac
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: USERS=$USERS ITEMS=$ITEMS ROUNDS=$ROUNDS CASES=\"$CASES\" bash bench/distrain/run.sh"
