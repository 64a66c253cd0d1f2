#!/usr/bin/env bash
# Recommender quality on real public data, printed as tables with the command of each run.
#   Amazon Beauty / Sports (S3-Rec files): leave-last-out per user (last item test, second
#   last validation), ranking against ALL items, the user's earlier items excluded.
#   Taobao UserBehavior sample: global temporal cut (latest 20% of events test, the 10%
#   before validation), users without training history dropped.
# Usage: bench/eval/run.sh [beauty|sports|taobao ...]   (default: all three)
# Env: SS (binary, default build/shopsense), MODELS (space-separated specs), TUNE (search
#      spaces, ';'-separated), THREADS (default 2).
set -euo pipefail
ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
DATA=${SHOPSENSE_DATA:-$ROOT/../shared/data}
SS=${SS:-$ROOT/build/shopsense}
THREADS=${THREADS:-2}
METRICS=hr@5,ndcg@5,hr@10,ndcg@10,hr@20,ndcg@20
DEFAULT_MODELS="pop itemknn userknn ease:lambda=500 rp3beta ials bpr markov"
MODELS=${MODELS:-$DEFAULT_MODELS}
TUNE=${TUNE:-}
SETS=${*:-beauty sports taobao}

run() {  # name, input format, file, protocol args...
  local name=$1 fmt=$2 file=$3; shift 3
  if [ ! -f "$file" ]; then
    echo "skipping $name: $file not found (set SHOPSENSE_DATA to the shared data folder)"
    return 0
  fi
  local args=(--threads "$THREADS" evaluate --input-format "$fmt" --input "$file" --metrics "$METRICS" "$@")
  for m in $MODELS; do args+=(--model "$m"); done
  if [ -n "$TUNE" ]; then
    IFS=';' read -ra spaces <<< "$TUNE"
    for t in "${spaces[@]}"; do args+=(--tune "$t"); done
  fi
  echo "### $name"
  echo
  printf '```\n%s' "$(basename "$SS")"
  for a in "${args[@]}"; do
    if [[ $a =~ ^[A-Za-z0-9_./@=:,+-]+$ ]]; then printf ' %s' "$a"; else printf " '%s'" "$a"; fi
  done
  printf '\n```\n\n'
  local t0=$SECONDS
  "$SS" "${args[@]}"
  echo
  echo "(wall time $((SECONDS - t0)) s on $THREADS threads)"
  echo
}

for s in $SETS; do
  case $s in
    beauty) run "Amazon Beauty (S3-Rec leave-last-out)" s3rec "$DATA/amazon/Beauty.txt" --protocol leave-last-out ;;
    sports) run "Amazon Sports and Outdoors (S3-Rec leave-last-out)" s3rec "$DATA/amazon/Sports_and_Outdoors.txt" --protocol leave-last-out ;;
    taobao) run "Taobao UserBehavior sample (temporal cut)" taobao "$DATA/taobao/UserBehavior_timeslice_95k.csv" \
              --protocol temporal --test-fraction 0.2 --validation-fraction 0.1 ;;
    *) echo "unknown data set '$s' (beauty, sports, taobao)"; exit 2 ;;
  esac
done
