#!/usr/bin/env bash
# packaging/run.sh's live capture shows a live screen: the kiosk, run offscreen against the real
# reference service as run.sh runs it (enrolled, synced, --identify with a demo customer's
# loyalty number and PIN), draws that customer's home, and its last frame is not the attract
# screen the same kiosk shows without --identify.
# Usage: live_capture_test.sh SOURCE_DIR TOUCHPOINT TOUCHPOINT_SERVICE
set -euo pipefail
source_dir=$1
touchpoint=$2
service=$3
identify=(--identify LOY01242486 --pin 1234)  # José García of the demo data (README)
grep -q -- "${identify[*]} --capture out/kiosk-live.png" "$source_dir/packaging/run.sh" ||
  { echo "run.sh's live capture does not identify the demo customer"; exit 1; }

work=$(mktemp -d)
service_pid=
cleanup() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$service" --port 0 --db "$work/service.db" --seed-demo 40 --demo >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$work/service.log" 2>/dev/null && break
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.1
done
url="http://$(sed -n 's/^listening on //p' "$work/service.log" | head -n 1)"
"$touchpoint" enroll --service "$url" --code KIOSK-S1-01 --name "Live capture test" --db "$work/kiosk.db" >/dev/null
"$touchpoint" sync --db "$work/kiosk.db" >/dev/null

# SDL's offscreen video driver leaves allocations of the GL library it loads (LeakSanitizer
# cannot even name the module): a sanitized build runs these kiosks without leak detection.
offscreen=(env SDL_VIDEODRIVER=offscreen "ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0")
capture() {  # NAME [ARGS...]: the kiosk's last frame as NAME.png, what it showed as NAME.json
  local name=$1
  shift
  "${offscreen[@]}" "$touchpoint" --db "$work/kiosk.db" --frames 30 --capture "$work/$name.png" \
    --probe "$work/$name.json" "$@" >/dev/null
}
capture live "${identify[@]}"
capture idle

grep -q '"screen":"customer-home"' "$work/live.json" || { echo "live capture shows: $(grep -o '"screen":"[^"]*"' "$work/live.json")"; exit 1; }
grep -q '"customer_id":"C' "$work/live.json" || { echo "live capture serves no customer"; exit 1; }
grep -q 'José' "$work/live.json" || { echo "live capture does not greet José"; exit 1; }
grep -q '"screen":"attract"' "$work/idle.json" || { echo "without --identify the kiosk is not on attract"; exit 1; }
if cmp -s "$work/live.png" "$work/idle.png"; then
  echo "the live capture is the attract screen"
  exit 1
fi
# A wrong PIN is refused with the plain reason, and nothing is captured.
if "${offscreen[@]}" "$touchpoint" --db "$work/kiosk.db" --frames 5 --capture "$work/wrong.png" \
     --identify LOY01242486 --pin 9999 2>"$work/wrong.log"; then
  echo "a wrong PIN was accepted"
  exit 1
fi
[ ! -e "$work/wrong.png" ] || { echo "a capture was written after a wrong PIN"; exit 1; }
echo "live capture: customer home ($(stat -c %s "$work/live.png") bytes), attract without --identify"
