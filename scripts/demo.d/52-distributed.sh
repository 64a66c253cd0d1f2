#!/usr/bin/env bash
# Distributed training on one machine: iALS over 2 MPI ranks (mpirun), then a small
# transformer over 2 c10d Gloo ranks (two processes meeting at 127.0.0.1). Rank 0 writes
# the same model file a single process would; `recommend` uses it unchanged.
set -euo pipefail
STORE="$DEMO_DIR/store"
if [ ! -d "$STORE" ]; then
  echo "no store at $STORE (the ingest step makes it); skipping the distributed step"
  exit 0
fi
M="$DEMO_DIR/models"
mkdir -p "$M"
if command -v mpirun >/dev/null; then
  mpirun --allow-run-as-root --oversubscribe -np 2 "$SS" --threads 1 --data "$STORE" \
    train --model "ials:factors=32,iters=10" --out "$M/ials-mpi.bin"
  "$SS" --data "$STORE" recommend --model-file "$M/ials-mpi.bin" --user u7 --k 3 --reasons
else
  echo "mpirun not installed (apt-get install openmpi-bin); skipping the MPI part"
fi
if "$SS" models | grep -q '^sasrec:'; then
  SPEC="sasrec:dim=32,layers=1,max_len=20,epochs=1,val_users=300,threads=1"
  PORT=$((29700 + RANDOM % 200))
  "$SS" --threads 1 --data "$STORE" train --model "$SPEC" --out "$M/sasrec-gloo.bin" \
    --world-size 2 --rank 1 --master "127.0.0.1:$PORT" >/dev/null &
  "$SS" --threads 1 --data "$STORE" train --model "$SPEC" --out "$M/sasrec-gloo.bin" \
    --world-size 2 --rank 0 --master "127.0.0.1:$PORT"
  wait
  "$SS" --data "$STORE" recommend --model-file "$M/sasrec-gloo.bin" --user u7 --k 3
fi
