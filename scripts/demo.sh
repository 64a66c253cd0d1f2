#!/usr/bin/env bash
# The main job end to end on an embedded default: installs what is missing, builds, then
# runs each step in scripts/demo.d/ in order on a generated sample shop in ./demo-data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export SS=build/shopsense DEMO_DIR=${DEMO_DIR:-demo-data}
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
for step in scripts/demo.d/*.sh; do
  echo
  echo "=== $(basename "$step" .sh) ==="
  bash "$step"
done
echo
echo "Demo finished. Data, reports and models are in $DEMO_DIR/."
