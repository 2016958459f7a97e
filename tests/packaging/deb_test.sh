#!/usr/bin/env bash
# The Debian packages as a store's IT meets them: CPack builds touchpoint and touchpoint-service
# from this build tree; their metadata and contents are what docs/install.md says; unpacked into
# a scratch root (dpkg -x) the executables answer --version, accept their shipped configuration
# and the kiosk draws its screens from the unpacked texts, not the source tree's; and
# systemd-analyze verifies the units inside that root.
# Usage: deb_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
kiosk_deb=$(ls "$work"/out/touchpoint_*.deb) || fail "no touchpoint package"
service_deb=$(ls "$work"/out/touchpoint-service_*.deb) || fail "no touchpoint-service package"
version=$(sed -n 's/^project(Touchpoint VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")

# Metadata.
field() { dpkg-deb --field "$1" "$2"; }
[ "$(field "$kiosk_deb" Package)" = touchpoint ] || fail "kiosk package name"
[ "$(field "$service_deb" Package)" = touchpoint-service ] || fail "service package name"
[ "$(field "$kiosk_deb" Version)" = "$version" ] || fail "kiosk version $(field "$kiosk_deb" Version) is not $version"
kiosk_depends=$(field "$kiosk_deb" Depends)
for dep in fonts-dejavu-core cage systemd libsdl2 libsqlite3 libcurl; do
  grep -q "$dep" <<<"$kiosk_depends" || fail "touchpoint does not depend on $dep: $kiosk_depends"
done
service_depends=$(field "$service_deb" Depends)
for dep in systemd libsqlite3 libpq; do
  grep -q "$dep" <<<"$service_depends" || fail "touchpoint-service does not depend on $dep: $service_depends"
done
grep -q "libsdl2" <<<"$service_depends" && fail "touchpoint-service depends on SDL: $service_depends"
for deb in "$kiosk_deb" "$service_deb"; do
  info=$(dpkg-deb --info "$deb")
  for script in postinst prerm postrm conffiles; do
    grep -q " $script" <<<"$info" || fail "$(basename "$deb") has no $script"
  done
done

# Contents.
kiosk_files=$(dpkg-deb --contents "$kiosk_deb" | awk '{print $6}')
service_files=$(dpkg-deb --contents "$service_deb" | awk '{print $6}')
for f in ./usr/bin/touchpoint ./usr/share/touchpoint/strings/en.json ./usr/share/touchpoint/strings/languages.json \
         ./etc/touchpoint/touchpoint.toml ./lib/systemd/system/touchpoint-kiosk.service \
         ./usr/libexec/touchpoint/kiosk-condition ./usr/lib/sysusers.d/touchpoint.conf \
         ./usr/lib/tmpfiles.d/touchpoint.conf ./usr/share/doc/touchpoint/copyright; do
  grep -qx -- "$f" <<<"$kiosk_files" || fail "touchpoint lacks $f"
done
for f in ./usr/bin/touchpoint-service ./etc/touchpoint/service.toml ./lib/systemd/system/touchpoint-service.service \
         ./usr/lib/sysusers.d/touchpoint-service.conf ./usr/lib/tmpfiles.d/touchpoint-service.conf; do
  grep -qx -- "$f" <<<"$service_files" || fail "touchpoint-service lacks $f"
done
grep -E -q '\.ttf$|touchpoint-demo|touchpoint-service$' <<<"$kiosk_files" &&
  fail "touchpoint ships fonts, the demo or the service: $(grep -E '\.ttf$|touchpoint-demo|touchpoint-service$' <<<"$kiosk_files")"
grep -q 'usr/bin/touchpoint$' <<<"$service_files" && fail "touchpoint-service ships the kiosk"
dpkg-deb --contents "$kiosk_deb" | awk '$6=="./usr/libexec/touchpoint/kiosk-condition"{print $1}' | grep -q '^-..x' ||
  fail "kiosk-condition is not executable"
dpkg-deb --contents "$service_deb" | awk '$6=="./etc/touchpoint/service.toml"{print $1}' | grep -q '^-rw-r-----$' ||
  fail "service.toml (its keys) is readable by everyone"
sysusers=$(dpkg-deb --fsys-tarfile "$kiosk_deb" | tar -xO ./usr/lib/sysusers.d/touchpoint.conf)
grep -q '^u touchpoint .*/usr/sbin/nologin$' <<<"$sysusers" || fail "the kiosk's user has a login shell: $sysusers"
tmpfiles=$(dpkg-deb --fsys-tarfile "$kiosk_deb" | tar -xO ./usr/lib/tmpfiles.d/touchpoint.conf)
grep -q '^d /var/lib/touchpoint 0700 touchpoint touchpoint' <<<"$tmpfiles" || fail "state folder not 0700: $tmpfiles"

# Unpacked into a scratch root.
root="$work/root"
dpkg -x "$kiosk_deb" "$root"
dpkg -x "$service_deb" "$root"
[ "$("$root/usr/bin/touchpoint" --version)" = "touchpoint $version" ] || fail "touchpoint --version"
[ "$("$root/usr/bin/touchpoint-service" --version)" = "touchpoint-service $version" ] || fail "touchpoint-service --version"
"$root/usr/bin/touchpoint" --config "$root/etc/touchpoint/touchpoint.toml" --check-config >/dev/null ||
  fail "touchpoint refuses its shipped configuration"
"$root/usr/bin/touchpoint-service" --config "$root/etc/touchpoint/service.toml" --check-config >/dev/null ||
  fail "touchpoint-service refuses its shipped configuration"
# Every flag of --help is a documented key of the shipped file.
for pair in "touchpoint:touchpoint.toml" "touchpoint-service:service.toml"; do
  program=${pair%%:*}
  file="$root/etc/touchpoint/${pair#*:}"
  for flag in $("$root/usr/bin/$program" --help | grep -o -E '^ +--[a-z-]+' | tr -d ' '); do
    case "$flag" in --help|--version|--config|--check-config|--frames|--capture|--probe|--identify|--pin) continue ;; esac
    key=$(tr - _ <<<"${flag#--}")
    grep -E -q "^#? ?$key = " "$file" || fail "$program's $flag is not documented in ${pair#*:}"
  done
done
# A bad value in the shipped file stops the kiosk with its key.
sed 's/^# idle_timeout = 60$/idle_timeout = "soon"/' "$root/etc/touchpoint/touchpoint.toml" >"$work/bad.toml"
if out=$("$root/usr/bin/touchpoint" --config "$work/bad.toml" --check-config 2>&1); then fail "a bad idle_timeout was accepted"; fi
grep -q "idle_timeout must be a whole number" <<<"$out" || fail "the message does not name the key: $out"

# The unpacked kiosk draws from the unpacked texts: change one and see it on screen.
marker="Unpacked welcome"
python3 - "$root/usr/share/touchpoint/strings/en.json" "$marker" <<'PY'
import json, sys
path, marker = sys.argv[1], sys.argv[2]
table = json.load(open(path, encoding="utf-8"))
table["attract.title"] = marker
table["not_set_up.customers"] = marker
json.dump(table, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
mkdir -m 700 "$work/state"
# SDL's offscreen driver leaves its GL library's allocations (as in live_capture_test.sh).
env -u TOUCHPOINT_ASSETS SDL_VIDEODRIVER=offscreen "ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0" "$root/usr/bin/touchpoint" \
  --config "$root/etc/touchpoint/touchpoint.toml" --db "$work/state/kiosk.db" --no-fullscreen \
  --frames 3 --probe "$work/probe.json" >"$work/kiosk.log" 2>&1 || { cat "$work/kiosk.log"; fail "the unpacked kiosk did not run"; }
grep -q "$marker" "$work/probe.json" || fail "the unpacked kiosk did not draw the unpacked texts"

# The units, verified inside the root (with systemd's own units and the dependencies' commands).
cp -a /lib/systemd/system/. "$root/lib/systemd/system/" 2>/dev/null || true
mkdir -p "$root/usr/bin"
cp /usr/bin/cage "$root/usr/bin/cage"
for unit in touchpoint-kiosk.service touchpoint-service.service; do
  out=$(systemd-analyze --root="$root" verify "$root/lib/systemd/system/$unit" 2>&1) || fail "systemd-analyze verify $unit: $out"
  # Only what is said of our units counts: the host's own units, copied in, may draw warnings.
  ours=$(grep -E 'touchpoint|kiosk-condition' <<<"$out" || true)
  [ -z "$ours" ] || fail "systemd-analyze verify $unit warns: $ours"
done
# The check is not blind: a misspelt directive is reported.
sed 's/^WatchdogSec=/WatchdogSecs=/' "$root/lib/systemd/system/touchpoint-kiosk.service" >"$root/lib/systemd/system/broken-kiosk.service"
out=$(systemd-analyze --root="$root" verify "$root/lib/systemd/system/broken-kiosk.service" 2>&1) || true
grep -q "WatchdogSecs" <<<"$out" || fail "systemd-analyze did not see a misspelt directive: $out"
grep -q '^WatchdogSec=' "$root/lib/systemd/system/touchpoint-kiosk.service" || fail "the kiosk unit has no watchdog"
grep -q '^ExecStart=/usr/bin/cage ' "$root/lib/systemd/system/touchpoint-kiosk.service" || fail "the kiosk does not run under cage"
echo "packages built, checked, unpacked and verified: $(basename "$kiosk_deb") $(basename "$service_deb")"
