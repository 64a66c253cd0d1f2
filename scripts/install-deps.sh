#!/usr/bin/env bash
# Installs every Debian 12 package ShopSense needs to build, test and benchmark.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas-openmp-dev libgloo-dev libjemalloc-dev
  libfaiss-dev libhnswlib-dev libxgboost-dev xgboost libboost-dev libcpp-httplib-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libspdlog-dev libfmt-dev libtomlplusplus-dev
  libsqlite3-dev libsodium-dev libeigen3-dev libtbb-dev libzstd-dev zlib1g-dev libxxhash-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev libopenmpi-dev openmpi-bin
  wrk nginx sqlite3 python3 python3-numpy python3-pandas python3-scipy python3-sklearn python3-torch
  chromium
)
# npm fetches the report's charting library; machines with their own Node keep it.
command -v npm >/dev/null || PACKAGES+=(npm)
# The HTML report's charting library (ECharts, pinned in web/report/package-lock.json) is
# compiled into the binary; fetch it once if missing.
# The web dashboard's build tools (Vite, React, ECharts; playwright-core drives Debian's
# chromium in the e2e test) are pinned in web/dashboard/package-lock.json.
install_web_assets() {
  local dir root
  root="$(cd "$(dirname "$0")/.." && pwd)"
  dir="$root/web/report"
  if [ ! -f "$dir/node_modules/echarts/dist/echarts.min.js" ]; then
    command -v npm >/dev/null || { echo "install-deps: npm is needed for web/report (apt-get install npm)"; exit 1; }
    echo "install-deps: npm ci in web/report"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
  dir="$root/web/dashboard"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in web/dashboard"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_web_assets
  exit 0
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
install_web_assets
