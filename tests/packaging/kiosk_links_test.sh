#!/usr/bin/env bash
# The production kiosk links neither the reference service nor its demo data: no symbol of the
# tp::service namespace and no demo fixture is in the `touchpoint` executable, while the demo
# program, which does link them, has both (so the check can fail).
# Usage: kiosk_links_test.sh TOUCHPOINT TOUCHPOINT_DEMO
set -euo pipefail
kiosk=$1
demo=$2
service_symbols() { nm -C "$1" | grep -c ' tp::service::' || true; }
[ "$(service_symbols "$demo")" -gt 0 ] || { echo "touchpoint-demo has no service symbols: the check is blind"; exit 1; }
count=$(service_symbols "$kiosk")
if [ "$count" -ne 0 ]; then
  echo "touchpoint links $count symbols of the reference service:"
  nm -C "$kiosk" | grep ' tp::service::' | head
  exit 1
fi
# The demo staff (demo_data.cpp: Rosa Jiménez, PIN 2468) stays out of the kiosk.
if grep -a -q 'Rosa Jim' "$kiosk"; then echo "touchpoint holds the demo staff"; exit 1; fi
grep -a -q 'Rosa Jim' "$demo" || { echo "touchpoint-demo lacks the demo staff: the check is blind"; exit 1; }
echo "touchpoint links no service code; touchpoint-demo does"
