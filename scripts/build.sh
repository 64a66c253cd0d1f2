#!/usr/bin/env bash
# Configures and builds into build/ (or $BUILD_DIR). Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
# The web dashboard (web/dashboard/dist, served by `shopsense serve` at /), rebuilt when its
# sources are newer than the last build. Skipped with a note where npm is missing.
DASH=web/dashboard
if [ -f "$DASH/package-lock.json" ]; then
  if ! command -v npm >/dev/null || [ ! -d "$DASH/node_modules" ]; then
    echo "build: dashboard skipped (run scripts/install-deps.sh for npm and web/dashboard/node_modules)"
  elif [ ! -f "$DASH/dist/index.html" ] || [ -n "$(find "$DASH/src" "$DASH/index.html" "$DASH/vite.config.js" "$DASH/package-lock.json" -newer "$DASH/dist/index.html" -print -quit)" ]; then
    echo "build: web dashboard (vite build)"
    (cd "$DASH" && npx --no-install vite build --logLevel warn)
  fi
fi
