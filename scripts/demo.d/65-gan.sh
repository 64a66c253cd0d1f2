#!/usr/bin/env bash
# CFGAN: a generator/discriminator pair over users' interaction vectors. It recommends like
# any model, and writes new synthetic users (an ingestible events.csv) with a report on how
# faithful they are to the real ones and that none of them copies a real user.
set -euo pipefail
STORE="$DEMO_DIR/store"
[ -d "$STORE" ] || { echo "no store at $STORE; skipping the GAN step"; exit 0; }
M="$DEMO_DIR/models"
mkdir -p "$M"
"$SS" --data "$STORE" train --model "cfgan:hidden=128,epochs=30,batch=64,lr=0.002,max_minutes=1" --out "$M/cfgan.bin"
"$SS" --data "$STORE" recommend --model-file "$M/cfgan.bin" --user u7 --k 5 --reasons
"$SS" --data "$STORE" generate --from-gan "$M/cfgan.bin" --users 1000 --out "$DEMO_DIR/gan_users"
head -n 3 "$DEMO_DIR/gan_users/events.csv"
