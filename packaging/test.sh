#!/usr/bin/env bash
# Installs dependencies, builds everything and runs every test (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DTOUCHPOINT_WERROR="${TOUCHPOINT_WERROR:-ON}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)" --timeout 600
