#!/usr/bin/env bash
# The main job: installs dependencies, builds, starts the reference service with demo data,
# enrolls a kiosk against it and runs the kiosk. With a display it opens a window; without one
# it runs the kiosk offscreen for a few seconds, serving a demo customer identified by loyalty
# number and PIN, saves its last frame and writes screenshots to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build_dir="${BUILD_DIR:-build}"
# Only what this job runs: the kiosk and the reference service, not the test suites.
run_targets=(touchpoint touchpoint-demo touchpoint-service)
cmake -S . -B "$build_dir" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "${run_targets[@]}"

data_dir="${TOUCHPOINT_DEMO_DIR:-demo-data}"
mkdir -p "$data_dir" out
service_log="$data_dir/service.log"
rm -f "$data_dir"/service.db* "$data_dir"/kiosk.db*

"$build_dir"/sync/service/touchpoint-service --port "${TOUCHPOINT_PORT:-0}" \
  --db "$data_dir/service.db" --seed-demo 40 --demo >"$service_log" 2>&1 &
service_pid=$!
trap 'kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$service_log" 2>/dev/null && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$service_log"; exit 1; }
  sleep 0.1
done
url="http://$(sed -n 's/^listening on //p' "$service_log" | head -n 1)"
echo "touchpoint-service with demo data at $url (log: $service_log)"

touchpoint="$build_dir/platform/touchpoint"
"$touchpoint" enroll --service "$url" --code KIOSK-S1-01 --name "Demo kiosk" --db "$data_dir/kiosk.db"
"$touchpoint" sync --db "$data_dir/kiosk.db"
echo "Demo: identify as José García with loyalty number LOY01242486 (every demo customer's PIN is 1234)."
echo "      Staff: rep R1 PIN 2468, technician T1 PIN 1357."

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$touchpoint" --db "$data_dir/kiosk.db" "$@"
else
  echo "No display: running the kiosk offscreen against the service for 300 frames, serving José García."
  SDL_VIDEODRIVER=offscreen "$touchpoint" --db "$data_dir/kiosk.db" --frames 300 \
    --identify LOY01242486 --pin 1234 --capture out/kiosk-live.png "$@"
  for scene in attract customer-home case-detail; do
    "$build_dir/platform/kiosk/touchpoint-demo" --screenshot "out/$scene.png" --scene "$scene"
  done
  echo "Screenshots of the kiosk are in out/."
fi
