#!/usr/bin/env bash
# Builds the Debian packages touchpoint and touchpoint-service from a Release tree (build-rel/)
# into out/packages/. Install them on a Debian 12 machine with
#   apt install ./out/packages/touchpoint_*.deb ./out/packages/touchpoint-service_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build_dir="${BUILD_DIR:-build-rel}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DTOUCHPOINT_SANITIZE=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target touchpoint touchpoint-service
out_dir="$PWD/out/packages"
mkdir -p "$out_dir"
(cd "$build_dir" && cpack -G DEB -B "$out_dir/.cpack")
mv out/packages/.cpack/*.deb out/packages/
rm -rf out/packages/.cpack
ls -l out/packages/*.deb
